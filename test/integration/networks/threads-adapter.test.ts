import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import { NetworkError, type MediaItem, type NetworkAccount, type NetworkAdapter, type NetworkCredentials, type PublishRequest } from '../../../shared/networks/contract.js';
import type { ContainerAdapterOptions } from '../../../shared/networks/meta/container-polling.js';
import { composeThreadsText, createThreadsAdapter } from '../../../shared/networks/threads/adapter.js';
import { failure } from '../../helpers/failure.js';

const TOKEN = 'acme-threads-token';
const START = Date.parse('2025-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const credentials: NetworkCredentials = { accessToken: TOKEN };
const image = (name: string, altText?: string): MediaItem => ({ url: `https://cdn.example.com/${name}.png`, kind: 'image', ...(altText ? { altText } : {}) });
const video = (name: string): MediaItem => ({ url: `https://cdn.example.com/${name}.mov`, kind: 'video' });

describe('Threads adapter against the Meta stand-in', () => {
  let meta: MetaStandIn;
  let clock: number;
  let userId: string;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let sleeps: number[];

  const make = (options: ContainerAdapterOptions = {}) => createThreadsAdapter({
    now: () => clock, pollIntervalMs: 1000, maxPolls: 5, sleep: async (ms) => { sleeps.push(ms); }, ...options,
  });

  async function start(options: Parameters<typeof startMetaStandIn>[0] = {}): Promise<void> {
    await meta?.close();
    meta = await startMetaStandIn({ now: () => clock, ...options });
    userId = meta.addThreadsUser({ username: 'acme', token: TOKEN }).id;
    account = { accountId: 'th-main', brandId: 'brand-1', network: 'threads', handle: '@acme', baseUrl: meta.url, externalId: userId };
  }

  async function graph(path: string, init: { method?: string; params?: Record<string, string> } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = new URLSearchParams({ ...init.params, access_token: TOKEN });
    const res = init.method === 'POST'
      ? await fetch(`${meta.url}/v1.0${path}`, { method: 'POST', body })
      : await fetch(`${meta.url}/v1.0${path}?${body.toString()}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeEach(async () => {
    clock = START;
    sleeps = [];
    await start();
    adapter = make();
  });

  afterEach(async () => {
    await meta.close();
  });

  describe('publish', () => {
    it('publishes a text post with its link: TEXT container, status polled, threads_publish', async () => {
      // Act
      const ref = await adapter.publish(account, credentials, { text: 'Hello Threads', link: 'https://example.com/a', idempotencyKey: 'p1' });

      // Assess
      const [post] = meta.posts();
      expect(post).toMatchObject({ network: 'threads', kind: 'post', mediaType: 'TEXT', text: 'Hello Threads\n\nhttps://example.com/a' });
      expect(ref).toEqual({ networkPostId: post?.id, url: post?.permalink, publishedAt: '2025-03-01T12:00:00.000Z', rateLimit: expect.objectContaining({ remaining: 100 }) });
      expect(sleeps).toEqual([1000]);
    });

    it('publishes an image with alt text and a video', async () => {
      await adapter.publish(account, credentials, { text: 'Look', media: [image('a', 'a sunset')], idempotencyKey: 'p2' });
      await adapter.publish(account, credentials, { text: '', media: [video('b')], idempotencyKey: 'p3' });

      expect(meta.posts()).toEqual([
        expect.objectContaining({ mediaType: 'IMAGE', text: 'Look', media: [{ kind: 'image', url: 'https://cdn.example.com/a.png', altText: 'a sunset' }] }),
        expect.objectContaining({ mediaType: 'VIDEO', text: '', media: [{ kind: 'video', url: 'https://cdn.example.com/b.mov' }] }),
      ]);
    });

    it('publishes a carousel from item containers', async () => {
      const media = [image('one'), video('two'), image('three')];

      const ref = await adapter.publish(account, credentials, { text: 'Swipe', media, idempotencyKey: 'p4' });

      expect(meta.posts()).toEqual([expect.objectContaining({ id: ref.networkPostId, mediaType: 'CAROUSEL', media: media.map(({ kind, url }) => ({ kind, url })) })]);
      expect(meta.containers().filter((c) => c.carouselItem)).toHaveLength(3);
    });

    it('publishes thread parts as a chain of replies, counted against the reply quota', async () => {
      // Act
      const ref = await adapter.publish(account, credentials, { text: '1/3 A thread', thread: ['2/3 goes on', '3/3 ends'], idempotencyKey: 'p5' });
      const limit = await graph(`/${userId}/threads_publishing_limit`, { params: { fields: 'quota_usage,config,reply_quota_usage,reply_config' } });

      // Assess
      const [root, second, third] = meta.posts();
      expect(ref.networkPostId).toBe(root?.id);
      expect(ref.threadPostIds).toEqual([second?.id, third?.id]);
      expect(second).toMatchObject({ kind: 'reply', text: '2/3 goes on', parentId: root?.id });
      expect(third).toMatchObject({ kind: 'reply', text: '3/3 ends', parentId: second?.id });
      expect(limit.body).toEqual({ data: [{
        quota_usage: 1, config: { quota_total: 250, quota_duration: 86_400 }, reply_quota_usage: 2, reply_config: { quota_total: 1000, quota_duration: 86_400 },
      }] });
    });

    it('returns the post and the parts that exist when a later part fails: never an error that invites a repost', async () => {
      let publishes = 0;
      const failThird: typeof fetch = (input, init) => {
        if (String(input).includes('/threads_publish') && (publishes += 1) === 3) {
          return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }));
        }
        return fetch(input, init);
      };

      const ref = await make({ fetch: failThird }).publish(account, credentials, { text: 'root', thread: ['two', 'three', 'four'], idempotencyKey: 'p6' });

      expect(meta.posts().map((p) => p.text)).toEqual(['root', 'two']);
      expect(ref.threadPostIds).toEqual([meta.posts()[1]?.id]);
    });

    it('agrees with the server on the limit: 500 with an emoji as 4 passes, 501 is refused before sending', async () => {
      const fits = `${'a'.repeat(496)}👍`;
      const over = `${'a'.repeat(497)}👍`;

      await adapter.publish(account, credentials, { text: fits, idempotencyKey: 'l1' });
      const error = await failure(adapter.publish(account, credentials, { text: over, idempotencyKey: 'l2' }), NetworkError);
      const direct = await graph(`/${userId}/threads`, { method: 'POST', params: { media_type: 'TEXT', text: over } });

      expect(adapter.measureText(fits)).toBe(500);
      expect(meta.posts()).toHaveLength(1);
      expect(error.kind).toBe('bad_content');
      expect(direct).toMatchObject({ status: 400, body: { error: { code: 100, type: 'OAuthException' } } });
    });

    it.each<[string, PublishRequest]>([
      ['an empty post', { text: ' ', idempotencyKey: 'e1' }],
      ['a thread part over 500', { text: 'ok', thread: ['fine', 'x'.repeat(501)], idempotencyKey: 'e2' }],
      ['an empty thread part', { text: 'ok', thread: [''], idempotencyKey: 'e3' }],
      ['21 carousel items', { text: 'many', media: Array.from({ length: 21 }, (_, i) => image(`i${i}`)), idempotencyKey: 'e4' }],
      ['a GIF', { text: 'gif', media: [{ url: 'https://cdn.example.com/a.gif', kind: 'gif' }], idempotencyKey: 'e5' }],
    ])('refuses %s as bad_content before creating any container', async (_what, request) => {
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);

      expect(error.kind).toBe('bad_content');
      expect(meta.containers()).toHaveLength(0);
    });

    it('classifies a media URL that is not an image (2207052) as bad_content', async () => {
      const error = await failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: 'ftp://cdn.example.com/a.png', kind: 'image' }], idempotencyKey: 'b1' }), NetworkError);

      expect(error.kind).toBe('bad_content');
      expect(error.message).toContain('2207052');
    });

    it('answers a post over the 24 h quota with retry_later until the oldest post leaves the window', async () => {
      await start({ threadsQuota: 3 });
      for (let i = 0; i < 3; i += 1) {
        await adapter.publish(account, credentials, { text: `post ${i}`, idempotencyKey: `q${i}` });
        clock += 10 * 60_000;
      }

      const error = await failure(adapter.publish(account, credentials, { text: 'one too many', idempotencyKey: 'q3' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 400, retryAfterMs: DAY - 30 * 60_000 });
      expect(error.message).toContain('(3 of 3 posts per 24 h); next slot at 2025-03-02T12:00:00.000Z');
      expect(meta.posts()).toHaveLength(3);
    });

    it('reports a connection dropped after threads_publish as unknown_outcome, then findRecent finds exactly that post', async () => {
      // Prepare
      await adapter.publish(account, credentials, { text: 'older', thread: ['a reply, not a post'], idempotencyKey: 'old' });
      clock += 60_000;
      const attemptStarted = new Date(clock);
      meta.injectFault({ kind: 'drop_after_commit', path: `/${userId}/threads_publish` });
      const request = { text: 'Did it post? 🤔', idempotencyKey: 'unknown' };

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const recent = await adapter.findRecent(account, credentials, attemptStarted);
      const all = await adapter.findRecent(account, credentials, new Date(START));

      // Assess
      expect(error.kind).toBe('unknown_outcome');
      expect(recent).toEqual([expect.objectContaining({ networkPostId: meta.posts().at(-1)?.id, text: adapter.composeText(request) })]);
      expect(all.map((p) => p.text)).toEqual(['Did it post? 🤔', 'older']);
    });

    it('classifies a server error creating a container as retry_later, a proxy page at threads_publish as unknown_outcome', async () => {
      meta.injectFault({ kind: 'status', status: 500, path: `/${userId}/threads`, method: 'POST' });
      meta.injectFault({ kind: 'status', status: 502, contentType: 'html', path: `/${userId}/threads_publish` });

      const container = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 's1' }), NetworkError);
      const publish = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 's2' }), NetworkError);

      expect(container).toMatchObject({ kind: 'retry_later', httpStatus: 500 });
      expect(publish).toMatchObject({ kind: 'unknown_outcome', httpStatus: 502 });
    });

    it('classifies throttling (#4) as retry_later', async () => {
      meta.injectFault({ kind: 'rate_limit', retryAfterSeconds: 60 });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'r1' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 400 });
      expect(error.message).toContain('#4');
    });

    it('classifies an expired token (190/463) as refresh_credentials', async () => {
      meta.addThreadsUser({ username: 'lapsed', token: 'lapsed-token', tokenExpiresAt: '2025-02-01T00:00:00.000Z', id: '800' });

      const error = await failure(adapter.publish({ ...account, externalId: '800' }, { accessToken: 'lapsed-token' }, { text: 'x', idempotencyKey: 't1' }), NetworkError);

      expect(error).toMatchObject({ kind: 'refresh_credentials' });
      expect(error.message).toContain('#190/463');
    });

    it('publishes a container once: a second threads_publish answers Media Not Found (24/4279009)', async () => {
      const created = await graph(`/${userId}/threads`, { method: 'POST', params: { media_type: 'TEXT', text: 'once' } });
      const creation_id = String(created.body.id);
      await graph(`/${creation_id}`, { params: { fields: 'status' } });

      const first = await graph(`/${userId}/threads_publish`, { method: 'POST', params: { creation_id } });
      const second = await graph(`/${userId}/threads_publish`, { method: 'POST', params: { creation_id } });

      expect(first.status).toBe(200);
      expect(second).toMatchObject({ status: 400, body: { error: { code: 24, error_subcode: 4279009 } } });
      expect(meta.posts()).toHaveLength(1);
    });

    it('posts as the token\'s user (me) when the account has no Threads id', async () => {
      const ref = await adapter.publish({ ...account, externalId: undefined }, credentials, { text: 'as me', idempotencyKey: 'm1' });

      expect(meta.posts()[0]).toMatchObject({ id: ref.networkPostId, ownerId: userId });
    });
  });

  describe('getStatus and refreshCredentials', () => {
    it('reports an existing post with its permalink, and a missing one as not existing', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'exists', idempotencyKey: 's1' });

      expect(await adapter.getStatus(account, credentials, ref.networkPostId)).toEqual({ networkPostId: ref.networkPostId, exists: true, url: ref.url });
      expect(await adapter.getStatus(account, credentials, '17841499999999999')).toMatchObject({ exists: false });
    });

    it('extends the token with th_refresh_token and keeps every field Threads does not return', async () => {
      const old = { accessToken: TOKEN, refreshToken: 'kept', expiresAt: '2025-03-05T00:00:00.000Z', extra: { note: 'kept' } };

      const fresh = await adapter.refreshCredentials(account, old);
      await adapter.publish(account, fresh, { text: 'new token', idempotencyKey: 'f1' });

      expect(fresh).toEqual({ accessToken: expect.not.stringMatching(TOKEN), refreshToken: 'kept', extra: { note: 'kept' }, expiresAt: new Date(START + 60 * DAY).toISOString() });
      expect(meta.posts()).toHaveLength(1);
    });

    it('refuses to refresh an Instagram token as a Threads token', async () => {
      meta.addInstagramUser({ username: 'other', token: 'ig-token' });

      const error = await failure(adapter.refreshCredentials(account, { accessToken: 'ig-token' }), NetworkError);

      expect(error.kind).toBe('disconnected');
    });
  });

  it('declares Threads\' limits, quota and text composition', () => {
    expect(adapter.limits).toMatchObject({
      maxTextLength: 500, maxMedia: 20, requiresMedia: false, threads: true, firstComment: false, publishQuota: { posts: 250, perSeconds: 86_400 },
    });
    expect(adapter).toMatchObject({ idempotentPublish: false, credentialPolicy: 'extendable' });
    expect(composeThreadsText({ text: 'Read', link: 'https://example.com' })).toBe('Read\n\nhttps://example.com');
  });
});
