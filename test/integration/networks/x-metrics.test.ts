import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountEngagementAt, postEngagementAt } from '../../../local/stand-ins/engagement.js';
import { startXStandIn, type XStandIn } from '../../../local/stand-ins/x/server.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { createXAdapter } from '../../../shared/networks/x/adapter.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const credentials: NetworkCredentials = { accessToken: 'alice-token', refreshToken: 'alice-refresh' };

describe('X metrics against the X stand-in', () => {
  let standIn: XStandIn;
  let clock: number;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let userId: string;

  beforeEach(async () => {
    clock = START;
    standIn = await startXStandIn({ now: () => clock, accessTokenTtlSeconds: 90 * 24 * 3600 });
    userId = standIn.addAccount({ username: 'alice', token: credentials.accessToken, refreshToken: credentials.refreshToken }).id;
    standIn.addAccount({ username: 'bob', token: 'bob-token', refreshToken: 'bob-refresh' });
    account = { accountId: 'x-main', brandId: 'brand-1', network: 'x', handle: '@alice', baseUrl: standIn.url, externalId: userId };
    adapter = createXAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await standIn.close();
  });

  it('maps public and non-public metrics of an own recent post, with the rate limit, and leaves reach and video views null', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Count me', idempotencyKey: 'k1' });
    clock += 3 * HOUR;

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    const e = postEngagementAt(networkPostId, 3 * HOUR);
    expect(reading.values).toEqual({
      impressions: e.views, reach: null, reactions: e.likes, comments: e.comments, shares: e.shares, saves: e.saves, clicks: e.clicks, videoViews: null,
    });
    expect(reading.raw).toMatchObject({ quote_count: e.quotes, url_link_clicks: e.clicks });
    expect(reading.partial).toBe(false);
    expect(reading.rateLimit?.remaining).toBeGreaterThan(0);
  });

  it('returns a partial reading when X withholds non-public metrics (post older than 30 days): clicks null, the reason named', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Old news', idempotencyKey: 'k2' });
    clock += 31 * DAY;

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    expect(reading.partial).toBe(true);
    expect(reading.missing).toEqual([expect.stringMatching(/^non_public_metrics: .*not authorized/)]);
    expect(reading.values.clicks).toBeNull();
    expect(reading.values.reactions).toBe(postEngagementAt(networkPostId, 31 * DAY).likes);
  });

  it('reads followers from /2/users/me, growing by day; reach, impressions and profile visits are null', async () => {
    clock += 4 * DAY;

    const reading = await adapter.fetchAccountMetrics(account, credentials);

    expect(reading.values).toEqual({ followers: accountEngagementAt(userId, 4 * DAY).followers, reach: null, impressions: null, profileVisits: null });
    expect(reading.raw).toHaveProperty('tweet_count');
  });

  it('turns a 401 into refresh_credentials, a 429 into retry_later with the wait, and a deleted post into bad_content', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Faulty', idempotencyKey: 'k3' });

    standIn.injectFault({ kind: 'status', status: 401, path: '/2/tweets' });
    expect((await failure(adapter.fetchPostMetrics(account, credentials, networkPostId), NetworkError)).kind).toBe('refresh_credentials');
    standIn.injectFault({ kind: 'rate_limit', retryAfterSeconds: 120, path: '/2/users/me' });
    expect(await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).toMatchObject({ kind: 'retry_later', retryAfterMs: 120_000 });
    const gone = await failure(adapter.fetchPostMetrics(account, credentials, '1234567890'), NetworkError);
    expect(gone).toMatchObject({ kind: 'bad_content' });
    expect(gone.message).toContain('no longer exists');
  });
});
