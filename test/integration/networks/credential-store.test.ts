/**
 * The credential store against the local Secrets Manager endpoint (real SDK client) and
 * DynamoDB Local (locks, accounts): credentials are read and written per brand and account, in
 * the brand's own secret; an old-style entry of the shared secret is read (and refreshed in place)
 * only for the brand that owns that account; refreshes are serialised, never spend a token twice,
 * never lose a refresh token, and never overwrite another account's or another brand's credentials.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { createCredentialStore, mergeCredentials, type CredentialStore } from '../../../shared/networks/accounts/credentials.js';
import { legacyCredentialOwner } from '../../../shared/networks/accounts/legacy-credentials.js';
import { createAccountsRepository, type AccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { brandCredentialsSecretName } from '../../../shared/contracts/resource-names.js';
import type { NetworkCredentials } from '../../../shared/networks/contract.js';
import { createLocks } from '../../../shared/platform/store/locks.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const SHARED = 'pillars/network-credentials';
let services: AwsServices;
let table: TestTable;
let client: SecretsManagerClient;
let accounts: AccountsRepository;

beforeAll(async () => {
  services = await startAwsServices({
    onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined,
    secrets: { [SHARED]: JSON.stringify({ 'app:x': { clientId: 'cid' } }) },
  });
  table = await createTestTable();
  accounts = createAccountsRepository(table.documentClient, table.tableName);
  client = new SecretsManagerClient({ endpoint: services.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});

afterAll(async () => {
  client?.destroy();
  await table?.drop();
  await services?.close();
});

const stored = async (secretId: string) => JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString!) as Record<string, any>;
const newBrand = () => `brand-${randomUUID().slice(0, 8)}`;
const putBrandSecret = (brandId: string, value: Record<string, NetworkCredentials>) => services.putSecret(brandCredentialsSecretName(brandId), JSON.stringify(value));
/** Adds old-style entries to the shared secret, keeping what it holds. */
const putShared = async (entries: Record<string, NetworkCredentials>) => services.putSecret(SHARED, JSON.stringify({ ...(await stored(SHARED)), ...entries }));

function store(options: { legacy?: boolean; locksClient?: DynamoDBDocumentClient } = {}): CredentialStore {
  return createCredentialStore({
    client, sharedSecretId: SHARED, cacheMs: 0,
    withLock: createLocks(options.locksClient ?? table.documentClient, table.tableName, { waitMs: 20_000 }),
    legacyOwner: options.legacy ? legacyCredentialOwner(accounts, 0) : undefined,
  });
}

describe('mergeCredentials', () => {
  it('keeps the old refresh token when the network sends none, and takes a rotated one', () => {
    expect(mergeCredentials({ accessToken: 'a', refreshToken: 'r' }, { accessToken: 'b', refreshToken: '' })).toEqual({ accessToken: 'b', refreshToken: 'r' });
    expect(mergeCredentials({ accessToken: 'a', refreshToken: 'r' }, { accessToken: 'b', refreshToken: 'r2' })).toEqual({ accessToken: 'b', refreshToken: 'r2' });
  });

  it('keeps the refresh token\'s expiry with the token it belongs to', () => {
    const current = { accessToken: 'a', refreshToken: 'r', refreshExpiresAt: '2027-01-01T00:00:00.000Z' };
    expect(mergeCredentials(current, { accessToken: 'b' })).toMatchObject({ refreshToken: 'r', refreshExpiresAt: '2027-01-01T00:00:00.000Z' });
    expect(mergeCredentials(current, { accessToken: 'b', refreshToken: 'r2', refreshExpiresAt: '2027-06-01T00:00:00.000Z' })).toMatchObject({ refreshToken: 'r2', refreshExpiresAt: '2027-06-01T00:00:00.000Z' });
    expect(mergeCredentials(current, { accessToken: 'b', refreshToken: 'r3' }).refreshExpiresAt).toBeUndefined();
  });
});

