import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_X_CLIENT, startXStandIn, type XStandIn, type XStandInOptions } from '../../../local/stand-ins/x/server.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { composeXText, createXAdapter } from '../../../shared/networks/x/adapter.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2025-03-01T12:00:00.000Z');
const TOKEN = 'alice-access-token';
const REFRESH = 'alice-refresh-token';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const app = { clientId: DEFAULT_X_CLIENT.clientId, clientSecret: DEFAULT_X_CLIENT.clientSecret };

describe('X adapter against the X stand-in', () => {
  let media: Server;
  let mediaUrl: string;
  let standIn: XStandIn;
  let clock: number;
  let account: NetworkAccount;
  let credentials: NetworkCredentials;
  let adapter: NetworkAdapter;

  beforeAll(async () => {
    // Public media URLs, as the publisher hands them over.
    media = createServer((req, res) => {
      if (req.url === '/photo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      else if (req.url === '/notes.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
    mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => media.close(resolve));
  });

  async function start(options: XStandInOptions = {}): Promise<void> {
    await standIn?.close();
    standIn = await startXStandIn({ now: () => clock, ...options });
    const alice = standIn.addAccount({ username: 'alice', token: TOKEN, refreshToken: REFRESH });
    account = { accountId: 'x-main', brandId: 'brand-1', network: 'x', handle: '@alice', baseUrl: standIn.url, externalId: alice.id };
    credentials = { accessToken: TOKEN, refreshToken: REFRESH };
  }

  beforeEach(async () => {
    clock = START;
    await start();
    adapter = createXAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await standIn.close();
  });

  describe('publish', () => {
    it('posts the text with the link after a blank line and returns id, url, time and rate-limit state', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'Hello from Pillars', link: 'https://example.com/post', idempotencyKey: 'post-1' });

      const [stored] = standIn.posts();
      expect(stored).toMatchObject({ text: 'Hello from Pillars\n\nhttps://example.com/post', username: 'alice', inReplyToTweetId: null });
      expect(ref).toEqual({
        networkPostId: stored?.id,
        url: `https://x.com/alice/status/${stored?.id}`,
        publishedAt: stored?.createdAt,
        rateLimit: { remaining: 99, resetAt: '2025-03-01T12:15:00.000Z' },
      });
    });

    it('reports the remaining quota as X counts it down', async () => {
      await adapter.publish(account, credentials, { text: 'one', idempotencyKey: 'k-1' });
      const second = await adapter.publish(account, credentials, { text: 'two', idempotencyKey: 'k-2' });

      expect(second.rateLimit).toEqual({ remaining: 98, resetAt: '2025-03-01T12:15:00.000Z' });
    });

    it('publishes a thread, each part replying to the previous one', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'Thread 1/3', thread: ['Thread 2/3', 'Thread 3/3'], idempotencyKey: 'thread-1' });

      const [first, second, third] = standIn.posts();
      expect(ref.networkPostId).toBe(first?.id);
      expect(ref.threadPostIds).toEqual([second?.id, third?.id]);
      expect(second).toMatchObject({ text: 'Thread 2/3', inReplyToTweetId: first?.id, conversationId: first?.id });
      expect(third).toMatchObject({ text: 'Thread 3/3', inReplyToTweetId: second?.id, conversationId: first?.id });
    });

    it('uploads media through the chunked v2 endpoints, sets alt text and attaches the media ids', async () => {
      const ref = await adapter.publish(account, credentials, {
        text: 'Two photos',
        media: [{ url: `${mediaUrl}/photo.png`, kind: 'image', altText: 'A red pixel' }, { url: `${mediaUrl}/photo.png`, kind: 'image' }],
        idempotencyKey: 'media-1',
      });

      const uploads = standIn.media();
      expect(uploads).toEqual([
        { id: expect.any(String), mediaType: 'image/png', kind: 'photo', size: PNG.length, finalized: true, altText: 'A red pixel' },
        { id: expect.any(String), mediaType: 'image/png', kind: 'photo', size: PNG.length, finalized: true, altText: null },
      ]);
      expect(standIn.posts()[0]).toMatchObject({ id: ref.networkPostId, mediaIds: uploads.map((u) => u.id) });
    });

    it('fails a post whose media cannot be used before posting anything', async () => {
      const missing = await failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${mediaUrl}/gone.png`, kind: 'image' }], idempotencyKey: 'm-404' }), NetworkError);
      const wrongType = await failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${mediaUrl}/notes.txt`, kind: 'image' }], idempotencyKey: 'm-txt' }), NetworkError);
      const video = { url: `${mediaUrl}/photo.png`, kind: 'video' as const };
      const mixed = await failure(adapter.publish(account, credentials, { text: 'x', media: [video, video], idempotencyKey: 'm-mix' }), NetworkError);

      expect(missing).toMatchObject({ kind: 'bad_content', httpStatus: 404 });
      expect(wrongType.message).toContain('text/plain');
      expect(mixed.kind).toBe('bad_content');
      expect(standIn.posts()).toHaveLength(0);
    });

    it('agrees with X on the 280 weighted limit: URLs count 23, emoji 2', async () => {
      const text = `${'a'.repeat(235)} ${'🎉'.repeat(10)} https://example.com/${'p'.repeat(100)}`;
      expect(adapter.measureText(text)).toBe(235 + 1 + 10 * 2 + 1 + 23);

      await expect(adapter.publish(account, credentials, { text, idempotencyKey: 'k-edge' })).resolves.toMatchObject({ networkPostId: expect.any(String) });
      const error = await failure(adapter.publish(account, credentials, { text: `${'b'.repeat(260)}${'🎉'.repeat(11)}`, idempotencyKey: 'k-long' }), NetworkError);

      expect(error).toMatchObject({ kind: 'bad_content', httpStatus: 400 });
      expect(error.message).toContain('Your Tweet text is too long');
    });

    it('reports X\'s 403 for duplicate content as bad_content that says it is a duplicate', async () => {
      const request = { text: 'Same words twice', idempotencyKey: 'dup' };
      await adapter.publish(account, credentials, request);

      const error = await failure(adapter.publish(account, credentials, request), NetworkError);

      expect(error).toMatchObject({ kind: 'bad_content', httpStatus: 403, network: 'x' });
      expect(error.message).toMatch(/duplicate/i);
      expect(standIn.posts()).toHaveLength(1);
    });
  });

  describe('errors', () => {
    it.each([
      [503, 'retry_later'],
      [500, 'unknown_outcome'],
      [502, 'unknown_outcome'],
      [504, 'unknown_outcome'],
    ] as const)('classifies HTTP %i on publish as %s (no idempotency key: only 503 is known not to have posted)', async (status, kind) => {
      standIn.injectFault({ kind: 'status', status });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: `k-${status}` }), NetworkError);

      expect(error).toMatchObject({ kind, httpStatus: status });
    });

    it('classifies a proxy\'s HTML 502 page on publish as unknown_outcome', async () => {
      standIn.injectFault({ kind: 'status', status: 502, contentType: 'html' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-html' }), NetworkError);

      expect(error).toMatchObject({ kind: 'unknown_outcome', httpStatus: 502 });
    });

    it('classifies 429 as retry_later with retryAfterMs from x-rate-limit-reset', async () => {
      standIn.injectFault({ kind: 'rate_limit', retryAfterSeconds: 30 });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-429' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 429, retryAfterMs: 30_000 });
    });

    it('answers 429 itself once the 15-minute window is used up', async () => {
      await start({ rateLimits: { 'POST /2/tweets': 1 } });
      await adapter.publish(account, credentials, { text: 'first', idempotencyKey: 'k-a' });

      const error = await failure(adapter.publish(account, credentials, { text: 'second', idempotencyKey: 'k-b' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', retryAfterMs: 15 * 60_000 });
    });

    it('classifies a revoked or expired token as refresh_credentials', async () => {
      const revoked = await failure(adapter.publish(account, { accessToken: 'revoked' }, { text: 'x', idempotencyKey: 'k-401' }), NetworkError);
      clock += 2 * 60 * 60_000;
      const expired = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-exp' }), NetworkError);

      expect(revoked).toMatchObject({ kind: 'refresh_credentials', httpStatus: 401 });
      expect(expired).toMatchObject({ kind: 'refresh_credentials', httpStatus: 401 });
    });

    it('classifies a suspended account (403) and a missing one (404) as disconnected, another 400 as bad_content', async () => {
      standIn.injectFault({ kind: 'status', status: 403, error: 'Your account is suspended and is not permitted to access this feature.' });
      standIn.injectFault({ kind: 'status', status: 404 });
      standIn.injectFault({ kind: 'status', status: 400, error: 'Invalid Request' });

      const suspended = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-403' }), NetworkError);
      const gone = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-404' }), NetworkError);
      const bad = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-400' }), NetworkError);

      expect([suspended.kind, gone.kind, bad.kind]).toEqual(['disconnected', 'disconnected', 'bad_content']);
    });

    it('reports a connection dropped before any answer as unknown_outcome', async () => {
      standIn.injectFault({ kind: 'drop' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-drop' }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
      expect(standIn.posts()).toHaveLength(0);
    });

    it('reports a network slower than the timeout as unknown_outcome instead of hanging', async () => {
      // Answers only long after the test's own timeout: unknown_outcome can come only from the adapter giving up.
      standIn.injectFault({ kind: 'slow', delayMs: 600_000 });
      const fast = createXAdapter({ timeoutMs: 200, now: () => clock });

      const error = await failure(fast.publish(account, credentials, { text: 'slow', idempotencyKey: 'k-slow' }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
    });

    it('classifies a refused connection (nothing sent) as retry_later', async () => {
      const closed = await startXStandIn();
      const deadUrl = closed.url;
      await closed.close();

      const error = await failure(adapter.publish({ ...account, baseUrl: deadUrl }, credentials, { text: 'x', idempotencyKey: 'k-refused' }), NetworkError);

      expect(error.kind).toBe('retry_later');
    });

    it('reports a thread that fails after its first post as unknown_outcome naming what was posted', async () => {
      await start({ rateLimits: { 'POST /2/tweets': 1 } });

      const error = await failure(adapter.publish(account, credentials, { text: 'root', thread: ['reply'], idempotencyKey: 'k-partial' }), NetworkError);

      const [root] = standIn.posts();
      expect(error.kind).toBe('unknown_outcome');
      expect(error.message).toContain(`part 2/2 failed after posting ${root?.id}`);
    });
  });

  describe('reconciliation', () => {
    it('reports a connection dropped after X created the post as unknown_outcome, then finds it with findRecent', async () => {
      // Prepare
      standIn.injectFault({ kind: 'drop_after_commit' });
      const request = { text: 'Did it post?', link: 'https://example.com/launch', idempotencyKey: 'post-unknown' };
      const requestedAt = new Date(clock);
      clock += 1000;

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const recent = await adapter.findRecent(account, credentials, requestedAt);

      // Assess: the post exists once; findRecent gives it back with its links expanded, as composed.
      expect(error.kind).toBe('unknown_outcome');
      expect(standIn.posts()).toHaveLength(1);
      expect(recent).toEqual([{
        networkPostId: standIn.posts()[0]?.id,
        text: composeXText(request),
        createdAt: standIn.posts()[0]?.createdAt,
        url: `https://x.com/alice/status/${standIn.posts()[0]?.id}`,
      }]);
    });

    it('lists only posts created at or after `since`, newest first, across pages', async () => {
      await start({ rateLimits: { 'POST /2/tweets': 1000 } });
      await adapter.publish(account, credentials, { text: 'before', idempotencyKey: 'old' });
      clock += 60_000;
      const since = new Date(clock);
      for (let i = 1; i <= 105; i += 1) {
        clock += 1000;
        await adapter.publish(account, credentials, { text: `post ${i}`, idempotencyKey: `p-${i}` });
      }

      const recent = await adapter.findRecent(account, credentials, since);

      expect(recent).toHaveLength(105);
      expect(recent[0]?.text).toBe('post 105');
      expect(recent.at(-1)?.text).toBe('post 1');
    });

    it('finds the user id with /2/users/me when the account has no external id', async () => {
      await adapter.publish(account, credentials, { text: 'mine', idempotencyKey: 'me' });
      const { externalId: _unused, ...withoutId } = account;

      const recent = await adapter.findRecent(withoutId, credentials, new Date(START));

      expect(recent.map((p) => p.text)).toEqual(['mine']);
    });
  });

  describe('getStatus', () => {
    it('reports an existing post, a deleted one and a malformed id', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'exists', idempotencyKey: 'k-exists' });
      const gone = await adapter.publish(account, credentials, { text: 'to delete', idempotencyKey: 'k-del' });
      await fetch(`${standIn.url}/2/tweets/${gone.networkPostId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });

      expect(await adapter.getStatus(account, credentials, ref.networkPostId)).toEqual({ networkPostId: ref.networkPostId, exists: true, url: ref.url });
      expect(await adapter.getStatus(account, credentials, gone.networkPostId)).toEqual({ networkPostId: gone.networkPostId, exists: false });
      expect(await adapter.getStatus(account, credentials, '../users/me')).toEqual({ networkPostId: '../users/me', exists: false });
    });

    it('classifies a server error while reading as retry_later', async () => {
      standIn.injectFault({ kind: 'status', status: 500 });

      const error = await failure(adapter.getStatus(account, credentials, '123'), NetworkError);

      expect(error.kind).toBe('retry_later');
    });
  });

  describe('refreshCredentials', () => {
    it('rotates the tokens: the new access token posts, the old refresh token no longer works', async () => {
      // Act
      const fresh = await adapter.refreshCredentials(account, credentials, app);
      const reused = await failure(adapter.refreshCredentials(account, credentials, app), NetworkError);
      const posted = await adapter.publish(account, { accessToken: fresh.accessToken }, { text: 'with a fresh token', idempotencyKey: 'fresh' });
      const again = await adapter.refreshCredentials(account, fresh, app);

      // Assess
      expect(fresh.accessToken).not.toBe(TOKEN);
      expect(fresh.refreshToken).toMatch(/^rt-/);
      expect(fresh.refreshToken).not.toBe(REFRESH);
      expect(fresh.expiresAt).toBe('2025-03-01T14:00:00.000Z');
      expect(reused).toMatchObject({ kind: 'disconnected', httpStatus: 400 });
      expect(posted.networkPostId).toBe(standIn.posts()[0]?.id);
      expect(again.refreshToken).not.toBe(fresh.refreshToken);
    });

    it.each(['keep', 'empty'] as const)('keeps the old refresh token when X sends none (%s), never storing an empty one', async (refreshRotation) => {
      await start({ refreshRotation });

      const fresh = await adapter.refreshCredentials(account, { ...credentials, extra: { note: 'kept' } }, app);

      expect(fresh).toMatchObject({ refreshToken: REFRESH, extra: { note: 'kept' } });
      expect(fresh.accessToken).not.toBe(TOKEN);
    });

    it('works for a public client (client id only) and fails without app credentials or with a wrong secret', async () => {
      await start({ clients: [{ clientId: 'public-app' }, DEFAULT_X_CLIENT] });

      const publicRefresh = await adapter.refreshCredentials(account, credentials, { clientId: 'public-app' });
      const noApp = await failure(adapter.refreshCredentials(account, publicRefresh), NetworkError);
      const wrongSecret = await failure(adapter.refreshCredentials(account, publicRefresh, { ...app, clientSecret: 'nope' }), NetworkError);
      const noRefreshToken = await failure(adapter.refreshCredentials(account, { accessToken: TOKEN }, app), NetworkError);

      expect(publicRefresh.accessToken).toMatch(/^at-/);
      expect([noApp.kind, wrongSecret.kind, noRefreshToken.kind]).toEqual(['disconnected', 'disconnected', 'disconnected']);
      expect(wrongSecret.httpStatus).toBe(401);
    });

    it('classifies an unreachable token endpoint as retry_later', async () => {
      standIn.injectFault({ kind: 'status', status: 503, path: '/2/oauth2/token' });

      const error = await failure(adapter.refreshCredentials(account, credentials, app), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 503 });
    });
  });

  describe('text rules and the stand-in', () => {
    it('declares X\'s limits and policies', () => {
      expect(adapter).toMatchObject({ network: 'x', idempotentPublish: false, credentialPolicy: 'rotating' });
      expect(adapter.limits).toMatchObject({ maxTextLength: 280, maxMedia: 4, threads: true, firstComment: false, requiresMedia: false });
      expect(adapter.composeText({ text: 'Read this', link: 'https://example.com' })).toBe('Read this\n\nhttps://example.com');
      expect(adapter.measureText('caf\u0065\u0301 👍🏽 https://example.com/a/very/long/path')).toBe(4 + 1 + 2 + 1 + 23);
    });

    it('is controllable over HTTP like the Mastodon sandbox', async () => {
      const control = (path: string, init: RequestInit = {}) =>
        fetch(`${standIn.url}/_sandbox${path}`, { ...init, headers: { 'Content-Type': 'application/json' } });

      const created = await control('/accounts', { method: 'POST', body: JSON.stringify({ username: 'carol', token: 'carol-token' }) });
      const injected = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, times: 2 }) });
      const invalid = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'nonsense' }) });
      const cleared = await control('/faults', { method: 'DELETE' });
      await adapter.publish({ ...account, handle: 'carol' }, { accessToken: 'carol-token' }, { text: 'from carol', idempotencyKey: 'c' });
      const listed = (await (await control('/posts')).json()) as Array<{ text: string; username: string }>;

      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ id: expect.stringMatching(/^\d+$/), accessToken: 'carol-token' });
      expect([injected.status, invalid.status, cleared.status]).toEqual([201, 400, 204]);
      expect(listed).toEqual([expect.objectContaining({ text: 'from carol', username: 'carol' })]);
    });
  });
});
