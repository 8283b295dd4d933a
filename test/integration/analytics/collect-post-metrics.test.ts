/**
 * The post-metrics sweeper end to end: due items and snapshots in DynamoDB Local, credentials in
 * the local Secrets Manager (refreshed under a DynamoDB lock), and the real Mastodon, Facebook and
 * Bluesky adapters against their stand-ins with injected faults. Only the event publisher is a
 * recording function; the clock is injected so snapshots come due without waiting.
 */
import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { startBlueskyStandIn, type BlueskyStandIn } from '../../../local/stand-ins/bluesky/server.js';
import { postEngagementAt } from '../../../local/stand-ins/engagement.js';
import { engagementAt, startSandboxNetwork, type SandboxNetwork } from '../../../local/stand-ins/mastodon/server.js';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import {
  collectDuePostMetrics, DEFAULT_COLLECT_POLICY, type CollectPolicy, type CollectPostMetricsDeps,
} from '../../../shared/analytics/collect-post-metrics.js';
import { emptyPostMetrics } from '../../../shared/contracts/metric-names.js';
import { planSnapshots } from '../../../shared/analytics/plan-snapshots.js';
import { createAnalyticsSettingsRepository } from '../../../shared/analytics/settings.js';
import { snapshotAtOrBefore } from '../../../shared/analytics/snapshots.js';
import { PostMetricsCollected } from '../../../shared/contracts/events/catalogue.js';
import type { OutgoingEvent } from '../../../shared/platform/events/publisher.js';
import { createBlueskyAdapter } from '../../../shared/networks/bluesky/adapter.js';
import type { NetworkAccount, NetworkAdapter, NetworkCredentials } from '../../../shared/networks/contract.js';
import { createCredentialStore } from '../../../shared/networks/accounts/credentials.js';
import { brandCredentialsSecretName } from '../../../shared/contracts/resource-names.js';
import { createFacebookAdapter } from '../../../shared/networks/facebook/adapter.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createLocks } from '../../../shared/platform/store/locks.js';
import { createPublishedPostsRepository } from '../../../shared/analytics/store/published-posts-repository.js';
import { createSnapshotsRepository, slotForAge, type PostSnapshot, type SnapshotsRepository } from '../../../shared/analytics/store/snapshots-repository.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../helpers/local-clients.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const SECRET_ID = 'pillars/network-credentials';
const START = Date.parse('2026-06-01T09:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(ms).toISOString();

let services: AwsServices;

beforeAll(async () => {
  services = await startAwsServices({ onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, secrets: { [SECRET_ID]: '{}' } });
});

afterAll(async () => {
  await services?.close();
});

describe('Analytics: collectDuePostMetrics against DynamoDB Local and the networks\' stand-ins', () => {
  // A fresh table per test: the due index spans every brand, so one test's items must not reach another's run.
  let table: TestTable;
  let secretsClient: SecretsManagerClient;
  let mastodonA: SandboxNetwork;
  let mastodonB: SandboxNetwork;
  let clock: number;
  let brandId: string;
  let snapshots: SnapshotsRepository;
  let secret: Record<string, NetworkCredentials>;
  let refreshes: number;
  let published: { detailType: string; detail: Record<string, unknown> }[];
  let deps: CollectPostMetricsDeps;
  let accountA: NetworkAccount;
  let accountB: NetworkAccount;
  const mastodon = createMastodonAdapter({ now: () => clock });

  beforeEach(async () => {
    clock = START;
    brandId = `brand-${randomUUID()}`;
    [table, mastodonA, mastodonB] = await Promise.all([
      createTestTable('collect-post-metrics'),
      startSandboxNetwork({ engagement: true, now: () => clock }),
      startSandboxNetwork({ engagement: true, now: () => clock }),
    ]);
    mastodonA.addAccount({ username: 'alice', token: 'alice-token' });
    mastodonB.addAccount({ username: 'bob', token: 'bob-token' });
    accountA = { brandId, accountId: 'mastodon-a', network: 'mastodon', handle: '@alice', baseUrl: mastodonA.url };
    accountB = { brandId, accountId: 'mastodon-b', network: 'mastodon', handle: '@bob', baseUrl: mastodonB.url };
    secret = {};
    await connect(accountA, { accessToken: 'alice-token' });
    await connect(accountB, { accessToken: 'bob-token' });

    secretsClient = new SecretsManagerClient({ endpoint: services.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    // No cache: each test writes the secret before the run reads it.
    const store = createCredentialStore({ client: secretsClient, sharedSecretId: SECRET_ID, withLock: createLocks(table.documentClient, table.tableName), cacheMs: 0 });
    snapshots = createSnapshotsRepository(table.documentClient, table.tableName);
    refreshes = 0;
    published = [];
    deps = {
      snapshots,
      accounts: createAccountsRepository(table.documentClient, table.tableName),
      adapters: createAdapterRegistry([
        mastodon,
        createFacebookAdapter({ now: () => clock }),
        createBlueskyAdapter({ now: () => clock }),
      ]),
      credentials: store.get,
      // As production wires it (shared/publishing/dependencies.ts), counted.
      refreshCredentials: async (account, adapter, rejected) => {
        refreshes++;
        const app = await store.app(adapter.network);
        return store.refresh(account, rejected, (current) => adapter.refreshCredentials(account, current, app));
      },
      // What the bus would receive: each detail checked against its catalogue schema.
      publish: async (events: OutgoingEvent[]) => {
        for (const e of events) published.push({ detailType: e.entry.detailType, detail: e.entry.schema.parse(e.detail) as Record<string, unknown> });
      },
      now: () => new Date(clock),
    };
  });

  afterEach(async () => {
    secretsClient.destroy();
    await Promise.all([mastodonA.close(), mastodonB.close(), table.drop()]);
  });

  async function connect(account: NetworkAccount, credentials: NetworkCredentials): Promise<void> {
    await createAccountsRepository(table.documentClient, table.tableName).put(account);
    secret[account.accountId] = credentials;
    services.putSecret(brandCredentialsSecretName(account.brandId), JSON.stringify(secret));
  }

  /** Publishes on the account's network now and plans the post's snapshots, as PostPublished does. */
  async function publishAndPlan(account: NetworkAccount, adapter: NetworkAdapter = mastodon, ages?: string[]) {
    const ref = await adapter.publish(account, secret[account.accountId]!, { text: `Metrics ${randomUUID()}`, idempotencyKey: ulid(clock) });
    const analyticsSettings = createAnalyticsSettingsRepository(table.documentClient, table.tableName);
    if (ages) await analyticsSettings.put(brandId, { snapshotAges: ages });
    const postId = `post-${randomUUID()}`;
    const dues = await planSnapshots(
      { publishedPosts: createPublishedPostsRepository(table.documentClient, table.tableName), analyticsSettings, snapshots },
      { schemaVersion: 1, brandId, postId, accountId: account.accountId, network: account.network, networkPostId: ref.networkPostId, url: ref.url, dueAt: at(clock), publishedAt: ref.publishedAt },
    );
    return { postId, networkPostId: ref.networkPostId, publishedAt: ref.publishedAt, dues };
  }

  const run = (policy: Partial<CollectPolicy> = {}) => collectDuePostMetrics(deps, { ...DEFAULT_COLLECT_POLICY, ...policy });
  const storedOf = async (postId: string): Promise<PostSnapshot[]> =>
    (await snapshots.listPostSnapshots(brandId, new Date(START - DAY), new Date(START + 90 * DAY))).filter((s) => s.postId === postId);
  const remainingDues = async () => snapshots.listDue(new Date(START + 365 * DAY), 100);
  const eventsFor = (postId: string) => published.filter((e) => e.detailType === PostMetricsCollected.detailType && e.detail.postId === postId).map((e) => e.detail);

  /** Mastodon's counts at an age, as the stand-in's curve gives them; the rest Mastodon does not count. */
  const mastodonValues = (networkPostId: string, ageMs: number) => {
    const e = engagementAt(networkPostId, ageMs);
    return { ...emptyPostMetrics(), reactions: e.favourites, comments: e.replies, shares: e.reblogs };
  };

  it('takes each snapshot when it is due, stores the series by age with the curve\'s values, announces them and deletes their due items', async () => {
    const post = await publishAndPlan(accountA);

    clock = START + 30 * MINUTE;
    expect(await run()).toEqual({ taken: 0, partial: 0, deferred: 0, missing: 0 });
    for (const age of [HOUR, DAY, 7 * DAY]) {
      clock = START + age;
      expect(await run()).toEqual({ taken: 1, partial: 0, deferred: 0, missing: 0 });
    }

    const series = await storedOf(post.postId);
    expect(series.map((s) => [s.slot, s.observedAt, s.partial])).toEqual([
      [slotForAge(3600), at(START + HOUR), false],
      [slotForAge(86_400), at(START + DAY), false],
      [slotForAge(7 * 86_400), at(START + 7 * DAY), false],
    ]);
    for (const [i, age] of [HOUR, DAY, 7 * DAY].entries()) expect(series[i]!.values).toEqual(mastodonValues(post.networkPostId, age));
    expect(series[2]!.values.reactions).toBeGreaterThan(0);
    expect(series[0]).toMatchObject({ networkPostId: post.networkPostId, publishedAt: post.publishedAt, accountId: accountA.accountId, scheduledAgeSeconds: 3600 });
    expect(eventsFor(post.postId).map((e) => [e.slot, e.ageMinutes, e.values])).toEqual([
      [slotForAge(3600), 60, mastodonValues(post.networkPostId, HOUR)],
      [slotForAge(86_400), 24 * 60, mastodonValues(post.networkPostId, DAY)],
      [slotForAge(7 * 86_400), 7 * 24 * 60, mastodonValues(post.networkPostId, 7 * DAY)],
    ]);
    expect((await remainingDues()).map((d) => d.slot)).toEqual([slotForAge(30 * 86_400)]);
  });

  it('stores a snapshot taken twice once: re-taken after a crash before its due item was deleted, or by overlapping runs', async () => {
    const post = await publishAndPlan(accountA, mastodon, ['1h', '24h']);
    clock = START + HOUR;
    await run();
    // A crash after storing but before deleting leaves the due item behind: put it back.
    await snapshots.planDue(post.dues.filter((d) => d.ageSeconds === 3600));
    clock = START + HOUR + 5 * MINUTE;

    await run();
    clock = START + DAY;
    await Promise.all([run(), run()]);

    const series = await storedOf(post.postId);
    expect(series.map((s) => [s.slot, s.observedAt])).toEqual([
      [slotForAge(3600), at(START + HOUR + 5 * MINUTE)],
      [slotForAge(86_400), at(START + DAY)],
    ]);
    expect(series[0]!.values).toEqual(mastodonValues(post.networkPostId, HOUR + 5 * MINUTE));
    expect(await remainingDues()).toEqual([]);
  });

  it('reads a series back by when it was observed, even when a later slot was stored before an earlier one', async () => {
    const post = await publishAndPlan(accountA, mastodon, ['1h', '24h']);
    clock = START + HOUR;
    // The 1 h reading is held back past the 24 h one.
    mastodonA.injectFault({ kind: 'rate_limit', retryAfterSeconds: 25 * 3600, path: '/api/v1/statuses' });
    expect(await run()).toMatchObject({ taken: 0, deferred: 1 });

    clock = START + DAY;
    await run();
    const afterDay = await storedOf(post.postId);
    clock = START + 26 * HOUR;
    await run();

    expect(afterDay.map((s) => s.slot)).toEqual([slotForAge(86_400)]);
    const series = await storedOf(post.postId);
    expect(series.map((s) => [s.slot, s.observedAt])).toEqual([
      [slotForAge(3600), at(START + 26 * HOUR)],
      [slotForAge(86_400), at(START + DAY)],
    ]);
    expect(snapshotAtOrBefore(series, at(START + 25 * HOUR))?.observedAt).toBe(at(START + DAY));
    expect(snapshotAtOrBefore(series, at(START + 30 * HOUR))).toMatchObject({ observedAt: at(START + 26 * HOUR), values: mastodonValues(post.networkPostId, 26 * HOUR) });
  });

  it('defers an account\'s snapshots by Retry-After on a 429 without calling it again, while another account\'s are taken', async () => {
    const first = await publishAndPlan(accountA, mastodon, ['1h']);
    clock += MINUTE;
    const second = await publishAndPlan(accountA, mastodon, ['1h']);
    const other = await publishAndPlan(accountB, mastodon, ['1h']);
    clock = START + 2 * HOUR;
    // One 429: had the sweeper called account A again, that call would have succeeded and been stored.
    mastodonA.injectFault({ kind: 'rate_limit', retryAfterSeconds: 120, path: '/api/v1/statuses' });

    const report = await run();

    expect(report).toEqual({ taken: 1, partial: 0, deferred: 2, missing: 0 });
    expect(await storedOf(first.postId)).toEqual([]);
    expect(await storedOf(second.postId)).toEqual([]);
    expect((await storedOf(other.postId)).map((s) => s.values)).toEqual([mastodonValues(other.networkPostId, 2 * HOUR - MINUTE)]);
    const deferred = await remainingDues();
    expect(deferred.map((d) => [d.postId, d.attempts, d.dueAt]).sort()).toEqual([
      [first.postId, 1, at(clock + 120_000)],
      // Never called, so no attempt spent.
      [second.postId, 0, at(clock + 120_000)],
    ].sort());
    expect(deferred.map((d) => d.lastError)).toEqual([expect.stringMatching(/^retry_later: /), expect.stringMatching(/^retry_later: /)]);

    clock += 120_000;
    expect(await run()).toEqual({ taken: 2, partial: 0, deferred: 0, missing: 0 });
    expect((await storedOf(first.postId))[0]!.values).toEqual(mastodonValues(first.networkPostId, 2 * HOUR + 2 * MINUTE));
    expect(await remainingDues()).toEqual([]);
  });

  it('stops calling an account whose quota a reading used up, and defers its other snapshots to the reset without spending an attempt', async () => {
    // One request per 5-minute window (windows start on multiples of 5 minutes).
    const bluesky: BlueskyStandIn = await startBlueskyStandIn({ now: () => clock, accessTokenTtlSeconds: 30 * 24 * 3600, rateLimits: { requestsPer5Minutes: 1 } });
    try {
      const alice = bluesky.addAccount({ handle: 'alice.test', password: 'app-password' });
      const account: NetworkAccount = { brandId, accountId: 'bsky-main', network: 'bluesky', handle: '@alice.test', baseUrl: bluesky.url, externalId: alice.did };
      await connect(account, { accessToken: alice.accessJwt, refreshToken: alice.refreshJwt });
      const first = await publishAndPlan(account, deps.adapters('bluesky'), ['1h']);
      clock += 5 * MINUTE;
      const second = await publishAndPlan(account, deps.adapters('bluesky'), ['1h']);
      clock = START + 2 * HOUR;

      expect(await run()).toEqual({ taken: 1, partial: 0, deferred: 1, missing: 0 });

      const reset = at(START + 2 * HOUR + 5 * MINUTE);
      expect((await storedOf(first.postId)).map((s) => s.values.reactions)).toEqual([postEngagementAt(first.networkPostId, 2 * HOUR).likes]);
      expect(await storedOf(second.postId)).toEqual([]);
      expect(await remainingDues()).toEqual([expect.objectContaining({ postId: second.postId, attempts: 0, dueAt: reset, lastError: `rate limit used up until ${reset}` })]);
      clock = Date.parse(reset);
      expect(await run()).toEqual({ taken: 1, partial: 0, deferred: 0, missing: 0 });
      expect(await remainingDues()).toEqual([]);
    } finally {
      await bluesky.close();
    }
  });

  it('stores a partial reading when Facebook refuses the insights: counts kept, insight metrics null, the reason named', async () => {
    const meta: MetaStandIn = await startMetaStandIn({ now: () => clock });
    try {
      const pageId = meta.addPage({ name: 'acme', token: 'page-token', userToken: 'user-token' }).id;
      const page: NetworkAccount = { brandId, accountId: 'fb-main', network: 'facebook', handle: 'Acme', baseUrl: meta.url, externalId: pageId };
      await connect(page, { accessToken: 'page-token', refreshToken: 'user-token' });
      const post = await publishAndPlan(page, deps.adapters('facebook'), ['1h']);
      clock = START + HOUR;
      meta.injectFault({ kind: 'status', status: 403, error: '(#10) Requires pages_read_engagement permission', path: `/${post.networkPostId}/insights` });

      expect(await run()).toEqual({ taken: 1, partial: 1, deferred: 0, missing: 0 });

      const [snapshot] = await storedOf(post.postId);
      const e = postEngagementAt(post.networkPostId, HOUR);
      expect(snapshot).toMatchObject({ partial: true, missing: [expect.stringMatching(/^insights: 403 .*pages_read_engagement/)] });
      expect(snapshot!.values).toMatchObject({ impressions: null, reach: null, clicks: null, reactions: e.likes, comments: e.comments, shares: e.shares });
      expect(eventsFor(post.postId)).toEqual([expect.objectContaining({ partial: true, values: snapshot!.values })]);
    } finally {
      await meta.close();
    }
  });

  it('stores a snapshot with every metric null and the reason after the last allowed attempt fails, never zeros', async () => {
    const post = await publishAndPlan(accountA, mastodon, ['1h']);
    mastodonA.injectFault({ kind: 'status', status: 503, path: '/api/v1/statuses', method: 'GET', times: 2 });
    clock = START + HOUR;

    expect(await run({ maxAttempts: 2, baseRetryMs: 60_000 })).toEqual({ taken: 0, partial: 0, deferred: 1, missing: 0 });
    expect((await remainingDues()).map((d) => [d.attempts, d.dueAt])).toEqual([[1, at(clock + 60_000)]]);
    clock += 60_000;
    expect(await run({ maxAttempts: 2, baseRetryMs: 60_000 })).toEqual({ taken: 0, partial: 0, deferred: 0, missing: 1 });

    const [snapshot] = await storedOf(post.postId);
    expect(snapshot).toMatchObject({ partial: true, values: emptyPostMetrics(), missing: [expect.stringMatching(/^not collected: retry_later: .*\(after 2 attempts\)$/)] });
    expect(eventsFor(post.postId)).toEqual([expect.objectContaining({ partial: true, values: emptyPostMetrics() })]);
    expect(await remainingDues()).toEqual([]);
  });

  it('stores a deleted post\'s snapshot as missing at once, with the reason, and does not retry it', async () => {
    const post = await publishAndPlan(accountA, mastodon, ['1h', '24h']);
    const deleted = await fetch(`${mastodonA.url}/api/v1/statuses/${post.networkPostId}`, { method: 'DELETE', headers: { Authorization: 'Bearer alice-token' } });
    expect(deleted.ok).toBe(true);
    clock = START + HOUR;

    expect(await run()).toEqual({ taken: 0, partial: 0, deferred: 0, missing: 1 });

    const [snapshot] = await storedOf(post.postId);
    expect(snapshot).toMatchObject({
      slot: slotForAge(3600), partial: true, values: emptyPostMetrics(),
      missing: [`not collected: bad_content: Mastodon status ${post.networkPostId} no longer exists`],
    });
    expect((await remainingDues()).map((d) => d.slot)).toEqual([slotForAge(86_400)]);
  });

  it('stores the snapshots of an account that is no longer connected as missing, naming the account, without blocking the others', async () => {
    const gone: NetworkAccount = { ...accountA, accountId: 'mastodon-gone' };
    const planned = await planSnapshots(
      { publishedPosts: createPublishedPostsRepository(table.documentClient, table.tableName), analyticsSettings: createAnalyticsSettingsRepository(table.documentClient, table.tableName), snapshots },
      { schemaVersion: 1, brandId, postId: 'post-gone', accountId: gone.accountId, network: 'mastodon', networkPostId: '110000000000000001', dueAt: at(START), publishedAt: at(START) },
    );
    const other = await publishAndPlan(accountB, mastodon, ['1h']);
    clock = START + HOUR;

    expect(await run()).toEqual({ taken: 1, partial: 0, deferred: 0, missing: 1 });

    expect(await storedOf('post-gone')).toEqual([expect.objectContaining({
      slot: planned[0]!.slot, partial: true, values: emptyPostMetrics(), missing: ['not collected: account mastodon-gone is no longer connected'],
    })]);
    expect((await storedOf(other.postId)).map((s) => s.values)).toEqual([mastodonValues(other.networkPostId, HOUR)]);
    expect((await remainingDues()).map((d) => [d.postId, d.slot])).toEqual(planned.slice(1).map((d) => ['post-gone', d.slot]));
  });

  it('refreshes an expired token once for the account and takes its snapshots with the new one', async () => {
    const bluesky: BlueskyStandIn = await startBlueskyStandIn({ now: () => clock, accessTokenTtlSeconds: 30 * 60 });
    try {
      const alice = bluesky.addAccount({ handle: 'alice.test', password: 'app-password' });
      const account: NetworkAccount = { brandId, accountId: 'bsky-main', network: 'bluesky', handle: '@alice.test', baseUrl: bluesky.url, externalId: alice.did };
      await connect(account, { accessToken: alice.accessJwt, refreshToken: alice.refreshJwt });
      const post = await publishAndPlan(account, deps.adapters('bluesky'), ['1h']);
      clock += MINUTE;
      const next = await publishAndPlan(account, deps.adapters('bluesky'), ['1h']);
      // The access JWT lived 30 minutes.
      clock = START + 2 * HOUR;

      expect(await run()).toEqual({ taken: 2, partial: 0, deferred: 0, missing: 0 });

      // The account's second snapshot used the token the first one refreshed.
      expect(refreshes).toBe(1);
      expect((await storedOf(post.postId))[0]!.values.reactions).toBe(postEngagementAt(post.networkPostId, 2 * HOUR).likes);
      expect((await storedOf(next.postId))[0]!.values.reactions).toBe(postEngagementAt(next.networkPostId, 2 * HOUR - MINUTE).likes);
      const stored = await deps.credentials(account);
      expect(stored?.accessToken).toBeTruthy();
      expect(stored?.accessToken).not.toBe(alice.accessJwt);
    } finally {
      await bluesky.close();
    }
  });
});