describe('createCredentialStore', () => {
  it('refreshes each account once under concurrency and keeps the other accounts intact', async () => {
    const brandId = newBrand();
    putBrandSecret(brandId, { a: { accessToken: 'a1', refreshToken: 'ra1' }, b: { accessToken: 'b1', refreshToken: 'rb1' } });
    // The lock's table client, telling each time a caller is refused the lock because another holds it.
    let refused = () => {};
    const locksClient = {
      send: (command: PutCommand | DeleteCommand) => table.documentClient.send(command as PutCommand).catch((error: unknown) => {
        if (error instanceof ConditionalCheckFailedException) refused();
        throw error;
      }),
    } as unknown as DynamoDBDocumentClient;
    const credentials = store({ locksClient });
    let refreshesOfA = 0;
    const refreshA = async (current: { refreshToken?: string }) => {
      refreshesOfA++;
      // Holds the lock until the other callers have been refused it twice, so they really wait on this refresh.
      let refusals = 0;
      await new Promise<void>((othersWaited) => { refused = () => { if (++refusals === 2) othersWaited(); }; });
      return { accessToken: `a2-from-${current.refreshToken}`, refreshToken: 'ra2' };
    };
    const refreshB = async () => ({ accessToken: 'b2', refreshToken: '' });

    const results = await Promise.all([
      credentials.refresh({ brandId, accountId: 'a' }, { accessToken: 'a1' }, refreshA),
      credentials.refresh({ brandId, accountId: 'a' }, { accessToken: 'a1' }, refreshA),
      credentials.refresh({ brandId, accountId: 'b' }, { accessToken: 'b1' }, refreshB),
      credentials.refresh({ brandId, accountId: 'a' }, { accessToken: 'a1' }, refreshA),
    ]);

    expect(refreshesOfA).toBe(1);
    expect(results.map((r) => r.accessToken)).toEqual(['a2-from-ra1', 'a2-from-ra1', 'b2', 'a2-from-ra1']);
    const secret = await stored(brandCredentialsSecretName(brandId));
    expect(secret.a).toEqual({ accessToken: 'a2-from-ra1', refreshToken: 'ra2' });
    expect(secret.b).toEqual({ accessToken: 'b2', refreshToken: 'rb1' });
    expect(await credentials.app('x')).toEqual({ clientId: 'cid' });
  });

  it("reads and refreshes the same account id in two brands as two accounts, never touching the other brand's token", async () => {
    const [brandA, brandB] = [newBrand(), newBrand()];
    putBrandSecret(brandA, { 'x-main': { accessToken: 'token-of-a', refreshToken: 'refresh-of-a' } });
    putBrandSecret(brandB, { 'x-main': { accessToken: 'token-of-b', refreshToken: 'refresh-of-b' } });
    const credentials = store({ legacy: true });

    expect(await credentials.get({ brandId: brandA, accountId: 'x-main' })).toMatchObject({ accessToken: 'token-of-a' });
    expect(await credentials.get({ brandId: brandB, accountId: 'x-main' })).toMatchObject({ accessToken: 'token-of-b' });

    const seen: string[] = [];
    await credentials.refresh({ brandId: brandB, accountId: 'x-main' }, { accessToken: 'token-of-b' }, async (current) => {
      seen.push(current.refreshToken!);
      return { accessToken: 'token-of-b-2' };
    });
    expect(seen).toEqual(['refresh-of-b']);
    expect((await stored(brandCredentialsSecretName(brandA)))['x-main']).toEqual({ accessToken: 'token-of-a', refreshToken: 'refresh-of-a' });
    expect((await stored(brandCredentialsSecretName(brandB)))['x-main']).toEqual({ accessToken: 'token-of-b-2', refreshToken: 'refresh-of-b' });
  });

  it('finds nothing for a brand without a secret, even when another brand has the account id', async () => {
    const [owner, stranger] = [newBrand(), newBrand()];
    putBrandSecret(owner, { 'mastodon-main': { accessToken: 'owner-token' } });
    const credentials = store({ legacy: true });
    expect(await credentials.get({ brandId: stranger, accountId: 'mastodon-main' })).toBeUndefined();
    expect(await credentials.get({ brandId: owner, accountId: 'constructor' })).toBeUndefined();
  });

  it('refuses a brand id that could name another secret', async () => {
    await expect(store().get({ brandId: 'a/b', accountId: 'x' })).rejects.toThrow('not a brand id');
  });
});

