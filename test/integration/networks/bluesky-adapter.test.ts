import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBlueskyStandIn, type BlueskyStandIn, type BlueskyStandInOptions } from '../../../local/stand-ins/bluesky/server.js';
import { blueskyRecordKey, composeBlueskyText, createBlueskyAdapter } from '../../../shared/networks/bluesky/adapter.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2025-03-01T12:00:00.000Z');
const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('Bluesky adapter against the Bluesky stand-in', () => {
  let media: Server;
  let mediaUrl: string;
  let standIn: BlueskyStandIn;
  let clock: number;
  let aliceDid: string;
  let bobDid: string;
  let account: NetworkAccount;
  let credentials: NetworkCredentials;
  let adapter: NetworkAdapter;
  const key = () => ulid(clock);

  beforeAll(async () => {
    media = createServer((req, res) => {
      if (req.url === '/photo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      else if (req.url === '/huge.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(1_000_001));
      else if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
    mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => media.close(resolve));
  });

  async function start(options: BlueskyStandInOptions = {}): Promise<void> {
    await standIn?.close();
    standIn = await startBlueskyStandIn({ now: () => clock, ...options });
    const alice = standIn.addAccount({ handle: 'alice.test', password: APP_PASSWORD });
    bobDid = standIn.addAccount({ handle: 'bob.test', password: 'bob-password' }).did;
    aliceDid = alice.did;
    account = { accountId: 'bsky-main', brandId: 'brand-1', network: 'bluesky', handle: '@alice.test', baseUrl: standIn.url, externalId: alice.did };
    credentials = { accessToken: alice.accessJwt, refreshToken: alice.refreshJwt, extra: { appPassword: APP_PASSWORD } };
  }

  beforeEach(async () => {
    clock = START;
    await start();
    adapter = createBlueskyAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await standIn.close();
  });

  describe('publish', () => {
    it('creates one post at the key\'s record key, with the link faceted and carded, and reports the rate limit', async () => {
      const idempotencyKey = key();

      const ref = await adapter.publish(account, credentials, { text: 'Hello from Pillars', link: 'https://example.com/post', idempotencyKey });

      const [stored] = standIn.posts();
      const rkey = blueskyRecordKey(idempotencyKey);
      expect(ref).toEqual({
        networkPostId: `at://${aliceDid}/app.bsky.feed.post/${rkey}`,
        url: `https://bsky.app/profile/${aliceDid}/post/${rkey}`,
        publishedAt: '2025-03-01T12:00:00.000Z',
        rateLimit: { remaining: 4997, resetAt: '2025-03-01T13:00:00.000Z' },
      });
      expect(stored?.uri).toBe(ref.networkPostId);
      expect(stored?.record).toEqual({
        $type: 'app.bsky.feed.post',
        text: 'Hello from Pillars\n\nhttps://example.com/post',
        createdAt: '2025-03-01T12:00:00.000Z',
        facets: [{ $type: 'app.bsky.richtext.facet', index: { byteStart: 20, byteEnd: 44 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/post' }] }],
        embed: { $type: 'app.bsky.embed.external', external: { uri: 'https://example.com/post', title: 'https://example.com/post', description: '' } },
      });
    });

    it('derives record keys that are TIDs sorted like the ULID keys they come from', () => {
      const postId = ulid(START);
      const early = blueskyRecordKey(postId);
      const later = blueskyRecordKey(ulid(START + 2000));

      expect(early).toMatch(/^[234567abcdefghij][234567a-z]{12}$/);
      expect(blueskyRecordKey('post-1')).toMatch(/^[234567abcdefghij][234567a-z]{12}$/);
      expect(blueskyRecordKey('post-1')).toBe(blueskyRecordKey('post-1'));
      expect(early < later).toBe(true);
      expect(blueskyRecordKey(postId, 0) < blueskyRecordKey(postId, 1)).toBe(true);
    });

    it('faces mentions, tags, cashtags, bare domains and the link with UTF-8 byte offsets after emoji and accents (the stand-in checks them)', async () => {
      const request = { text: 'Salut @bob.test 🎉 déjà vu #lancement, $cdr na sklep.pl/promocja, et @nobody.test', link: 'https://example.com/é', idempotencyKey: key() };

      await adapter.publish(account, credentials, request);

      const record = standIn.posts()[0]?.record as { text: string; facets: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, string>> }> };
      const covered = record.facets.map((f) => [Buffer.from(record.text).subarray(f.index.byteStart, f.index.byteEnd).toString(), f.features[0]]);
      expect(covered).toEqual([
        ['@bob.test', { $type: 'app.bsky.richtext.facet#mention', did: bobDid }],
        ['#lancement', { $type: 'app.bsky.richtext.facet#tag', tag: 'lancement' }],
        ['$cdr', { $type: 'app.bsky.richtext.facet#tag', tag: '$CDR' }],
        ['sklep.pl/promocja', { $type: 'app.bsky.richtext.facet#link', uri: 'https://sklep.pl/promocja' }],
        ['https://example.com/é', { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/é' }],
      ]);
    });

    it('publishes a thread whose replies point at the root and their parent (uri + cid)', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'Thread 1/3', thread: ['Thread 2/3', 'Thread 3/3'], idempotencyKey: key() });

      const [first, second, third] = standIn.posts();
      expect(ref.threadPostIds).toEqual([second?.uri, third?.uri]);
      expect(second?.record.reply).toEqual({ root: { uri: first?.uri, cid: first?.cid }, parent: { uri: first?.uri, cid: first?.cid } });
      expect(third?.record.reply).toEqual({ root: { uri: first?.uri, cid: first?.cid }, parent: { uri: second?.uri, cid: second?.cid } });
    });

    it('uploads images as blobs and embeds them with alt text instead of a link card', async () => {
      await adapter.publish(account, credentials, {
        text: 'Two photos',
        link: 'https://example.com',
        media: [{ url: `${mediaUrl}/photo.png`, kind: 'image', altText: 'A red pixel' }, { url: `${mediaUrl}/photo.png`, kind: 'image' }],
        idempotencyKey: key(),
      });

      const embed = standIn.posts()[0]?.record.embed as { $type: string; images: Array<{ alt: string; image: { mimeType: string; size: number; ref: { $link: string } } }> };
      expect(embed.$type).toBe('app.bsky.embed.images');
      expect(embed.images.map((i) => [i.alt, i.image.mimeType, i.image.size])).toEqual([['A red pixel', 'image/png', PNG.length], ['', 'image/png', PNG.length]]);
      expect(embed.images[0]?.image.ref.$link).toMatch(/^bafkrei[a-z2-7]+$/);
    });

    it('fails media Bluesky cannot take before writing anything', async () => {
      const errors = await Promise.all([
        failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${mediaUrl}/photo.png`, kind: 'video' }], idempotencyKey: key() }), NetworkError),
        failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${mediaUrl}/huge.png`, kind: 'image' }], idempotencyKey: key() }), NetworkError),
        failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${mediaUrl}/page.html`, kind: 'image' }], idempotencyKey: key() }), NetworkError),
        failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${mediaUrl}/gone.png`, kind: 'image' }], idempotencyKey: key() }), NetworkError),
      ]);

      expect(errors.map((e) => e.kind)).toEqual(['bad_content', 'bad_content', 'bad_content', 'bad_content']);
      expect(standIn.posts()).toHaveLength(0);
    });

    it('agrees with the PDS on the 300-grapheme limit', async () => {
      const full = `${'é'.repeat(290)}${'👨‍👩‍👧'.repeat(10)}`;
      expect(adapter.measureText(full)).toBe(300);

      await expect(adapter.publish(account, credentials, { text: full, idempotencyKey: key() })).resolves.toMatchObject({ networkPostId: expect.any(String) });
      const error = await failure(adapter.publish(account, credentials, { text: `${full}!`, idempotencyKey: ulid(clock + 1) }), NetworkError);

      expect(error).toMatchObject({ kind: 'bad_content', httpStatus: 400 });
      expect(error.message).toContain('must not be longer than 300 graphemes');
    });

    it('returns the first post for a repeated key: one record, same URI', async () => {
      const request = { text: 'Only once', thread: ['and its reply'], idempotencyKey: key() };

      const first = await adapter.publish(account, credentials, request);
      clock += 60_000;
      const second = await adapter.publish(account, credentials, request);

      expect(second).toMatchObject({ networkPostId: first.networkPostId, threadPostIds: first.threadPostIds, publishedAt: first.publishedAt });
      expect(standIn.posts()).toHaveLength(2);
    });
  });

  describe('errors', () => {
    it.each([500, 502, 503])('classifies HTTP %i as retry_later (a replay cannot duplicate)', async (status) => {
      standIn.injectFault({ kind: 'status', status, path: '/xrpc/com.atproto.repo.createRecord' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: status, network: 'bluesky' });
      expect(standIn.posts()).toHaveLength(0);
    });

    it('classifies a proxy\'s HTML 502 page as retry_later', async () => {
      standIn.injectFault({ kind: 'status', status: 502, contentType: 'html' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 502 });
    });

    it('classifies 429 as retry_later with retryAfterMs from ratelimit-reset', async () => {
      standIn.injectFault({ kind: 'rate_limit', retryAfterSeconds: 30 });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 429, retryAfterMs: 30_000 });
    });

    it('answers 429 itself once the hour\'s write points are spent', async () => {
      await start({ rateLimits: { writePointsPerHour: 5 } });
      await adapter.publish(account, credentials, { text: 'first', idempotencyKey: key() });

      const error = await failure(adapter.publish(account, credentials, { text: 'second', idempotencyKey: ulid(clock + 1) }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', retryAfterMs: 60 * 60_000 });
    });

    it('classifies an unknown or expired access JWT as refresh_credentials', async () => {
      const unknown = await failure(adapter.publish(account, { accessToken: 'not-a-session' }, { text: 'x', idempotencyKey: key() }), NetworkError);
      clock += 2 * 60 * 60_000;
      const expired = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);

      expect(unknown).toMatchObject({ kind: 'refresh_credentials', httpStatus: 400 });
      expect(expired).toMatchObject({ kind: 'refresh_credentials', httpStatus: 400 });
      expect(expired.message).toContain('ExpiredToken');
    });

    it('classifies a taken-down account as disconnected and an invalid request as bad_content', async () => {
      standIn.injectFault({ kind: 'status', status: 400, error: 'AccountTakedown', path: '/xrpc/com.atproto.repo.createRecord' });
      standIn.injectFault({ kind: 'status', status: 400, error: 'Invalid record', path: '/xrpc/com.atproto.repo.createRecord' });

      const takenDown = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);
      const invalid = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);

      expect(takenDown.kind).toBe('disconnected');
      expect(invalid).toMatchObject({ kind: 'bad_content', httpStatus: 400 });
    });

    it('reports a connection dropped before any answer as unknown_outcome', async () => {
      standIn.injectFault({ kind: 'drop', path: '/xrpc/com.atproto.repo.createRecord' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
    });

    it('reports a PDS slower than the timeout as unknown_outcome instead of hanging', async () => {
      // Answers only long after the test's own timeout: unknown_outcome can come only from the adapter giving up.
      standIn.injectFault({ kind: 'slow', delayMs: 600_000 });
      const fast = createBlueskyAdapter({ timeoutMs: 200, now: () => clock });

      const error = await failure(fast.publish(account, credentials, { text: 'slow', idempotencyKey: key() }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
    });

    it('classifies a refused connection (nothing sent) as retry_later', async () => {
      const closed = await startBlueskyStandIn();
      const deadUrl = closed.url;
      await closed.close();

      const error = await failure(adapter.publish({ ...account, baseUrl: deadUrl }, credentials, { text: 'x', idempotencyKey: key() }), NetworkError);

      expect(error.kind).toBe('retry_later');
    });
  });

  describe('reconciliation', () => {
    it('reports a connection dropped after the PDS stored the post as unknown_outcome; a replay returns it, one record', async () => {
      // Prepare
      standIn.injectFault({ kind: 'drop_after_commit', path: '/xrpc/com.atproto.repo.createRecord' });
      const request = { text: 'Did it post?', idempotencyKey: key() };

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      clock += 5 * 60_000;
      const replay = await adapter.publish(account, credentials, request);

      // Assess
      expect(error.kind).toBe('unknown_outcome');
      expect(standIn.posts()).toHaveLength(1);
      expect(replay).toMatchObject({ networkPostId: standIn.posts()[0]?.uri, publishedAt: '2025-03-01T12:00:00.000Z' });
    });

    it('resumes a thread by replay: stored parts are reused, missing ones created', async () => {
      standIn.injectFault({ kind: 'drop_after_commit', path: '/xrpc/com.atproto.repo.createRecord' });
      const request = { text: 'root', thread: ['reply 1', 'reply 2'], idempotencyKey: key() };

      await failure(adapter.publish(account, credentials, request), NetworkError);
      const replay = await adapter.publish(account, credentials, request);

      const [root, ...replies] = standIn.posts();
      expect(standIn.posts().map((p) => p.text)).toEqual(['root', 'reply 1', 'reply 2']);
      expect(replay).toMatchObject({ networkPostId: root?.uri, threadPostIds: replies.map((r) => r.uri) });
    });

    it('lists the account\'s posts created at or after `since`, newest first', async () => {
      await adapter.publish(account, credentials, { text: 'before', idempotencyKey: key() });
      clock += 60_000;
      const since = new Date(clock);
      for (const text of ['one', 'two', 'three']) {
        clock += 1000;
        await adapter.publish(account, credentials, { text, link: 'https://example.com', idempotencyKey: key() });
      }

      const recent = await adapter.findRecent(account, credentials, since);

      expect(recent.map((p) => p.text)).toEqual(['three', 'two', 'one'].map((text) => composeBlueskyText({ text, link: 'https://example.com' })));
      expect(recent[0]).toMatchObject({ createdAt: '2025-03-01T12:01:03.000Z', url: expect.stringMatching(/^https:\/\/bsky\.app\/profile\/did:plc:/) });
    });
  });

  describe('getStatus', () => {
    it('reports an existing post, a deleted one and a malformed URI', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'exists', idempotencyKey: key() });
      const gone = await adapter.publish(account, credentials, { text: 'to delete', idempotencyKey: ulid(clock + 1) });
      await fetch(`${standIn.url}/xrpc/com.atproto.repo.deleteRecord`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${credentials.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ repo: aliceDid, collection: 'app.bsky.feed.post', rkey: gone.networkPostId.split('/').pop() }),
      });

      expect(await adapter.getStatus(account, credentials, ref.networkPostId)).toEqual({ networkPostId: ref.networkPostId, exists: true, url: ref.url });
      expect(await adapter.getStatus(account, credentials, gone.networkPostId)).toEqual({ networkPostId: gone.networkPostId, exists: false });
      expect(await adapter.getStatus(account, credentials, 'at://did:plc:x/app.bsky.feed.like/../..')).toMatchObject({ exists: false });
    });

    it('classifies a server error while reading as retry_later', async () => {
      standIn.injectFault({ kind: 'status', status: 503 });

      const error = await failure(adapter.getStatus(account, credentials, `at://${aliceDid}/app.bsky.feed.post/3kabcdefghij2`), NetworkError);

      expect(error.kind).toBe('retry_later');
    });
  });

  describe('refreshCredentials', () => {
    it('rotates the session: new JWTs that post, and the old refresh JWT no longer works', async () => {
      // Act
      const fresh = await adapter.refreshCredentials(account, credentials);
      const reused = await failure(adapter.refreshCredentials(account, { accessToken: 'x', refreshToken: credentials.refreshToken }), NetworkError);
      const posted = await adapter.publish(account, fresh, { text: 'with a fresh session', idempotencyKey: key() });

      // Assess
      expect(fresh).toMatchObject({ extra: { appPassword: APP_PASSWORD }, expiresAt: '2025-03-01T14:00:00.000Z' });
      expect(fresh.accessToken).not.toBe(credentials.accessToken);
      expect(fresh.refreshToken).toBeTruthy();
      expect(fresh.refreshToken).not.toBe(credentials.refreshToken);
      expect(reused.kind).toBe('disconnected');
      expect(posted.networkPostId).toBe(standIn.posts()[0]?.uri);
    });

    it('opens a new session with the app password when the refresh JWT is spent, never storing an empty one', async () => {
      await adapter.refreshCredentials(account, credentials);

      const recovered = await adapter.refreshCredentials(account, credentials);
      const fromPasswordOnly = await adapter.refreshCredentials(account, { accessToken: 'x', extra: { appPassword: APP_PASSWORD } });

      expect(recovered.refreshToken).toBeTruthy();
      expect(recovered.refreshToken).not.toBe(credentials.refreshToken);
      expect(fromPasswordOnly.refreshToken).toBeTruthy();
      await expect(adapter.publish(account, recovered, { text: 'recovered', idempotencyKey: key() })).resolves.toBeDefined();
    });

    it('classifies a wrong app password as disconnected and an unreachable PDS as retry_later', async () => {
      const wrong = await failure(adapter.refreshCredentials(account, { accessToken: 'x', extra: { appPassword: 'wrong' } }), NetworkError);
      standIn.injectFault({ kind: 'status', status: 503, path: '/xrpc/com.atproto.server.refreshSession' });
      const unavailable = await failure(adapter.refreshCredentials(account, credentials), NetworkError);

      expect(wrong).toMatchObject({ kind: 'disconnected', httpStatus: 401 });
      expect(unavailable).toMatchObject({ kind: 'retry_later', httpStatus: 503 });
    });
  });

  describe('text rules and the stand-in', () => {
    it('declares Bluesky\'s limits and policies', () => {
      expect(adapter).toMatchObject({ network: 'bluesky', idempotentPublish: true, credentialPolicy: 'rotating' });
      expect(adapter.limits).toMatchObject({ maxTextLength: 300, maxMedia: 4, mediaKinds: ['image'], threads: true, firstComment: false });
      expect(adapter.measureText('👍🏽 café')).toBe(6);
      expect(adapter.composeText({ text: 'Read this', link: 'https://example.com' })).toBe('Read this\n\nhttps://example.com');
    });

    it('rejects facets whose byte ranges are off, as a guard for adapter bugs', async () => {
      const text = 'é #tag';
      const res = await fetch(`${standIn.url}/xrpc/com.atproto.repo.createRecord`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${credentials.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          repo: aliceDid, collection: 'app.bsky.feed.post',
          // UTF-16 offsets (2..6) instead of UTF-8 ones (3..7): the facet covers ' #ta'.
          record: { text, createdAt: new Date(clock).toISOString(), facets: [{ index: { byteStart: 2, byteEnd: 6 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'tag' }] }] },
        }),
      });

      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'InvalidRequest', message: expect.stringContaining('Record/facets/0') });
    });

    it('is controllable over HTTP like the Mastodon sandbox', async () => {
      const control = (path: string, init: RequestInit = {}) =>
        fetch(`${standIn.url}/_sandbox${path}`, { ...init, headers: { 'Content-Type': 'application/json' } });

      const created = await control('/accounts', { method: 'POST', body: JSON.stringify({ handle: 'carol.test', password: 'carol-pass' }) });
      const carol = (await created.json()) as { did: string; accessJwt: string; refreshJwt: string };
      const injected = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, times: 2 }) });
      const invalid = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'nonsense' }) });
      const cleared = await control('/faults', { method: 'DELETE' });
      const carolAccount = { ...account, handle: 'carol.test', externalId: carol.did };
      await adapter.publish(carolAccount, { accessToken: carol.accessJwt }, { text: 'from carol', idempotencyKey: key() });
      const listed = (await (await control('/posts')).json()) as Array<{ text: string; handle: string }>;

      expect(created.status).toBe(201);
      expect(carol.did).toMatch(/^did:plc:[a-z2-7]{24}$/);
      expect([injected.status, invalid.status, cleared.status]).toEqual([201, 400, 204]);
      expect(listed).toEqual([expect.objectContaining({ text: 'from carol', handle: 'carol.test' })]);
    });
  });
});
