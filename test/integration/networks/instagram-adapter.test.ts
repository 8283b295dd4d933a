import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import { NetworkError, type MediaItem, type NetworkAccount, type NetworkAdapter, type NetworkCredentials, type PublishRequest } from '../../../shared/networks/contract.js';
import type { ContainerAdapterOptions } from '../../../shared/networks/meta/container-polling.js';
import { composeInstagramCaption, createInstagramAdapter } from '../../../shared/networks/instagram/adapter.js';
import { failure } from '../../helpers/failure.js';

const TOKEN = 'acme-instagram-token';
const START = Date.parse('2025-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const credentials: NetworkCredentials = { accessToken: TOKEN };
const image = (name: string, altText?: string): MediaItem => ({ url: `https://cdn.example.com/${name}.jpg`, kind: 'image', ...(altText ? { altText } : {}) });
const video = (name: string): MediaItem => ({ url: `https://cdn.example.com/${name}.mp4`, kind: 'video' });

describe('Instagram adapter against the Meta stand-in', () => {
  let meta: MetaStandIn;
  let clock: number;
  let userId: string;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let sleeps: number[];

  const make = (options: ContainerAdapterOptions = {}) => createInstagramAdapter({
    now: () => clock, pollIntervalMs: 2000, maxPolls: 5, sleep: async (ms) => { sleeps.push(ms); }, ...options,
  });

  async function start(options: Parameters<typeof startMetaStandIn>[0] = {}): Promise<void> {
    await meta?.close();
    meta = await startMetaStandIn({ now: () => clock, ...options });
    userId = meta.addInstagramUser({ username: 'acme', token: TOKEN }).id;
    account = { accountId: 'ig-main', brandId: 'brand-1', network: 'instagram', handle: '@acme', baseUrl: meta.url, externalId: userId };
  }

  async function graph(path: string, init: { method?: string; params?: Record<string, string> } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const params = new URLSearchParams({ ...init.params, access_token: TOKEN });
    const res = init.method === 'POST'
      ? await fetch(`${meta.url}/v23.0${path}`, { method: 'POST', body: params })
      : await fetch(`${meta.url}/v23.0${path}?${params.toString()}`);
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
    it('publishes an image: container, status polled until FINISHED, media_publish', async () => {
      // Act
      const ref = await adapter.publish(account, credentials, {
        text: 'Spring is here #flowers', link: 'https://example.com/spring', media: [image('tulips', 'red tulips')], idempotencyKey: 'p1',
      });

      // Assess
      const [post] = meta.posts();
      expect(post).toMatchObject({
        network: 'instagram', mediaType: 'IMAGE', text: 'Spring is here #flowers\n\nhttps://example.com/spring',
        media: [{ kind: 'image', url: 'https://cdn.example.com/tulips.jpg', altText: 'red tulips' }],
      });
      expect(ref).toMatchObject({ networkPostId: post?.id, url: post?.permalink, publishedAt: '2025-03-01T12:00:00.000Z' });
      expect(ref.rateLimit).toMatchObject({ remaining: 100 });
      expect(sleeps).toEqual([2000]);
      expect(meta.containers()).toEqual([expect.objectContaining({ status: 'PUBLISHED', publishedId: post?.id })]);
    });

    it('publishes a single video as a Reel', async () => {
      await adapter.publish(account, credentials, { text: 'Watch', media: [video('clip')], idempotencyKey: 'p2' });

      expect(meta.posts()).toEqual([expect.objectContaining({ mediaType: 'REELS', media: [{ kind: 'video', url: 'https://cdn.example.com/clip.mp4' }] })]);
    });

    it('publishes a carousel of images and a video from one container per item', async () => {
      const media = [image('one'), video('two'), image('three')];

      const ref = await adapter.publish(account, credentials, { text: 'Swipe', media, idempotencyKey: 'p3' });

      expect(meta.posts()).toEqual([expect.objectContaining({ id: ref.networkPostId, mediaType: 'CAROUSEL', text: 'Swipe', media: media.map(({ kind, url }) => ({ kind, url })) })]);
      const containers = meta.containers();
      expect(containers).toHaveLength(4);
      expect(containers.filter((c) => c.carouselItem).map((c) => c.mediaType)).toEqual(['IMAGE', 'VIDEO', 'IMAGE']);
      expect(containers.at(-1)).toMatchObject({ mediaType: 'CAROUSEL', status: 'PUBLISHED' });
    });

    it('adds the first comment under the new media', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'Post', media: [image('a')], firstComment: '#more #tags', idempotencyKey: 'p4' });

      expect(meta.comments()).toEqual([expect.objectContaining({ id: ref.firstCommentId, parentId: ref.networkPostId, text: '#more #tags' })]);
    });

    it('publishes a caption of exactly 2,200 characters, as Instagram allows', async () => {
      const text = 'x'.repeat(2200);

      await adapter.publish(account, credentials, { text, media: [image('edge')], idempotencyKey: 'p5' });

      expect(meta.posts()[0]?.text).toBe(text);
    });

    it.each<[string, PublishRequest]>([
      ['text alone', { text: 'no picture', idempotencyKey: 'e1' }],
      ['eleven carousel items', { text: 'many', media: Array.from({ length: 11 }, (_, i) => image(`i${i}`)), idempotencyKey: 'e2' }],
      ['a GIF', { text: 'gif', media: [{ url: 'https://cdn.example.com/a.gif', kind: 'gif' }], idempotencyKey: 'e3' }],
      ['a caption over 2,200 characters', { text: 'x'.repeat(2201), media: [image('a')], idempotencyKey: 'e4' }],
      ['31 hashtags', { text: Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' '), media: [image('a')], idempotencyKey: 'e5' }],
      ['21 @-mentions', { text: Array.from({ length: 21 }, (_, i) => `@u${i}`).join(' '), media: [image('a')], idempotencyKey: 'e6' }],
    ])('refuses %s as bad_content before creating any container', async (_what, request) => {
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);

      expect(error.kind).toBe('bad_content');
      expect(meta.containers()).toHaveLength(0);
    });

    it('classifies a media URL Instagram cannot fetch as an image (9004/2207052) as bad_content', async () => {
      const error = await failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: 'https://example.com/page.html', kind: 'image' }], idempotencyKey: 'b1' }), NetworkError);

      expect(error).toMatchObject({ kind: 'bad_content', httpStatus: 400 });
      expect(error.message).toContain('#9004/2207052');
    });

    it('gives up as retry_later when the container stays IN_PROGRESS past the polling bound, publishing nothing', async () => {
      await start({ processingPolls: 10 });

      const error = await failure(make({ maxPolls: 3 }).publish(account, credentials, { text: 'slow', media: [video('long')], idempotencyKey: 'w1' }), NetworkError);

      expect(error.kind).toBe('retry_later');
      expect(sleeps).toEqual([2000, 2000]);
      expect(meta.posts()).toHaveLength(0);
    });

    it('reports a container that expired while waiting as retry_later', async () => {
      const slowClock = make({ sleep: async () => { clock += DAY + 60_000; } });

      const error = await failure(slowClock.publish(account, credentials, { text: 'late', media: [image('a')], idempotencyKey: 'w2' }), NetworkError);

      expect(error.kind).toBe('retry_later');
      expect(meta.containers()[0]?.status).toBe('EXPIRED');
      expect(meta.posts()).toHaveLength(0);
    });

    it('classifies 2207020 (media expired) at media_publish as retry_later, and the retry publishes with a fresh container', async () => {
      // Prepare: a day passes between the last status read and media_publish.
      let delayOnce = true;
      const lateFetch: typeof fetch = (input, init) => {
        if (delayOnce && String(input).includes('/media_publish')) {
          delayOnce = false;
          clock += DAY;
        }
        return fetch(input, init);
      };
      const request = { text: 'Second chance', media: [image('a')], idempotencyKey: 'x1' };

      // Act
      const error = await failure(make({ fetch: lateFetch }).publish(account, credentials, request), NetworkError);
      const retry = await make({ fetch: lateFetch }).publish(account, credentials, request);

      // Assess
      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 400 });
      expect(error.message).toContain('#-2/2207020');
      expect(meta.posts()).toEqual([expect.objectContaining({ id: retry.networkPostId })]);
      expect(meta.containers().map((c) => c.status)).toEqual(['EXPIRED', 'PUBLISHED']);
    });

    it('answers the 51st post in 24 hours with retry_later until the oldest post leaves the window', async () => {
      // Prepare: 50 posts, one a minute.
      for (let i = 0; i < 50; i += 1) {
        await adapter.publish(account, credentials, { text: `post ${i}`, media: [image(`p${i}`)], idempotencyKey: `q${i}` });
        clock += 60_000;
      }

      // Act
      const error = await failure(adapter.publish(account, credentials, { text: 'one too many', media: [image('extra')], idempotencyKey: 'q50' }), NetworkError);
      clock = START + DAY + 1000;
      const afterReset = await adapter.publish(account, credentials, { text: 'one too many', media: [image('extra')], idempotencyKey: 'q50' });

      // Assess
      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 400, retryAfterMs: START + DAY - (START + 50 * 60_000) });
      expect(error.message).toContain('50 of 50 posts per 24 h');
      expect(error.message).toContain('next slot at 2025-03-02T12:00:00.000Z');
      expect(afterReset.networkPostId).toBe(meta.posts()[50]?.id);
    });

    it('reports a connection dropped after media_publish as unknown_outcome, then findRecent finds exactly that post', async () => {
      // Prepare
      await adapter.publish(account, credentials, { text: 'An older post', media: [image('old')], idempotencyKey: 'old' });
      clock += 5 * 60_000;
      const attemptStarted = new Date(clock);
      meta.injectFault({ kind: 'drop_after_commit', path: `/${userId}/media_publish` });
      const request = { text: 'Did it post? #maybe', media: [image('maybe')], idempotencyKey: 'unknown' };

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const recent = await adapter.findRecent(account, credentials, attemptStarted);

      // Assess
      expect(error.kind).toBe('unknown_outcome');
      expect(recent).toEqual([expect.objectContaining({ networkPostId: meta.posts()[1]?.id, text: adapter.composeText(request) })]);
    });

    it('classifies a server error creating a container as retry_later, and one at media_publish as unknown_outcome', async () => {
      meta.injectFault({ kind: 'status', status: 500, path: `/${userId}/media`, method: 'POST' });
      meta.injectFault({ kind: 'status', status: 503, path: `/${userId}/media_publish` });

      const container = await failure(adapter.publish(account, credentials, { text: 'x', media: [image('a')], idempotencyKey: 's1' }), NetworkError);
      const publish = await failure(adapter.publish(account, credentials, { text: 'x', media: [image('a')], idempotencyKey: 's2' }), NetworkError);

      expect(container).toMatchObject({ kind: 'retry_later', httpStatus: 500 });
      expect(publish).toMatchObject({ kind: 'unknown_outcome', httpStatus: 503 });
    });

    it('classifies throttling (80002) as retry_later with the wait from X-Business-Use-Case-Usage', async () => {
      meta.injectFault({ kind: 'rate_limit', retryAfterSeconds: 300 });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', media: [image('a')], idempotencyKey: 'r1' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', retryAfterMs: 300_000 });
      expect(error.message).toContain('#80002');
    });

    it('classifies an expired token (190/463) as refresh_credentials', async () => {
      meta.addInstagramUser({ username: 'lapsed', token: 'lapsed-token', tokenExpiresAt: '2025-03-01T11:59:59.000Z', id: '700' });

      const error = await failure(adapter.publish({ ...account, externalId: '700' }, { accessToken: 'lapsed-token' }, { text: 'x', media: [image('a')], idempotencyKey: 't1' }), NetworkError);

      expect(error).toMatchObject({ kind: 'refresh_credentials', httpStatus: 400 });
      expect(error.message).toContain('#190/463');
    });
  });

  describe('the stand-in\'s containers', () => {
    it('publish once: IN_PROGRESS is not ready (9007/2207027), FINISHED publishes, a second publish finds no builder (24/2207008)', async () => {
      // Prepare
      const created = await graph(`/${userId}/media`, { method: 'POST', params: { image_url: 'https://cdn.example.com/a.jpg', caption: 'once' } });
      const creation_id = String(created.body.id);

      // Act
      const early = await graph(`/${userId}/media_publish`, { method: 'POST', params: { creation_id } });
      const polls = [await graph(`/${creation_id}`, { params: { fields: 'status_code' } }), await graph(`/${creation_id}`, { params: { fields: 'status_code' } })];
      const first = await graph(`/${userId}/media_publish`, { method: 'POST', params: { creation_id } });
      const second = await graph(`/${userId}/media_publish`, { method: 'POST', params: { creation_id } });
      const after = await graph(`/${creation_id}`, { params: { fields: 'status_code' } });

      // Assess
      expect(early).toMatchObject({ status: 400, body: { error: { code: 9007, error_subcode: 2207027, type: 'OAuthException', fbtrace_id: expect.any(String) } } });
      expect(polls.map((p) => p.body)).toEqual([{ id: creation_id, status_code: 'IN_PROGRESS' }, { id: creation_id, status_code: 'FINISHED' }]);
      expect(first).toMatchObject({ status: 200, body: { id: meta.posts()[0]?.id } });
      expect(second).toMatchObject({ status: 400, body: { error: { code: 24, error_subcode: 2207008 } } });
      expect(after.body).toEqual({ id: creation_id, status_code: 'PUBLISHED' });
      expect(meta.posts()).toHaveLength(1);
    });

    it('reports the quota and sends usage headers', async () => {
      await adapter.publish(account, credentials, { text: 'one', media: [image('a')], idempotencyKey: 'u1' });

      const limit = await graph(`/${userId}/content_publishing_limit`, { params: { fields: 'quota_usage,config' } });
      const res = await fetch(`${meta.url}/v23.0/${userId}?fields=username&access_token=${TOKEN}`);

      expect(limit.body).toEqual({ data: [{ quota_usage: 1, config: { quota_total: 50, quota_duration: 86_400 } }] });
      expect(JSON.parse(res.headers.get('x-business-use-case-usage') ?? '{}')).toEqual({
        [userId]: [{ type: 'instagram', call_count: expect.any(Number), total_cputime: expect.any(Number), total_time: expect.any(Number), estimated_time_to_regain_access: 0 }],
      });
    });
  });

  describe('getStatus and findRecent', () => {
    it('reports existing media with its permalink, and missing or malformed ids as not existing', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'exists', media: [image('a')], idempotencyKey: 's1' });

      expect(await adapter.getStatus(account, credentials, ref.networkPostId)).toEqual({ networkPostId: ref.networkPostId, exists: true, url: ref.url });
      expect(await adapter.getStatus(account, credentials, '17841499999999999')).toMatchObject({ exists: false });
      expect(await adapter.getStatus(account, credentials, 'me/media')).toMatchObject({ exists: false });
    });

    it('lists the account\'s media since a time, newest first, captions as text', async () => {
      await adapter.publish(account, credentials, { text: 'before', media: [image('a')], idempotencyKey: 'r0' });
      clock += 60_000;
      const since = new Date(clock);
      const first = await adapter.publish(account, credentials, { text: 'first', media: [image('b')], idempotencyKey: 'r1' });
      clock += 60_000;
      const second = await adapter.publish(account, credentials, { text: 'second', media: [image('c')], idempotencyKey: 'r2' });

      const recent = await adapter.findRecent(account, credentials, since);

      expect(recent).toEqual([
        { networkPostId: second.networkPostId, text: 'second', createdAt: '2025-03-01T12:02:00.000Z', url: second.url },
        { networkPostId: first.networkPostId, text: 'first', createdAt: '2025-03-01T12:01:00.000Z', url: first.url },
      ]);
    });
  });

  describe('refreshCredentials', () => {
    it('extends the token with ig_refresh_token and keeps every field Instagram does not return', async () => {
      const old = { accessToken: TOKEN, refreshToken: 'unused-by-instagram', expiresAt: '2025-03-10T00:00:00.000Z', extra: { note: 'kept' } };

      const fresh = await adapter.refreshCredentials(account, old);
      const ref = await adapter.publish(account, fresh, { text: 'new token', media: [image('a')], idempotencyKey: 'f1' });

      expect(fresh).toEqual({
        accessToken: expect.not.stringMatching(TOKEN), refreshToken: 'unused-by-instagram', extra: { note: 'kept' },
        expiresAt: new Date(START + 60 * DAY).toISOString(),
      });
      expect(ref.networkPostId).toBe(meta.posts()[0]?.id);
    });

    it('keeps the old expiry when the answer has no expires_in', async () => {
      await start({ longLivedTokenSeconds: null });

      const fresh = await adapter.refreshCredentials(account, { accessToken: TOKEN, expiresAt: '2025-03-10T00:00:00.000Z' });

      expect(fresh.expiresAt).toBe('2025-03-10T00:00:00.000Z');
    });

    it('reports a token that can no longer be refreshed as disconnected', async () => {
      meta.revokeToken(TOKEN);

      const error = await failure(adapter.refreshCredentials(account, credentials), NetworkError);

      expect(error.kind).toBe('disconnected');
      expect(error.message).toContain('#190/467');
    });
  });

  it('declares Instagram\'s limits, quota and caption composition', () => {
    expect(adapter.limits).toMatchObject({
      maxTextLength: 2200, maxMedia: 10, requiresMedia: true, threads: false, firstComment: true, mediaKinds: ['image', 'video'],
      publishQuota: { posts: 50, perSeconds: 86_400 },
    });
    expect(adapter).toMatchObject({ idempotentPublish: false, credentialPolicy: 'extendable' });
    expect(composeInstagramCaption({ text: 'Read', link: 'https://example.com' })).toBe('Read\n\nhttps://example.com');
    expect(adapter.measureText('👍 café')).toBe(7);
  });
});
