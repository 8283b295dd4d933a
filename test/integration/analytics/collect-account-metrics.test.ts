/**
 * The daily account-metrics collector end to end: accounts and snapshots in DynamoDB Local,
 * credentials in the local Secrets Manager, and the real Bluesky adapter against two Bluesky
 * stand-ins (one per account, so a fault hits exactly one). Only the event publisher and the
 * wait between retries are recording functions.
 */
import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { startBlueskyStandIn, type BlueskyStandIn } from '../../../local/stand-ins/bluesky/server.js';
import { accountEngagementAt } from '../../../local/stand-ins/engagement.js';
import { collectAccountMetrics, type AccountCollectPolicy, type CollectAccountMetricsDeps } from '../../../shared/analytics/collect-account-metrics.js';
import { emptyAccountMetrics } from '../../../shared/contracts/metric-names.js';
import { AccountMetricsCollected } from '../../../shared/contracts/events/catalogue.js';
import type { OutgoingEvent } from '../../../shared/platform/events/publisher.js';
import { createBlueskyAdapter } from '../../../shared/networks/bluesky/adapter.js';
import type { NetworkAccount, NetworkCredentials } from '../../../shared/networks/contract.js';
import { createCredentialStore } from '../../../shared/networks/accounts/credentials.js';
import { brandCredentialsSecretName } from '../../../shared/contracts/resource-names.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createLocks } from '../../../shared/platform/store/locks.js';
import { createSnapshotsRepository, type SnapshotsRepository } from '../../../shared/analytics/store/snapshots-repository.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../helpers/local-clients.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const SECRET_ID = 'pillars/network-credentials';
const START = Date.parse('2026-06-01T06:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const POLICY: AccountCollectPolicy = { attempts: 3, maxWaitMs: 30_000, concurrency: 4 };

let services: AwsServices;

beforeAll(async () => {
  services = await startAwsServices({ onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, secrets: { [SECRET_ID]: '{}' } });
});

afterAll(async () => {
  await services?.close();
});

describe('Analytics: collectAccountMetrics against DynamoDB Local and the Bluesky stand-in', () => {
  // A fresh table per test: the collector reads every brand's accounts.
  let table: TestTable;
  let secretsClient: SecretsManagerClient;
  let aliceNetwork: BlueskyStandIn;
  let bobNetwork: BlueskyStandIn;
  let clock: number;
  let brandId: string;
  let snapshots: SnapshotsRepository;
  let published: { detailType: string; detail: Record<string, unknown> }[];
  let waits: number[];
  let deps: CollectAccountMetricsDeps;
  let alice: NetworkAccount;
  let bob: NetworkAccount;

  beforeEach(async () => {
    clock = START;
    brandId = `brand-${randomUUID()}`;
    [table, aliceNetwork, bobNetwork] = await Promise.all([
      createTestTable('collect-account-metrics'),
      // Access JWTs that outlive the clock's jumps: expiry is the post collector's test.
      startBlueskyStandIn({ now: () => clock, accessTokenTtlSeconds: 30 * 24 * 3600 }),
      startBlueskyStandIn({ now: () => clock, accessTokenTtlSeconds: 30 * 24 * 3600 }),
    ]);
    const accounts = createAccountsRepository(table.documentClient, table.tableName);
    const secret: Record<string, NetworkCredentials> = {};
    const connect = async (network: BlueskyStandIn, accountId: string, handle: string) => {
      const session = network.addAccount({ handle, password: 'app-password' });
      const account: NetworkAccount = { brandId, accountId, network: 'bluesky', handle: `@${handle}`, baseUrl: network.url, externalId: session.did };
      await accounts.put(account);
      secret[accountId] = { accessToken: session.accessJwt, refreshToken: session.refreshJwt };
      return account;
    };
    alice = await connect(aliceNetwork, 'bsky-alice', 'alice.test');
    bob = await connect(bobNetwork, 'bsky-bob', 'bob.test');
    services.putSecret(brandCredentialsSecretName(brandId), JSON.stringify(secret));

    secretsClient = new SecretsManagerClient({ endpoint: services.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    const store = createCredentialStore({ client: secretsClient, sharedSecretId: SECRET_ID, withLock: createLocks(table.documentClient, table.tableName), cacheMs: 0 });
    snapshots = createSnapshotsRepository(table.documentClient, table.tableName);
    published = [];
    waits = [];
    deps = {
      snapshots,
      accounts,
      adapters: createAdapterRegistry([createBlueskyAdapter({ now: () => clock })]),
      credentials: store.get,
      publish: async (events: OutgoingEvent[]) => {
        for (const e of events) published.push({ detailType: e.entry.detailType, detail: e.entry.schema.parse(e.detail) as Record<string, unknown> });
      },
      now: () => new Date(clock),
      // The wait passes on the injected clock instead of the wall clock.
      sleep: async (ms) => { waits.push(ms); clock += ms; },
    };
  });

  afterEach(async () => {
    secretsClient.destroy();
    await Promise.all([aliceNetwork.close(), bobNetwork.close(), table.drop()]);
  });

  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const storedOn = (day: string) => snapshots.listAccountSnapshots(brandId, day, day);
  const byAccount = <T extends { accountId: unknown }>(items: T[]) => [...items].sort((a, b) => String(a.accountId).localeCompare(String(b.accountId)));
  /** What Bluesky gives for an account: followers from the stand-in's curve, nothing else. */
  const blueskyValues = (account: NetworkAccount, ageMs: number) => ({ ...emptyAccountMetrics(), followers: accountEngagementAt(account.externalId!, ageMs).followers });

  it('stores one snapshot per account for the day with followers from the network, and announces each', async () => {
    clock = START + 3 * DAY;

    expect(await collectAccountMetrics(deps, POLICY)).toEqual({ accounts: 2, missing: 0 });

    const stored = byAccount(await storedOn(dayOf(clock)));
    expect(stored.map((s) => [s.accountId, s.day, s.observedAt, s.partial, s.values])).toEqual([
      [alice.accountId, '2026-06-04', new Date(clock).toISOString(), false, blueskyValues(alice, 3 * DAY)],
      [bob.accountId, '2026-06-04', new Date(clock).toISOString(), false, blueskyValues(bob, 3 * DAY)],
    ]);
    expect(stored[0]!.values.followers).toBeGreaterThan(accountEngagementAt(alice.externalId!, 0).followers);
    expect(byAccount(published.map((e) => ({ accountId: e.detail.accountId, ...e.detail, detailType: e.detailType })))).toEqual([
      expect.objectContaining({ detailType: AccountMetricsCollected.detailType, accountId: alice.accountId, day: '2026-06-04', values: stored[0]!.values }),
      expect.objectContaining({ detailType: AccountMetricsCollected.detailType, accountId: bob.accountId, day: '2026-06-04', values: stored[1]!.values }),
    ]);
  });

  it('keeps one snapshot per account and day when it runs twice that day, the later reading in it', async () => {
    clock = START + DAY;
    await collectAccountMetrics(deps, POLICY);
    clock += 12 * HOUR;

    await collectAccountMetrics(deps, POLICY);

    const stored = byAccount(await storedOn(dayOf(clock)));
    expect(stored.map((s) => [s.accountId, s.observedAt])).toEqual([
      [alice.accountId, new Date(clock).toISOString()],
      [bob.accountId, new Date(clock).toISOString()],
    ]);
    expect(stored[0]!.values).toEqual(blueskyValues(alice, DAY + 12 * HOUR));
  });

  it('retries a rate-limited account after its Retry-After, and stores every metric null with the reason when it keeps failing', async () => {
    clock = START + DAY;
    aliceNetwork.injectFault({ kind: 'rate_limit', retryAfterSeconds: 5, path: '/xrpc/app.bsky.actor.getProfile', times: 3 });

    expect(await collectAccountMetrics(deps, POLICY)).toEqual({ accounts: 2, missing: 1 });

    expect(waits).toEqual([5_000, 5_000]);
    const [aliceSnapshot, bobSnapshot] = byAccount(await storedOn(dayOf(clock)));
    expect(aliceSnapshot).toMatchObject({ partial: true, values: emptyAccountMetrics(), missing: [expect.stringMatching(/^not collected: retry_later: /)] });
    expect(bobSnapshot).toMatchObject({ partial: false, values: blueskyValues(bob, DAY) });
    expect(published.find((e) => e.detail.accountId === alice.accountId)?.detail).toMatchObject({ partial: true, values: emptyAccountMetrics() });
  });

  it('takes the reading when a retry after the wait succeeds', async () => {
    clock = START + DAY;
    aliceNetwork.injectFault({ kind: 'rate_limit', retryAfterSeconds: 5, path: '/xrpc/app.bsky.actor.getProfile', times: 2 });

    expect(await collectAccountMetrics(deps, POLICY)).toEqual({ accounts: 2, missing: 0 });

    expect(waits).toEqual([5_000, 5_000]);
    const [aliceSnapshot] = byAccount(await storedOn(dayOf(clock)));
    expect(aliceSnapshot).toMatchObject({ partial: false, values: blueskyValues(alice, DAY + 10_000) });
  });

  it('gives up for the day at once when the network asks to wait longer than a run may', async () => {
    clock = START + DAY;
    aliceNetwork.injectFault({ kind: 'rate_limit', retryAfterSeconds: 3600, path: '/xrpc/app.bsky.actor.getProfile' });

    expect(await collectAccountMetrics(deps, POLICY)).toEqual({ accounts: 2, missing: 1 });

    expect(waits).toEqual([]);
    const [aliceSnapshot] = byAccount(await storedOn(dayOf(clock)));
    expect(aliceSnapshot).toMatchObject({ partial: true, values: emptyAccountMetrics(), missing: [expect.stringMatching(/^not collected: retry_later: /)] });
  });
});
