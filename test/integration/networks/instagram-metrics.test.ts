import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountEngagementAt, postEngagementAt } from '../../../local/stand-ins/engagement.js';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { createInstagramAdapter } from '../../../shared/networks/instagram/adapter.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const credentials: NetworkCredentials = { accessToken: 'ig-token' };
const photo = { kind: 'image' as const, url: 'https://cdn.example.com/tulips.jpg' };

describe('Instagram metrics against the Meta stand-in', () => {
  let meta: MetaStandIn;
  let clock: number;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let userId: string;

  beforeEach(async () => {
    clock = START;
    meta = await startMetaStandIn({ now: () => clock });
    userId = meta.addInstagramUser({ username: 'acme', token: credentials.accessToken }).id;
    account = { accountId: 'ig-main', brandId: 'brand-1', network: 'instagram', handle: '@acme', baseUrl: meta.url, externalId: userId };
    adapter = createInstagramAdapter({ now: () => clock, sleep: async () => {} });
  });

  afterEach(async () => {
    await meta.close();
  });

  it('maps the media insights (views, reach, likes, comments, shares, saved), growing with age; clicks and video views are null', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Tulips', media: [photo], idempotencyKey: 'i1' });
    clock += 10 * HOUR;

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    const e = postEngagementAt(networkPostId, 10 * HOUR);
    expect(reading.values).toEqual({
      impressions: e.views, reach: e.reach, reactions: e.likes, comments: e.comments, shares: e.shares, saves: e.saves, clicks: null, videoViews: null,
    });
    expect(reading.raw).toMatchObject({ total_interactions: e.likes + e.comments + e.shares + e.saves });
    expect(reading.partial).toBe(false);
  });

  it('keeps likes and comments from the media fields when its insights are refused, and names why the rest is missing', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Few viewers', media: [photo], idempotencyKey: 'i2' });
    clock += 10 * HOUR;
    meta.injectFault({ kind: 'status', status: 400, error: '(#10) Not enough viewers for the media to show insights', path: `/${networkPostId}/insights` });

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    const e = postEngagementAt(networkPostId, 10 * HOUR);
    expect(reading).toMatchObject({ partial: true, missing: [expect.stringMatching(/^insights: 400 .*Not enough viewers/)] });
    expect(reading.values).toMatchObject({ reactions: e.likes, comments: e.comments, impressions: null, reach: null, saves: null, shares: null });
  });

  it('reads followers (growing by day) and the last day\'s reach, views and profile views as total values', async () => {
    clock += 5 * DAY;

    const reading = await adapter.fetchAccountMetrics(account, credentials);

    const a = accountEngagementAt(userId, 5 * DAY);
    expect(reading.values).toEqual({ followers: a.followers, reach: a.dayReach, impressions: a.dayViews, profileVisits: a.dayProfileVisits });
    expect(reading.raw).toHaveProperty('media_count', 0);
  });

  it('turns a 401 into refresh_credentials and throttling into retry_later with the wait', async () => {
    meta.injectFault({ kind: 'status', status: 401, path: `/${userId}` });
    expect((await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).kind).toBe('refresh_credentials');
    meta.injectFault({ kind: 'rate_limit', retryAfterSeconds: 300, path: `/${userId}/insights` });
    expect(await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).toMatchObject({ kind: 'retry_later', retryAfterMs: 300_000 });
  });
});
