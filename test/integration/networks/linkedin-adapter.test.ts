import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLinkedInStandIn, type LinkedInStandIn, type LinkedInStandInOptions } from '../../../local/stand-ins/linkedin/server.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import {
  LINKEDIN_API_VERSION,
  composeLinkedInText,
  createLinkedInAdapter,
  escapeLittleText,
  unescapeLittleText,
} from '../../../shared/networks/linkedin/adapter.js';
import { failure } from '../../helpers/failure.js';

const TOKEN = 'alice-access-token';
const REFRESH = 'alice-refresh-token';
const ORG = 'urn:li:organization:2414183';
const DAY = 24 * 60 * 60 * 1000;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const RESERVED_TEXT = 'Q3 (draft) [v2] {x} <y> @team | a~b_c*d \\ C# and #launch';

/** A tiny origin for the media and pages the adapter fetches. */
async function startFiles(): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, [string, string | Buffer]> = {
    '/pixel.png': ['image/png', PNG],
    '/article.html': ['text/html; charset=utf-8', '<html><head><title>ignored</title><meta property="og:title" content="Launch &amp; learn"></head></html>'],
    '/plain.html': ['text/html', '<html><head><title>\n  Plain   title </title></head></html>'],
    '/notes.txt': ['text/plain', 'not an image'],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) res.writeHead(404).end();
    else res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('LinkedIn adapter against the LinkedIn stand-in', () => {
  let files: { url: string; close(): Promise<void> };
  let standIn: LinkedInStandIn;
  let account: NetworkAccount;
  let credentials: NetworkCredentials;
  let adapter: NetworkAdapter;
  let offset: number;
  const clock = () => Date.now() + offset;

  async function start(options: LinkedInStandInOptions = {}): Promise<void> {
    await standIn?.close();
    standIn = await startLinkedInStandIn({
      now: clock, imageProcessingMs: 30, versions: { oldest: LINKEDIN_API_VERSION, newest: LINKEDIN_API_VERSION }, ...options,
    });
    const { urn } = standIn.addMember({ id: 'alice42', accessToken: TOKEN, refreshToken: REFRESH, organizations: [ORG] });
    account = { accountId: 'linkedin-main', brandId: 'brand-1', network: 'linkedin', handle: 'Alice', baseUrl: standIn.url, externalId: urn };
  }

  const post = (index = 0) => {
    const found = standIn.posts()[index];
    if (!found) throw new Error(`no post ${index}`);
    return found;
  };

  beforeAll(async () => {
    files = await startFiles();
  });

  afterAll(async () => {
    await files.close();
  });

  beforeEach(async () => {
    offset = 0;
    credentials = { accessToken: TOKEN, refreshToken: REFRESH };
    adapter = createLinkedInAdapter({ imagePollMs: 10, now: clock });
    await start();
  });

  afterEach(async () => {
    await standIn.close();
  });

  describe('publish', () => {
    it('creates a text post and returns its URN, URL and time', async () => {
      const before = clock();
      const ref = await adapter.publish(account, credentials, { text: 'Hello from Pillars', idempotencyKey: 'post-1' });
      const after = clock();

      expect(standIn.posts()).toHaveLength(1);
      expect(ref).toEqual({ networkPostId: post().urn, url: `${standIn.url}/feed/update/${post().urn}/`, publishedAt: expect.any(String) });
      expect(ref.networkPostId).toMatch(/^urn:li:share:\d+$/);
      // Both LinkedIn's time of the post and the one returned are taken while it was published.
      for (const time of [post().createdAt, Date.parse(ref.publishedAt)]) {
        expect(time).toBeGreaterThanOrEqual(before);
        expect(time).toBeLessThanOrEqual(after);
      }
      expect(post()).toMatchObject({ author: 'urn:li:person:alice42', text: 'Hello from Pillars', visibility: 'PUBLIC', lifecycleState: 'PUBLISHED', content: null });
    });

    it('escapes the little text format so LinkedIn shows the text as typed, and measures it unescaped', async () => {
      await adapter.publish(account, credentials, { text: RESERVED_TEXT, idempotencyKey: 'post-esc' });

      expect(post().text).toBe(RESERVED_TEXT);
      expect(post().commentary).toBe('Q3 \\(draft\\) \\[v2\\] \\{x\\} \\<y\\> \\@team \\| a\\~b\\_c\\*d \\\\ C\\# and #launch');
      expect(adapter.measureText(RESERVED_TEXT)).toBe(RESERVED_TEXT.length);
      expect(unescapeLittleText(escapeLittleText(RESERVED_TEXT))).toBe(RESERVED_TEXT);
    });

    it('publishes for an organization the member administers', async () => {
      await adapter.publish({ ...account, externalId: ORG }, credentials, { text: 'From the page', idempotencyKey: 'post-org' });

      expect(post().author).toBe(ORG);
    });

    it('sends a link as an article card titled from the page, keeping it out of the commentary', async () => {
      const link = `${files.url}/article.html`;

      await adapter.publish(account, credentials, { text: 'Read this', link, idempotencyKey: 'post-link' });
      await adapter.publish(account, credentials, { text: 'And this', link: `${files.url}/plain.html`, idempotencyKey: 'post-link-2' });
      await adapter.publish(account, credentials, { text: 'And that', link: `${files.url}/missing`, idempotencyKey: 'post-link-3' });

      expect(post(0)).toMatchObject({ text: 'Read this', content: { article: { source: link, title: 'Launch & learn' } } });
      expect(post(1).content).toMatchObject({ article: { title: 'Plain title' } });
      expect(post(2).content).toMatchObject({ article: { title: '127.0.0.1' } });
      expect(composeLinkedInText({ text: 'Read this', link })).toBe('Read this');
    });

    it('uploads one image through the Images API and attaches it with its alt text', async () => {
      await adapter.publish(account, credentials, {
        text: 'A picture', media: [{ url: `${files.url}/pixel.png`, kind: 'image', altText: 'A single pixel' }], idempotencyKey: 'post-img',
      });

      expect(post().content).toEqual({ media: { id: expect.stringMatching(/^urn:li:image:/), altText: 'A single pixel' } });
    });

    it('attaches 2 to 20 images as a multiImage post, and one image as the thumbnail of a link card', async () => {
      const image = { url: `${files.url}/pixel.png`, kind: 'image' as const };

      await adapter.publish(account, credentials, { text: 'Gallery', media: [image, { ...image, altText: 'second' }, image], idempotencyKey: 'post-multi' });
      await adapter.publish(account, credentials, { text: 'Card', link: `${files.url}/article.html`, media: [image], idempotencyKey: 'post-card' });

      const gallery = post(0).content as { multiImage: { images: Array<{ id: string; altText?: string }> } };
      expect(gallery.multiImage.images).toHaveLength(3);
      expect(new Set(gallery.multiImage.images.map((i) => i.id)).size).toBe(3);
      expect(gallery.multiImage.images[1]?.altText).toBe('second');
      expect(post(1).content).toMatchObject({ article: { title: 'Launch & learn', thumbnail: expect.stringMatching(/^urn:li:image:/) } });
    });

    it('adds the first comment as the author', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'With a comment', firstComment: 'Link in the comments (really)', idempotencyKey: 'post-c' });

      expect(post().comments).toEqual([expect.objectContaining({ actor: account.externalId, object: ref.networkPostId, text: 'Link in the comments (really)' })]);
      expect(ref.firstCommentId).toBe(post().comments[0]?.urn);
    });

    it('still reports the published post when its first comment fails', async () => {
      standIn.injectFault({ kind: 'status', status: 500, path: '/rest/socialActions' });

      const ref = await adapter.publish(account, credentials, { text: 'Comment fails', firstComment: 'lost', idempotencyKey: 'post-c2' });

      expect(ref.networkPostId).toBe(post().urn);
      expect(ref.firstCommentId).toBeUndefined();
      expect(post().comments).toHaveLength(0);
    });

    it('refuses what the Posts API cannot carry before sending anything', async () => {
      const image = { url: `${files.url}/pixel.png`, kind: 'image' as const };

      const thread = await failure(adapter.publish(account, credentials, { text: 'a', thread: ['b'], idempotencyKey: 'k1' }), NetworkError);
      const video = await failure(adapter.publish(account, credentials, { text: 'a', media: [{ url: `${files.url}/v.mp4`, kind: 'video' }], idempotencyKey: 'k2' }), NetworkError);
      const both = await failure(adapter.publish(account, credentials, { text: 'a', link: 'https://example.com', media: [image, image], idempotencyKey: 'k3' }), NetworkError);
      const noAuthor = await failure(adapter.publish({ ...account, externalId: undefined }, credentials, { text: 'a', idempotencyKey: 'k4' }), NetworkError);

      expect([thread.kind, video.kind, both.kind, noAuthor.kind]).toEqual(['bad_content', 'bad_content', 'bad_content', 'disconnected']);
      expect(standIn.posts()).toHaveLength(0);
    });

    it('fails media LinkedIn cannot process, or cannot be fetched, as bad_content without posting', async () => {
      const unprocessable = await failure(adapter.publish(account, credentials, { text: 'a', media: [{ url: `${files.url}/notes.txt`, kind: 'image' }], idempotencyKey: 'k5' }), NetworkError);
      const missing = await failure(adapter.publish(account, credentials, { text: 'a', media: [{ url: `${files.url}/gone.png`, kind: 'image' }], idempotencyKey: 'k6' }), NetworkError);

      expect(unprocessable.kind).toBe('bad_content');
      expect(unprocessable.message).toContain('could not process');
      expect(missing.kind).toBe('bad_content');
      expect(standIn.posts()).toHaveLength(0);
    });
  });

  describe('publish failures', () => {
    it('classifies an unknown or expired token (401) as refresh_credentials', async () => {
      standIn.addMember({ id: 'bob7', accessToken: 'bob-expired', accessTokenExpiresAt: clock() - 1 });

      const unknown = await failure(adapter.publish(account, { accessToken: 'nope' }, { text: 'x', idempotencyKey: 'k' }), NetworkError);
      const expired = await failure(adapter.publish({ ...account, externalId: 'urn:li:person:bob7' }, { accessToken: 'bob-expired' }, { text: 'x', idempotencyKey: 'k' }), NetworkError);

      expect(unknown).toMatchObject({ kind: 'refresh_credentials', httpStatus: 401, network: 'linkedin' });
      expect(expired).toMatchObject({ kind: 'refresh_credentials', httpStatus: 401 });
      expect(expired.message).toContain('expired');
    });

    it('classifies 403 ACCESS_DENIED on the author as disconnected', async () => {
      const error = await failure(adapter.publish({ ...account, externalId: 'urn:li:organization:999' }, credentials, { text: 'x', idempotencyKey: 'k' }), NetworkError);

      expect(error).toMatchObject({ kind: 'disconnected', httpStatus: 403 });
      expect(error.message).toContain('Not enough permissions');
    });

    it('classifies 422 as bad_content with LinkedIn\'s message: over 3,000 characters, or a duplicate', async () => {
      const tooLong = await failure(adapter.publish(account, credentials, { text: 'a'.repeat(3001), idempotencyKey: 'k1' }), NetworkError);
      await adapter.publish(account, credentials, { text: 'Same again', idempotencyKey: 'k2' });
      const duplicate = await failure(adapter.publish(account, credentials, { text: 'Same again', idempotencyKey: 'k3' }), NetworkError);

      expect(tooLong).toMatchObject({ kind: 'bad_content', httpStatus: 422 });
      expect(tooLong.message).toContain('exceeds the maximum of 3000 characters');
      expect(duplicate).toMatchObject({ kind: 'bad_content', httpStatus: 422 });
      expect(duplicate.message).toContain(`Content is a duplicate of ${post().urn}`);
      await expect(adapter.publish(account, credentials, { text: 'a'.repeat(3000), idempotencyKey: 'k4' })).resolves.toBeDefined();
    });

    it('classifies 400 as bad_content with LinkedIn\'s message', async () => {
      standIn.injectFault({ kind: 'status', status: 400, error: 'Request body could not be converted to data map', path: '/rest/posts' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k' }), NetworkError);

      expect(error).toMatchObject({ kind: 'bad_content', httpStatus: 400, message: 'Request body could not be converted to data map' });
    });

    it('classifies 429 as retry_later, with Retry-After when sent', async () => {
      standIn.injectFault({ kind: 'rate_limit', retryAfterSeconds: 30 });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 429, retryAfterMs: 30_000 });
    });

    it('waits for midnight UTC when a daily limit is used up', async () => {
      offset = Date.parse('2026-03-10T18:00:00.000Z') - Date.now();
      await start({ dailyLimits: { memberPosts: 1 } });
      await adapter.publish(account, credentials, { text: 'first of the day', idempotencyKey: 'k1' });

      const error = await failure(adapter.publish(account, credentials, { text: 'second of the day', idempotencyKey: 'k2' }), NetworkError);
      const sinceSix = clock() - Date.parse('2026-03-10T18:00:00.000Z');
      offset += 6 * 60 * 60 * 1000;
      const tomorrow = await adapter.publish(account, credentials, { text: 'next day', idempotencyKey: 'k3' });

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 429 });
      expect(error.message).toContain('MEMBER DAY limit');
      // Midnight is 6 h after 18:00, less the time the test has taken since.
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(6 * 60 * 60 * 1000 - sinceSix);
      expect(error.retryAfterMs).toBeLessThanOrEqual(6 * 60 * 60 * 1000);
      expect(tomorrow.networkPostId).toBe(post(1).urn);
    });

    it('classifies 503 as retry_later, and a gateway error on the create call as unknown_outcome', async () => {
      standIn.injectFault({ kind: 'status', status: 503 });
      standIn.injectFault({ kind: 'status', status: 502, contentType: 'html', path: '/rest/posts' });
      standIn.injectFault({ kind: 'status', status: 504, path: '/rest/posts' });

      const unavailable = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k1' }), NetworkError);
      const badGateway = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k2' }), NetworkError);
      const gatewayTimeout = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k3' }), NetworkError);

      expect(unavailable).toMatchObject({ kind: 'retry_later', httpStatus: 503 });
      expect(badGateway).toMatchObject({ kind: 'unknown_outcome', httpStatus: 502 });
      expect(gatewayTimeout).toMatchObject({ kind: 'unknown_outcome', httpStatus: 504 });
    });

    it('classifies any failure while uploading images as retry_later: nothing was posted yet', async () => {
      const media = [{ url: `${files.url}/pixel.png`, kind: 'image' as const }];

      standIn.injectFault({ kind: 'drop_after_commit', path: '/dms-uploads' });
      const dropped = await failure(adapter.publish(account, credentials, { text: 'x', media, idempotencyKey: 'k1' }), NetworkError);
      standIn.injectFault({ kind: 'status', status: 500, path: '/rest/images' });
      const serverError = await failure(adapter.publish(account, credentials, { text: 'x', media, idempotencyKey: 'k2' }), NetworkError);

      expect(dropped.kind).toBe('retry_later');
      expect(serverError).toMatchObject({ kind: 'retry_later', httpStatus: 500 });
      expect(standIn.posts()).toHaveLength(0);
    });

    it('reports a connection dropped after commit as unknown_outcome, then reconciles with findRecent', async () => {
      // Prepare
      const since = new Date(clock() - 1000);
      standIn.injectFault({ kind: 'drop_after_commit', path: '/rest/posts', method: 'POST' });
      const request = { text: 'Did it post? (maybe)', idempotencyKey: 'post-unknown' };

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const recent = await adapter.findRecent(account, credentials, since);

      // Assess
      expect(error.kind).toBe('unknown_outcome');
      expect(standIn.posts()).toHaveLength(1);
      expect(recent).toEqual([{ networkPostId: post().urn, text: request.text, createdAt: new Date(post().createdAt).toISOString(), url: `${standIn.url}/feed/update/${post().urn}/` }]);
    });

    it('reports a dropped connection as unknown_outcome, which findRecent shows did not post', async () => {
      const since = new Date(clock() - 1000);
      standIn.injectFault({ kind: 'drop', path: '/rest/posts' });

      const error = await failure(adapter.publish(account, credentials, { text: 'lost', idempotencyKey: 'k' }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
      expect(await adapter.findRecent(account, credentials, since)).toEqual([]);
    });

    it('reports a LinkedIn slower than the timeout as unknown_outcome instead of hanging', async () => {
      // Answers only long after the test's own timeout: unknown_outcome can come only from the adapter giving up.
      standIn.injectFault({ kind: 'slow', delayMs: 600_000, path: '/rest/posts' });
      const fast = createLinkedInAdapter({ timeoutMs: 200 });

      const error = await failure(fast.publish(account, credentials, { text: 'slow', idempotencyKey: 'k' }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
    });

    it('classifies a refused connection (nothing sent) as retry_later', async () => {
      const closed = await startLinkedInStandIn();
      const deadUrl = closed.url;
      await closed.close();

      const error = await failure(adapter.publish({ ...account, baseUrl: deadUrl }, credentials, { text: 'x', idempotencyKey: 'k' }), NetworkError);

      expect(error.kind).toBe('retry_later');
    });

    it('classifies a LinkedIn-Version LinkedIn no longer serves (426) as disconnected', async () => {
      const stale = createLinkedInAdapter({ version: '202301' });

      const error = await failure(stale.publish(account, credentials, { text: 'x', idempotencyKey: 'k' }), NetworkError);

      expect(error).toMatchObject({ kind: 'disconnected', httpStatus: 426 });
      expect(error.message).toContain('Requested version 202301 is not active');
    });
  });

  describe('getStatus', () => {
    it('reports an existing post, and a deleted, unknown or malformed one as missing', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'exists', idempotencyKey: 'k1' });
      const gone = await adapter.publish(account, credentials, { text: 'to delete', idempotencyKey: 'k2' });
      await fetch(`${standIn.url}/rest/posts/${encodeURIComponent(gone.networkPostId)}`, {
        method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}`, 'LinkedIn-Version': LINKEDIN_API_VERSION, 'X-Restli-Protocol-Version': '2.0.0' },
      });

      expect(await adapter.getStatus(account, credentials, ref.networkPostId)).toEqual({ networkPostId: ref.networkPostId, exists: true, url: ref.url });
      expect(await adapter.getStatus(account, credentials, gone.networkPostId)).toEqual({ networkPostId: gone.networkPostId, exists: false });
      expect(await adapter.getStatus(account, credentials, 'urn:li:share:1')).toMatchObject({ exists: false });
      expect(await adapter.getStatus(account, credentials, '../images?action=initializeUpload')).toMatchObject({ exists: false });
    });

    it('classifies a server error while reading as retry_later', async () => {
      standIn.injectFault({ kind: 'status', status: 500 });

      expect((await failure(adapter.getStatus(account, credentials, 'urn:li:share:1'), NetworkError)).kind).toBe('retry_later');
    });
  });

  describe('findRecent', () => {
    it('lists the author\'s own posts since a time, newest first, as plain text', async () => {
      await adapter.publish(account, credentials, { text: 'before', idempotencyKey: 'k0' });
      offset += 60_000;
      const since = new Date(clock());
      await adapter.publish(account, credentials, { text: 'first (after)', idempotencyKey: 'k1' });
      await adapter.publish({ ...account, externalId: ORG }, credentials, { text: 'the page, not the member', idempotencyKey: 'k2' });
      offset += 1000;
      await adapter.publish(account, credentials, { text: 'second #tag @you', idempotencyKey: 'k3' });

      const recent = await adapter.findRecent(account, credentials, since);

      expect(recent.map((p) => p.text)).toEqual(['second #tag @you', 'first (after)']);
    });

    it('pages through more posts than one finder page holds', async () => {
      const since = new Date(clock() - 1000);
      for (let i = 1; i <= 55; i += 1) await adapter.publish(account, credentials, { text: `post ${i}`, idempotencyKey: `k${i}` });

      const recent = await adapter.findRecent(account, credentials, since);

      expect(recent).toHaveLength(55);
      expect(recent[0]?.text).toBe('post 55');
      expect(recent.at(-1)?.text).toBe('post 1');
    });
  });

  describe('refreshCredentials', () => {
    const app = () => standIn.app;

    it('gets a fresh 60-day access token and keeps the refresh token, which LinkedIn does not rotate', async () => {
      const before = clock();
      const fresh = await adapter.refreshCredentials(account, credentials, app());
      const after = clock();

      expect(fresh.accessToken).not.toBe(TOKEN);
      expect(fresh.refreshToken).toBe(REFRESH);
      // Whole seconds, as LinkedIn's expires_in gives them.
      expect(Date.parse(fresh.expiresAt ?? '')).toBeGreaterThanOrEqual(before + 60 * DAY - 1000);
      expect(Date.parse(fresh.expiresAt ?? '')).toBeLessThanOrEqual(after + 60 * DAY);
      expect(Date.parse(fresh.refreshExpiresAt ?? '') - after).toBeGreaterThan(364 * DAY);
      await expect(adapter.publish(account, fresh, { text: 'with the new token', idempotencyKey: 'k' })).resolves.toBeDefined();
    });

    it('keeps the stored refresh token when LinkedIn sends none back, and its expiry does not move', async () => {
      await start({ refreshReturnsRefreshToken: false });
      offset += 100 * DAY;

      const fresh = await adapter.refreshCredentials(account, credentials, app());

      expect(fresh.refreshToken).toBe(REFRESH);
      expect(Math.round((Date.parse(fresh.refreshExpiresAt ?? '') - clock()) / DAY)).toBe(265);
    });

    it('classifies a refresh token past its 365 days, or a wrong client secret, as disconnected', async () => {
      const wrongSecret = await failure(adapter.refreshCredentials(account, credentials, { clientId: app().clientId, clientSecret: 'nope' }), NetworkError);
      offset += 366 * DAY;
      const expired = await failure(adapter.refreshCredentials(account, credentials, app()), NetworkError);

      expect(wrongSecret).toMatchObject({ kind: 'disconnected', httpStatus: 401 });
      expect(expired).toMatchObject({ kind: 'disconnected', httpStatus: 400 });
      expect(expired.message).toContain('invalid, expired or revoked');
    });

    it('refuses without a refresh token or app credentials, and retries later when LinkedIn is down', async () => {
      standIn.injectFault({ kind: 'status', status: 503, path: '/oauth' });

      const noToken = await failure(adapter.refreshCredentials(account, { accessToken: TOKEN }, app()), NetworkError);
      const noApp = await failure(adapter.refreshCredentials(account, credentials), NetworkError);
      const down = await failure(adapter.refreshCredentials(account, credentials, app()), NetworkError);

      expect([noToken.kind, noApp.kind, down.kind]).toEqual(['disconnected', 'disconnected', 'retry_later']);
    });
  });

  it('declares LinkedIn\'s limits and policies', () => {
    expect(adapter.limits).toMatchObject({ maxTextLength: 3000, maxMedia: 20, requiresMedia: false, threads: false, firstComment: true });
    expect(adapter.idempotentPublish).toBe(false);
    expect(adapter.credentialPolicy).toBe('extendable');
    expect(adapter.measureText('👍🏽 café')).toBe('👍🏽 café'.length);
  });

  describe('stand-in', () => {
    const call = (path: string, init: RequestInit & { version?: string | null } = {}) => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${TOKEN}`);
      if (init.version !== null) headers.set('LinkedIn-Version', init.version ?? LINKEDIN_API_VERSION);
      headers.set('X-Restli-Protocol-Version', '2.0.0');
      return fetch(`${standIn.url}${path}`, { ...init, headers });
    };
    const create = (commentary: string) => call('/rest/posts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ author: account.externalId, commentary, visibility: 'PUBLIC', distribution: { feedDistribution: 'MAIN_FEED' }, lifecycleState: 'PUBLISHED' }),
    });

    it('requires the version headers as LinkedIn does: 400 without, 426 for an inactive version', async () => {
      const missing = await call('/rest/posts/urn%3Ali%3Ashare%3A1', { version: null });
      const inactive = await call('/rest/posts/urn%3Ali%3Ashare%3A1', { version: '202001' });

      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ status: 400, code: 'VERSION_MISSING' });
      expect(inactive.status).toBe(426);
      expect(await inactive.json()).toEqual({ status: 426, serviceErrorCode: 100, code: 'NONEXISTENT_VERSION', message: 'Requested version 202001 is not active' });
    });

    it('answers a create with 201, an empty body and the URN in x-restli-id; cuts unescaped commentary', async () => {
      const res = await create('Plain start (then cut here');
      const fields = await call('/rest/posts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ nope: 1 }) });

      expect(res.status).toBe(201);
      expect(await res.text()).toBe('');
      expect(res.headers.get('x-restli-id')).toBe(post().urn);
      expect(post().text).toBe('Plain start ');
      expect(fields.status).toBe(422);
      expect(((await fields.json()) as { message: string }).message).toContain('ERROR :: /nope :: unrecognized field found but not allowed');
    });

    it('walks an image through WAITING_UPLOAD, PROCESSING and AVAILABLE', async () => {
      // Processing outlasts the test's own timeout on the stand-in's clock, until the test moves that clock on.
      await start({ imageProcessingMs: 60_000 });
      const init = await call('/rest/images?action=initializeUpload', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ initializeUploadRequest: { owner: account.externalId } }),
      });
      const { value } = (await init.json()) as { value: { uploadUrl: string; image: string } };
      const status = async () => ((await (await call(`/rest/images/${encodeURIComponent(value.image)}`)).json()) as { status: string }).status;

      const before = await status();
      const upload = await fetch(value.uploadUrl, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}` }, body: PNG });
      const processing = await status();
      offset += 60_000;

      expect([before, upload.status, processing, await status()]).toEqual(['WAITING_UPLOAD', 201, 'PROCESSING', 'AVAILABLE']);
    });

    it('is controllable over HTTP', async () => {
      const control = (path: string, init: RequestInit = {}) =>
        fetch(`${standIn.url}/_sandbox${path}`, { ...init, headers: { 'Content-Type': 'application/json' } });

      const member = await control('/members', { method: 'POST', body: JSON.stringify({ id: 'carol', accessToken: 'carol-token' }) });
      const injected = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, times: 2 }) });
      const invalid = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'nonsense' }) });
      const faulted = await create('faulted');
      const cleared = await control('/faults', { method: 'DELETE' });
      await create('after the faults');
      const listed = (await (await control('/posts')).json()) as Array<{ text: string }>;

      expect(member.status).toBe(201);
      expect(await member.json()).toEqual({ id: 'carol', urn: 'urn:li:person:carol' });
      expect([injected.status, invalid.status, faulted.status, cleared.status]).toEqual([201, 400, 503, 204]);
      expect(await faulted.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(listed.map((p) => p.text)).toEqual(['after the faults']);
    });
  });
});
