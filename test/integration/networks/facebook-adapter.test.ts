import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials, type PublishRequest } from '../../../shared/networks/contract.js';
import { composeFacebookMessage, createFacebookAdapter, facebookCaption } from '../../../shared/networks/facebook/adapter.js';
import { failure } from '../../helpers/failure.js';

const PAGE_TOKEN = 'acme-page-token';
const USER_TOKEN = 'acme-user-token';
const START = Date.parse('2025-03-01T12:00:00.000Z');
const APP = { clientId: 'sandbox-app', clientSecret: 'sandbox-secret' };
const credentials: NetworkCredentials = { accessToken: PAGE_TOKEN, refreshToken: USER_TOKEN };

describe('Facebook adapter against the Meta stand-in', () => {
  let meta: MetaStandIn;
  let clock: number;
  let pageId: string;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;

  async function start(options: Parameters<typeof startMetaStandIn>[0] = {}): Promise<void> {
    await meta?.close();
    meta = await startMetaStandIn({ now: () => clock, ...options });
    pageId = meta.addPage({ name: 'acme', token: PAGE_TOKEN, userToken: USER_TOKEN }).id;
    account = { accountId: 'fb-main', brandId: 'brand-1', network: 'facebook', handle: 'Acme', baseUrl: meta.url, externalId: pageId };
  }

  beforeEach(async () => {
    clock = START;
    await start();
    adapter = createFacebookAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await meta.close();
  });

  describe('publish', () => {
    it('posts text with a link to the Page feed, with the permalink, time and usage', async () => {
      // Act
      const ref = await adapter.publish(account, credentials, { text: 'Hello from Pillars', link: 'https://example.com/post', idempotencyKey: 'p1' });

      // Assess
      const [post] = meta.posts();
      expect(meta.posts()).toHaveLength(1);
      expect(post).toMatchObject({ network: 'facebook', ownerId: pageId, text: 'Hello from Pillars', link: 'https://example.com/post', mediaType: 'LINK' });
      expect(ref).toMatchObject({ networkPostId: post?.id, url: post?.permalink, publishedAt: '2025-03-01T12:00:00.000Z' });
      expect(ref.networkPostId).toMatch(new RegExp(`^${pageId}_\\d+$`));
      expect(ref.rateLimit).toEqual({ remaining: 100, resetAt: '2025-03-01T13:00:00.000Z' });
    });

    it('posts one image through /photos with the text and link as caption', async () => {
      const ref = await adapter.publish(account, credentials, {
        text: 'A photo', link: 'https://example.com', media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image', altText: 'a cat' }], idempotencyKey: 'p2',
      });

      expect(meta.posts()).toEqual([expect.objectContaining({
        id: ref.networkPostId, mediaType: 'PHOTO', text: 'A photo\n\nhttps://example.com', media: [{ kind: 'image', url: 'https://cdn.example.com/a.jpg', altText: 'a cat' }],
      })]);
    });

    it('posts several images as unpublished photos attached to one feed post', async () => {
      const media = ['a.jpg', 'b.png', 'c.webp'].map((name) => ({ url: `https://cdn.example.com/${name}`, kind: 'image' as const }));

      const ref = await adapter.publish(account, credentials, { text: 'Album', media, idempotencyKey: 'p3' });

      expect(meta.posts()).toHaveLength(1);
      expect(meta.posts()[0]).toMatchObject({ id: ref.networkPostId, mediaType: 'ALBUM', text: 'Album', media: media.map((m) => ({ kind: 'image', url: m.url })) });
    });

    it('adds the first comment under the new post', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'With a comment', firstComment: 'Link in bio: https://example.com', idempotencyKey: 'p4' });

      expect(meta.comments()).toEqual([expect.objectContaining({ id: ref.firstCommentId, parentId: ref.networkPostId, text: 'Link in bio: https://example.com' })]);
    });

    it('still returns the post when the first comment fails: the post exists and must not be posted again', async () => {
      const failingComments: typeof fetch = (input, init) => (String(input).includes('/comments') ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));
      const flaky = createFacebookAdapter({ now: () => clock, fetch: failingComments });

      const ref = await flaky.publish(account, credentials, { text: 'Comment lost', firstComment: 'never arrives', idempotencyKey: 'p5' });

      expect(ref.networkPostId).toBe(meta.posts()[0]?.id);
      expect(ref.firstCommentId).toBeUndefined();
      expect(meta.comments()).toHaveLength(0);
    });

    it.each<[string, PublishRequest]>([
      ['an empty post', { text: '  ', idempotencyKey: 'e1' }],
      ['a video', { text: 'clip', media: [{ url: 'https://cdn.example.com/a.mp4', kind: 'video' }], idempotencyKey: 'e2' }],
      ['eleven images', { text: 'many', media: Array.from({ length: 11 }, (_, i) => ({ url: `https://cdn.example.com/${i}.jpg`, kind: 'image' as const })), idempotencyKey: 'e3' }],
      ['a message over 63,206 characters', { text: 'x'.repeat(63_207), idempotencyKey: 'e4' }],
    ])('refuses %s as bad_content before sending anything', async (_what, request) => {
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);

      expect(error.kind).toBe('bad_content');
      expect(meta.posts()).toHaveLength(0);
    });

    it.each<[string, PublishRequest]>([
      ['a link that is not a URL', { text: 'x', link: 'not a url', idempotencyKey: 'b1' }],
      ['an image URL that is not an image', { text: 'x', media: [{ url: 'https://example.com/page.html', kind: 'image' }], idempotencyKey: 'b2' }],
    ])('classifies Graph\'s refusal of %s as bad_content', async (_what, request) => {
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);

      expect(error).toMatchObject({ kind: 'bad_content', httpStatus: 400, network: 'facebook' });
    });

    it.each([500, 503])('classifies HTTP %i on the feed post as unknown_outcome: without an idempotency key only findRecent can tell', async (status) => {
      meta.injectFault({ kind: 'status', status, path: `/${pageId}/feed` });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: `k-${status}` }), NetworkError);

      expect(error).toMatchObject({ kind: 'unknown_outcome', httpStatus: status });
    });

    it('classifies a server error while uploading an unpublished photo as retry_later: nothing is visible yet', async () => {
      meta.injectFault({ kind: 'status', status: 503, path: `/${pageId}/photos` });
      const media = [{ url: 'https://cdn.example.com/a.jpg', kind: 'image' as const }, { url: 'https://cdn.example.com/b.jpg', kind: 'image' as const }];

      const error = await failure(adapter.publish(account, credentials, { text: 'album', media, idempotencyKey: 'k-photo' }), NetworkError);

      expect(error.kind).toBe('retry_later');
      expect(meta.posts()).toHaveLength(0);
    });

    it('classifies a proxy\'s HTML 502 page on the feed post as unknown_outcome, never as success', async () => {
      meta.injectFault({ kind: 'status', status: 502, contentType: 'html', path: `/${pageId}/feed` });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-html' }), NetworkError);

      expect(error).toMatchObject({ kind: 'unknown_outcome', httpStatus: 502 });
    });

    it('classifies throttling as retry_later with the wait from estimated_time_to_regain_access', async () => {
      meta.injectFault({ kind: 'rate_limit', retryAfterSeconds: 120 });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-429' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 400, retryAfterMs: 120_000 });
      expect(error.message).toContain('#80001');
    });

    it('throttles past the hourly call budget, then lets calls through in the next hour', async () => {
      await start({ callsPerHour: 2 });
      await adapter.publish(account, credentials, { text: 'one', idempotencyKey: 'q1' });

      const error = await failure(adapter.publish(account, credentials, { text: 'two', idempotencyKey: 'q2' }), NetworkError);
      clock += 60 * 60 * 1000;
      const later = await adapter.publish(account, credentials, { text: 'two', idempotencyKey: 'q2' });

      expect(error).toMatchObject({ kind: 'retry_later', retryAfterMs: 60 * 60 * 1000 });
      expect(later.rateLimit?.remaining).toBe(50);
    });

    it('classifies an expired (463), an invalidated (467) and an unknown Page token as refresh_credentials', async () => {
      meta.addPage({ name: 'old', token: 'expired-token', tokenExpiresAt: '2025-03-01T11:00:00.000Z', id: '900' });
      meta.addPage({ name: 'revoked', token: 'revoked-token', id: '901' });
      meta.revokeToken('revoked-token');

      const expired = await failure(adapter.publish({ ...account, externalId: '900' }, { accessToken: 'expired-token' }, { text: 'x', idempotencyKey: 't1' }), NetworkError);
      const revoked = await failure(adapter.publish({ ...account, externalId: '901' }, { accessToken: 'revoked-token' }, { text: 'x', idempotencyKey: 't2' }), NetworkError);
      const unknown = await failure(adapter.publish(account, { accessToken: 'garbage' }, { text: 'x', idempotencyKey: 't3' }), NetworkError);

      expect(expired).toMatchObject({ kind: 'refresh_credentials', httpStatus: 400 });
      expect(expired.message).toContain('#190/463');
      expect(`${expired.message} ${String(expired.cause)}`).not.toContain('expired-token');
      expect(revoked.message).toContain('#190/467');
      expect(unknown.kind).toBe('refresh_credentials');
    });

    it('classifies a missing permission and a Page the token cannot see as disconnected', async () => {
      meta.injectFault({ kind: 'status', status: 403 });

      const forbidden = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'd1' }), NetworkError);
      const userToken = await failure(adapter.publish(account, { accessToken: USER_TOKEN }, { text: 'x', idempotencyKey: 'd2' }), NetworkError);
      const otherPage = await failure(adapter.publish({ ...account, externalId: '123456' }, credentials, { text: 'x', idempotencyKey: 'd3' }), NetworkError);

      expect(forbidden.message).toContain('#10');
      expect(userToken.message).toContain('#200');
      expect(otherPage.message).toContain('#100/33');
      expect([forbidden.kind, userToken.kind, otherPage.kind]).toEqual(['disconnected', 'disconnected', 'disconnected']);
    });

    it('reports a connection dropped after the post was made as unknown_outcome, then findRecent finds exactly that post', async () => {
      // Prepare
      await adapter.publish(account, credentials, { text: 'An older post', idempotencyKey: 'old' });
      clock += 90_000;
      const attemptStarted = new Date(clock);
      meta.injectFault({ kind: 'drop_after_commit', path: `/${pageId}/feed` });
      const request = { text: 'Did it post?', link: 'https://example.com/maybe', idempotencyKey: 'unknown' };

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const recent = await adapter.findRecent(account, credentials, attemptStarted);

      // Assess
      expect(error.kind).toBe('unknown_outcome');
      const matches = recent.filter((post) => post.text === adapter.composeText(request));
      expect(matches).toHaveLength(1);
      expect(matches[0]?.networkPostId).toBe(meta.posts()[1]?.id);
      expect(recent).toHaveLength(1);
    });

    it('reports a dropped connection and a slow network as unknown_outcome on the feed post', async () => {
      meta.injectFault({ kind: 'drop', path: `/${pageId}/feed` });
      // Answers only long after the test's own timeout: unknown_outcome can come only from the adapter giving up.
      meta.injectFault({ kind: 'slow', delayMs: 600_000, path: `/${pageId}/feed` });
      const fast = createFacebookAdapter({ timeoutMs: 200, now: () => clock });

      const dropped = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-drop' }), NetworkError);
      const slow = await failure(fast.publish(account, credentials, { text: 'slow', idempotencyKey: 'k-slow' }), NetworkError);

      expect(dropped.kind).toBe('unknown_outcome');
      expect(slow.kind).toBe('unknown_outcome');
    });

    it('classifies a refused connection (nothing sent) as retry_later', async () => {
      const closed = await startMetaStandIn();
      await closed.close();

      const error = await failure(adapter.publish({ ...account, baseUrl: closed.url }, credentials, { text: 'x', idempotencyKey: 'k-refused' }), NetworkError);

      expect(error.kind).toBe('retry_later');
    });

    it('refuses an account without a Page id as disconnected', async () => {
      const error = await failure(adapter.publish({ ...account, externalId: undefined }, credentials, { text: 'x', idempotencyKey: 'k-noid' }), NetworkError);

      expect(error.kind).toBe('disconnected');
    });
  });

  describe('getStatus and findRecent', () => {
    it('reports an existing post with its permalink, and missing or malformed ids as not existing', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'exists', idempotencyKey: 's1' });

      expect(await adapter.getStatus(account, credentials, ref.networkPostId)).toEqual({ networkPostId: ref.networkPostId, exists: true, url: ref.url });
      expect(await adapter.getStatus(account, credentials, `${pageId}_424242`)).toEqual({ networkPostId: `${pageId}_424242`, exists: false });
      expect(await adapter.getStatus(account, credentials, '../me/accounts')).toMatchObject({ exists: false });
    });

    it('classifies a server error while reading as retry_later', async () => {
      meta.injectFault({ kind: 'status', status: 500 });

      const error = await failure(adapter.getStatus(account, credentials, `${pageId}_1`), NetworkError);

      expect(error.kind).toBe('retry_later');
    });

    it('lists the Page\'s posts since a time, newest first, at second precision like Graph', async () => {
      // Prepare
      await adapter.publish(account, credentials, { text: 'before', idempotencyKey: 'r0' });
      clock += 60_500;
      const since = new Date(clock - 200);
      const first = await adapter.publish(account, credentials, { text: 'first', idempotencyKey: 'r1' });
      clock += 1000;
      const second = await adapter.publish(account, credentials, { text: 'second', idempotencyKey: 'r2' });

      // Act
      const recent = await adapter.findRecent(account, credentials, since);

      // Assess: `first` renders as 12:01:00+0000, 300 ms before `since`, and is still found.
      expect(recent).toEqual([
        { networkPostId: second.networkPostId, text: 'second', createdAt: '2025-03-01T12:01:01.000Z', url: second.url },
        { networkPostId: first.networkPostId, text: 'first', createdAt: '2025-03-01T12:01:00.000Z', url: first.url },
      ]);
    });
  });

  describe('refreshCredentials', () => {
    it('exchanges the User token (fb_exchange_token) and reads a fresh Page token that publishes', async () => {
      const old = { ...credentials, expiresAt: '2025-03-02T00:00:00.000Z', extra: { note: 'kept' } };

      const fresh = await adapter.refreshCredentials(account, old, APP);
      const ref = await adapter.publish(account, fresh, { text: 'with the new token', idempotencyKey: 'f1' });

      expect(fresh.accessToken).not.toBe(PAGE_TOKEN);
      expect(fresh.refreshToken).not.toBe(USER_TOKEN);
      expect(fresh).toMatchObject({ extra: { note: 'kept' }, expiresAt: new Date(START + 60 * 24 * 3600 * 1000).toISOString() });
      expect(ref.networkPostId).toBe(meta.posts()[0]?.id);
    });

    it('keeps the old expiry when the exchange answers without expires_in', async () => {
      await start({ longLivedTokenSeconds: null });
      const old = { ...credentials, expiresAt: '2025-04-01T00:00:00.000Z' };

      const fresh = await adapter.refreshCredentials(account, old, APP);

      expect(fresh.expiresAt).toBe('2025-04-01T00:00:00.000Z');
      expect(fresh.refreshToken).toBeTruthy();
    });

    it('needs the app secret and a User token, and reports a dead User token as disconnected', async () => {
      meta.addPage({ name: 'lapsed', token: 'lapsed-page', userToken: 'lapsed-user', id: '902' });
      meta.revokeToken('lapsed-user');

      const noApp = await failure(adapter.refreshCredentials(account, credentials), NetworkError);
      const noUser = await failure(adapter.refreshCredentials(account, { accessToken: PAGE_TOKEN }, APP), NetworkError);
      const wrongSecret = await failure(adapter.refreshCredentials(account, credentials, { ...APP, clientSecret: 'wrong' }), NetworkError);
      const dead = await failure(adapter.refreshCredentials({ ...account, externalId: '902' }, { accessToken: 'lapsed-page', refreshToken: 'lapsed-user' }, APP), NetworkError);

      expect([noApp.kind, noUser.kind, dead.kind]).toEqual(['disconnected', 'disconnected', 'disconnected']);
      expect(wrongSecret.kind).toBe('bad_content');
    });
  });

  it('declares Facebook\'s limits and how text is composed', () => {
    expect(adapter.limits).toMatchObject({ maxTextLength: 63_206, requiresMedia: false, threads: false, firstComment: true, mediaKinds: ['image'] });
    expect(adapter).toMatchObject({ idempotentPublish: false, credentialPolicy: 'extendable' });
    expect(composeFacebookMessage({ text: 'Read', link: 'https://example.com' })).toBe('Read');
    expect(facebookCaption({ text: 'Read', link: 'https://example.com' })).toBe('Read\n\nhttps://example.com');
    expect(adapter.measureText('👍🏽 café')).toBe(9);
  });
});
