import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountEngagementAt, postEngagementAt } from '../../../local/stand-ins/engagement.js';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { createThreadsAdapter } from '../../../shared/networks/threads/adapter.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const credentials: NetworkCredentials = { accessToken: 'th-token' };

describe('Threads metrics against the Meta stand-in', () => {
  let meta: MetaStandIn;
  let clock: number;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let userId: string;

  beforeEach(async () => {
    clock = START;
    meta = await startMetaStandIn({ now: () => clock });
    userId = meta.addThreadsUser({ username: 'acme', token: credentials.accessToken }).id;
    account = { accountId: 'th-main', brandId: 'brand-1', network: 'threads', handle: '@acme', baseUrl: meta.url, externalId: userId };
    adapter = createThreadsAdapter({ now: () => clock, sleep: async () => {} });
  });

  afterEach(async () => {
    await meta.close();
  });

  it('maps views, likes, replies and reposts to impressions, reactions, comments and shares, growing with age; reach is null', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Thread talk', idempotencyKey: 't1' });
    clock += 4 * HOUR;

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    const e = postEngagementAt(networkPostId, 4 * HOUR);
    expect(reading.values).toEqual({
      impressions: e.views, reach: null, reactions: e.likes, comments: e.comments, shares: e.shares, saves: null, clicks: null, videoViews: null,
    });
    expect(reading.raw).toMatchObject({ quotes: e.quotes });
    clock += DAY;
    expect((await adapter.fetchPostMetrics(account, credentials, networkPostId)).values.reactions).toBe(postEngagementAt(networkPostId, 4 * HOUR + DAY).likes);
  });

  it('reads followers (growing by day) and profile views; impressions and reach are null', async () => {
    clock += 2 * DAY;

    const reading = await adapter.fetchAccountMetrics(account, credentials);

    const a = accountEngagementAt(userId, 2 * DAY);
    expect(reading.values).toEqual({ followers: a.followers, reach: null, impressions: null, profileVisits: a.dayProfileVisits });
    expect(reading.partial).toBe(false);
  });

  it('returns followers with partial: true when the profile views insight is refused', async () => {
    meta.injectFault({ kind: 'status', status: 403, error: 'Application does not have permission for this action', path: `/${userId}/threads_insights` });

    const reading = await adapter.fetchAccountMetrics(account, credentials);

    expect(reading).toMatchObject({ partial: true, missing: [expect.stringMatching(/^profile views: 403 /)] });
    expect(reading.values).toMatchObject({ followers: accountEngagementAt(userId, 0).followers, profileVisits: null });
  });

  it('turns a 401 into refresh_credentials and throttling (#4) into retry_later', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Faults', idempotencyKey: 't2' });
    meta.injectFault({ kind: 'status', status: 401, path: `/${networkPostId}/insights` });
    expect((await failure(adapter.fetchPostMetrics(account, credentials, networkPostId), NetworkError)).kind).toBe('refresh_credentials');
    meta.injectFault({ kind: 'rate_limit', retryAfterSeconds: 60, path: `/${userId}/threads_insights` });
    // Threads tokens carry X-App-Usage, which has no regain time: the caller backs off on its own schedule.
    expect(await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).toMatchObject({ kind: 'retry_later', retryAfterMs: undefined });
  });
});
