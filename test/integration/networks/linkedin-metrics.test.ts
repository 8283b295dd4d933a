import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountEngagementAt, postEngagementAt } from '../../../local/stand-ins/engagement.js';
import { startLinkedInStandIn, type LinkedInStandIn } from '../../../local/stand-ins/linkedin/server.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { createLinkedInAdapter, LINKEDIN_API_VERSION } from '../../../shared/networks/linkedin/adapter.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2026-10-05T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ORG = 'urn:li:organization:2414183';
const credentials: NetworkCredentials = { accessToken: 'li-token', refreshToken: 'li-refresh' };

describe('LinkedIn metrics against the LinkedIn stand-in', () => {
  let standIn: LinkedInStandIn;
  let clock: number;
  let page: NetworkAccount;
  let member: NetworkAccount;
  let adapter: NetworkAdapter;

  beforeEach(async () => {
    clock = START;
    standIn = await startLinkedInStandIn({ now: () => clock, versions: { oldest: LINKEDIN_API_VERSION, newest: LINKEDIN_API_VERSION } });
    const { urn } = standIn.addMember({ id: 'alice42', accessToken: credentials.accessToken, refreshToken: credentials.refreshToken, organizations: [ORG] });
    page = { accountId: 'li-page', brandId: 'brand-1', network: 'linkedin', handle: 'Acme', baseUrl: standIn.url, externalId: ORG };
    member = { ...page, accountId: 'li-member', handle: 'Alice', externalId: urn };
    adapter = createLinkedInAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await standIn.close();
  });

  it('maps an organization post\'s share statistics, growing with age; saves and video views are null', async () => {
    const { networkPostId } = await adapter.publish(page, credentials, { text: 'Company news', idempotencyKey: 'l1' });
    clock += 12 * HOUR;

    const reading = await adapter.fetchPostMetrics(page, credentials, networkPostId);

    const e = postEngagementAt(networkPostId, 12 * HOUR);
    expect(reading.values).toEqual({
      impressions: e.views, reach: e.reach, reactions: e.likes, comments: e.comments, shares: e.shares, saves: null, clicks: e.clicks, videoViews: null,
    });
    expect(reading.raw).toHaveProperty('engagement');
    expect(reading.partial).toBe(false);
    clock += DAY;
    expect((await adapter.fetchPostMetrics(page, credentials, networkPostId)).values.impressions).toBe(postEngagementAt(networkPostId, 12 * HOUR + DAY).views);
  });

  it('keeps likes and comments with partial: true when the share statistics are refused', async () => {
    const { networkPostId } = await adapter.publish(page, credentials, { text: 'Stats please', idempotencyKey: 'l2' });
    clock += 12 * HOUR;
    standIn.injectFault({ kind: 'status', status: 403, error: 'Not enough permissions to access: organizationalEntityShareStatistics', path: '/rest/organizationalEntityShareStatistics' });

    const reading = await adapter.fetchPostMetrics(page, credentials, networkPostId);

    const e = postEngagementAt(networkPostId, 12 * HOUR);
    expect(reading).toMatchObject({ partial: true, missing: [expect.stringMatching(/^share statistics: 403 /)] });
    expect(reading.values).toMatchObject({ reactions: e.likes, comments: e.comments, impressions: null, reach: null, clicks: null, shares: null });
  });

  it('gives a member\'s post its likes and comments only: the rest is null, and the reading is whole', async () => {
    const { networkPostId } = await adapter.publish(member, credentials, { text: 'Personal note', idempotencyKey: 'l3' });
    clock += 12 * HOUR;

    const reading = await adapter.fetchPostMetrics(member, credentials, networkPostId);

    expect(reading.partial).toBe(false);
    expect(reading.values).toMatchObject({ reactions: postEngagementAt(networkPostId, 12 * HOUR).likes, impressions: null, clicks: null });
  });

  it('reads the organization\'s followers (growing by day); other account metrics are null', async () => {
    clock += 6 * DAY;

    const reading = await adapter.fetchAccountMetrics(page, credentials);

    expect(reading.values).toEqual({ followers: accountEngagementAt(ORG, 6 * DAY).followers, reach: null, impressions: null, profileVisits: null });
    expect((await adapter.fetchAccountMetrics(member, credentials)).values.followers).toBeNull();
  });

  it('turns a 401 into refresh_credentials and a 429 into retry_later with the wait', async () => {
    standIn.injectFault({ kind: 'status', status: 401, path: '/rest/networkSizes' });
    expect((await failure(adapter.fetchAccountMetrics(page, credentials), NetworkError)).kind).toBe('refresh_credentials');
    standIn.injectFault({ kind: 'rate_limit', retryAfterSeconds: 45, path: '/rest/socialActions' });
    expect(await failure(adapter.fetchPostMetrics(page, credentials, 'urn:li:share:1'), NetworkError)).toMatchObject({ kind: 'retry_later', retryAfterMs: 45_000 });
    expect((await failure(adapter.fetchPostMetrics(page, credentials, 'urn:li:share:1'), NetworkError)).message).toContain('no longer exists');
  });
});
