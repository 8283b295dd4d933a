import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountEngagementAt, postEngagementAt } from '../../../local/stand-ins/engagement.js';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { createFacebookAdapter } from '../../../shared/networks/facebook/adapter.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const credentials: NetworkCredentials = { accessToken: 'page-token', refreshToken: 'user-token' };

describe('Facebook metrics against the Meta stand-in', () => {
  let meta: MetaStandIn;
  let clock: number;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let pageId: string;

  beforeEach(async () => {
    clock = START;
    meta = await startMetaStandIn({ now: () => clock });
    pageId = meta.addPage({ name: 'acme', token: credentials.accessToken, userToken: credentials.refreshToken }).id;
    account = { accountId: 'fb-main', brandId: 'brand-1', network: 'facebook', handle: 'Acme', baseUrl: meta.url, externalId: pageId };
    adapter = createFacebookAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await meta.close();
  });

  it('maps the post\'s reaction, comment and share counts and its insights, growing with age; saves are null', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Insightful', idempotencyKey: 'f1' });
    clock += 8 * HOUR;

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    const e = postEngagementAt(networkPostId, 8 * HOUR);
    expect(reading.values).toEqual({
      impressions: e.views, reach: e.reach, reactions: e.likes, comments: e.comments, shares: e.shares, saves: null, clicks: e.clicks, videoViews: 0,
    });
    expect(reading.partial).toBe(false);
    expect(reading.rateLimit).toBeDefined();
    clock += 2 * DAY;
    expect((await adapter.fetchPostMetrics(account, credentials, networkPostId)).values.impressions).toBe(postEngagementAt(networkPostId, 8 * HOUR + 2 * DAY).views);
  });

  it('returns a partial reading when the insights call is refused (403): counts kept, insight metrics null, the reason named', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'No insights', idempotencyKey: 'f2' });
    clock += 8 * HOUR;
    meta.injectFault({ kind: 'status', status: 403, error: '(#10) Requires pages_read_engagement permission', path: `/${networkPostId}/insights` });

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    expect(reading.partial).toBe(true);
    expect(reading.missing).toEqual([expect.stringMatching(/^insights: 403 .*pages_read_engagement/)]);
    expect(reading.values).toMatchObject({ impressions: null, reach: null, clicks: null, reactions: postEngagementAt(networkPostId, 8 * HOUR).likes });
  });

  it('reads Page followers (growing by day) and the last day\'s views, reach and Page views', async () => {
    clock += 3 * DAY + HOUR;

    const reading = await adapter.fetchAccountMetrics(account, credentials);

    const a = accountEngagementAt(pageId, 3 * DAY + HOUR);
    expect(reading.values).toEqual({ followers: a.followers, reach: a.dayReach, impressions: a.dayViews, profileVisits: a.dayProfileVisits });
    expect(reading.values.followers).toBeGreaterThan(accountEngagementAt(pageId, 0).followers);
    expect(reading.partial).toBe(false);
  });

  it('turns an expired token into refresh_credentials and throttling into retry_later with the wait', async () => {
    meta.injectFault({ kind: 'status', status: 401, path: `/${pageId}` });
    expect((await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).kind).toBe('refresh_credentials');
    meta.injectFault({ kind: 'rate_limit', retryAfterSeconds: 120, path: `/${pageId}/insights` });
    expect(await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).toMatchObject({ kind: 'retry_later', retryAfterMs: 120_000 });
    expect((await failure(adapter.fetchPostMetrics(account, credentials, `${pageId}_999`), NetworkError)).message).toContain('no longer exists');
  });
});