describe('old-style entries of the shared secret (from before credentials were kept per brand)', () => {
  it('are read, and refreshed in place, only for the brand whose account was connected before the upgrade', async () => {
    const [owner, newcomer] = [newBrand(), newBrand()];
    const accountId = `x-${randomUUID().slice(0, 8)}`;
    await accounts.put({ brandId: owner, accountId, network: 'x', handle: '@owner', baseUrl: 'https://api.x.com', externalId: '1' });
    // Connected since: another brand's account with the same id, pointing at its own server.
    await accounts.put({ brandId: newcomer, accountId, network: 'x', handle: '@b', baseUrl: 'https://b.example', externalId: '2', connectedAt: '2027-01-01T00:00:00.000Z' });
    await putShared({ [accountId]: { accessToken: 'old-style', refreshToken: 'old-refresh' } });
    const credentials = store({ legacy: true });

    expect(await credentials.get({ brandId: owner, accountId })).toMatchObject({ accessToken: 'old-style' });
    expect(await credentials.get({ brandId: newcomer, accountId })).toBeUndefined();

    await credentials.refresh({ brandId: owner, accountId }, { accessToken: 'old-style' }, async () => ({ accessToken: 'refreshed' }));
    expect((await stored(SHARED))[accountId]).toEqual({ accessToken: 'refreshed', refreshToken: 'old-refresh' });
    expect(await credentials.get({ brandId: owner, accountId })).toMatchObject({ accessToken: 'refreshed' });
    expect(await credentials.get({ brandId: newcomer, accountId })).toBeUndefined();
  });

  it("give way to the brand's own secret once the entry is moved there", async () => {
    const owner = newBrand();
    const accountId = `li-${randomUUID().slice(0, 8)}`;
    await accounts.put({ brandId: owner, accountId, network: 'linkedin', handle: 'Owner', baseUrl: 'https://api.linkedin.com', externalId: 'urn:li:organization:1' });
    await putShared({ [accountId]: { accessToken: 'old-style' } });
    putBrandSecret(owner, { [accountId]: { accessToken: 'moved' } });
    expect(await store({ legacy: true }).get({ brandId: owner, accountId })).toMatchObject({ accessToken: 'moved' });
  });

  it('are read by no brand when several brands had the account id before the upgrade', async () => {
    const [first, second] = [newBrand(), newBrand()];
    const accountId = `m-${randomUUID().slice(0, 8)}`;
    for (const brandId of [first, second]) await accounts.put({ brandId, accountId, network: 'mastodon', handle: '@m', baseUrl: 'https://m.example' });
    await putShared({ [accountId]: { accessToken: 'whose' } });
    const credentials = store({ legacy: true });
    expect(await credentials.get({ brandId: first, accountId })).toBeUndefined();
    expect(await credentials.get({ brandId: second, accountId })).toBeUndefined();
  });

  it('are read by no brand where the store is not told who owns them', async () => {
    const owner = newBrand();
    const accountId = `t-${randomUUID().slice(0, 8)}`;
    await accounts.put({ brandId: owner, accountId, network: 'threads', handle: '@t', baseUrl: 'https://graph.threads.net', externalId: '3' });
    await putShared({ [accountId]: { accessToken: 'old-style' } });
    expect(await store().get({ brandId: owner, accountId })).toBeUndefined();
  });
});
