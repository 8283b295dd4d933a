import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueskyStandIn, type BlueskyStandIn } from '../../../local/stand-ins/bluesky/server.js';
import { accountEngagementAt, postEngagementAt } from '../../../local/stand-ins/engagement.js';
import { createBlueskyAdapter } from '../../../shared/networks/bluesky/adapter.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;

describe('Bluesky metrics against the Bluesky stand-in', () => {
  let standIn: BlueskyStandIn;
  let clock: number;
  let account: NetworkAccount;
  let credentials: NetworkCredentials;
  let adapter: NetworkAdapter;
  let did: string;

  beforeEach(async () => {
    clock = START;
    // Access JWTs that outlive the test's clock jumps, so only the tests about expiry see one expire.
    standIn = await startBlueskyStandIn({ now: () => clock, accessTokenTtlSeconds: 30 * 24 * 3600 });
    const alice = standIn.addAccount({ handle: 'alice.test', password: 'app-password' });
    did = alice.did;
    account = { accountId: 'bsky-main', brandId: 'brand-1', network: 'bluesky', handle: '@alice.test', baseUrl: standIn.url, externalId: did };
    credentials = { accessToken: alice.accessJwt, refreshToken: alice.refreshJwt };
    adapter = createBlueskyAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await standIn.close();
  });

  it('maps likes, replies, reposts and bookmarks to reactions, comments, shares and saves, growing with age, with the rate limit', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Counting', idempotencyKey: ulid(clock) });
    clock += 5 * HOUR;

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    const expected = postEngagementAt(networkPostId, 5 * HOUR);
    expect(reading.values).toEqual({
      impressions: null, reach: null, reactions: expected.likes, comments: expected.comments, shares: expected.shares,
      saves: expected.saves, clicks: null, videoViews: null,
    });
    expect(reading.raw).toMatchObject({ quoteCount: expected.quotes });
    expect(reading.partial).toBe(false);
    expect(reading.rateLimit?.remaining).toBeGreaterThan(0);
    clock += 24 * HOUR;
    const later = await adapter.fetchPostMetrics(account, credentials, networkPostId);
    expect(later.values.reactions).toBe(postEngagementAt(networkPostId, 29 * HOUR).likes);
    expect(later.values.reactions).toBeGreaterThanOrEqual(expected.likes);
  });

  it('reads followers from the profile, growing by day, and leaves reach, impressions and profile visits null', async () => {
    clock += 2 * 24 * HOUR;

    const reading = await adapter.fetchAccountMetrics(account, credentials);

    expect(reading.values).toEqual({ followers: accountEngagementAt(did, 2 * 24 * HOUR).followers, reach: null, impressions: null, profileVisits: null });
    expect(reading.values.followers).toBeGreaterThan(accountEngagementAt(did, 0).followers);
  });

  it('refuses something that is not a post URI, and says when the post is gone', async () => {
    expect((await failure(adapter.fetchPostMetrics(account, credentials, 'https://bsky.app/x'), NetworkError)).kind).toBe('bad_content');
    const gone = await failure(adapter.fetchPostMetrics(account, credentials, `at://${did}/app.bsky.feed.post/3kabcdefghij2`), NetworkError);
    expect(gone.message).toContain('no longer exists');
  });

  it('turns a 401 or an expired session into refresh_credentials and a 429 into retry_later with the wait', async () => {
    standIn.injectFault({ kind: 'status', status: 401, path: '/xrpc/app.bsky.actor.getProfile' });
    expect((await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).kind).toBe('refresh_credentials');
    standIn.injectFault({ kind: 'rate_limit', retryAfterSeconds: 90, path: '/xrpc/app.bsky.feed.getPosts' });
    const limited = await failure(adapter.fetchPostMetrics(account, credentials, `at://${did}/app.bsky.feed.post/3kabcdefghij2`), NetworkError);
    expect(limited).toMatchObject({ kind: 'retry_later', retryAfterMs: 90_000 });
    clock += 31 * 24 * HOUR;
    expect((await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError)).kind).toBe('refresh_credentials');
  });
});
