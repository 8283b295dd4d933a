/**
 * The credential store against the local Secrets Manager endpoint (real SDK client) and
 * DynamoDB Local (locks): refreshes are serialised, never spend a token twice, never lose a
 * refresh token, and never overwrite another account's credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { createCredentialStore, mergeCredentials } from '../../../shared/networks/accounts/credentials.js';
import { createLocks } from '../../../shared/platform/store/locks.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const SECRET = 'pillars/network-credentials';
let services: AwsServices;
let table: TestTable;
let client: SecretsManagerClient;

beforeAll(async () => {
  services = await startAwsServices({
    onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined,
    secrets: { [SECRET]: JSON.stringify({ a: { accessToken: 'a1', refreshToken: 'ra1' }, b: { accessToken: 'b1', refreshToken: 'rb1' }, 'app:x': { clientId: 'cid' } }) },
  });
  table = await createTestTable();
  client = new SecretsManagerClient({ endpoint: services.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});

afterAll(async () => {
  client?.destroy();
  await table?.drop();
  await services?.close();
});

const stored = async () => JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: SECRET }))).SecretString!) as Record<string, any>;

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
    // The lock's table client, telling each time a caller is refused the lock because another holds it.
    let refused = () => {};
    const locksClient = {
      send: (command: PutCommand | DeleteCommand) => table.documentClient.send(command as PutCommand).catch((error: unknown) => {
        if (error instanceof ConditionalCheckFailedException) refused();
        throw error;
      }),
    } as unknown as DynamoDBDocumentClient;
    const store = createCredentialStore(client, SECRET, createLocks(locksClient, table.tableName, { waitMs: 20_000 }));
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
      store.refresh('a', { accessToken: 'a1' }, refreshA),
      store.refresh('a', { accessToken: 'a1' }, refreshA),
      store.refresh('b', { accessToken: 'b1' }, refreshB),
      store.refresh('a', { accessToken: 'a1' }, refreshA),
    ]);

    expect(refreshesOfA).toBe(1);
    expect(results.map((r) => r.accessToken)).toEqual(['a2-from-ra1', 'a2-from-ra1', 'b2', 'a2-from-ra1']);
    const secret = await stored();
    expect(secret.a).toEqual({ accessToken: 'a2-from-ra1', refreshToken: 'ra2' });
    expect(secret.b).toEqual({ accessToken: 'b2', refreshToken: 'rb1' });
    expect(secret['app:x']).toEqual({ clientId: 'cid' });
    expect(await store.app('x')).toEqual({ clientId: 'cid' });
  });
});
