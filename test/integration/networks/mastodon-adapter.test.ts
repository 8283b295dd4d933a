import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRestAPIClient } from 'masto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxNetwork, type SandboxNetwork, type SandboxNetworkOptions } from '../../../local/stand-ins/mastodon/server.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { composeMastodonStatus, createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { failure } from '../../helpers/failure.js';

const TOKEN = 'alice-access-token';
const credentials: NetworkCredentials = { accessToken: TOKEN };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** A tiny origin for the media the adapter fetches before uploading them. */
async function startFiles(): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, [string, string | Buffer]> = { '/pixel.png': ['image/png', PNG], '/notes.txt': ['text/plain', 'not media'] };
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

describe('Mastodon adapter against the sandbox network', () => {
  let sandbox: SandboxNetwork;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let files: { url: string; close(): Promise<void> };
  let offset = 0;
  const clock = () => Date.now() + offset;

  async function restart(options: SandboxNetworkOptions = {}): Promise<void> {
    await sandbox?.close();
    sandbox = await startSandboxNetwork(options);
    sandbox.addAccount({ username: 'alice', token: TOKEN });
    account = { accountId: 'mastodon-main', brandId: 'brand-1', network: 'mastodon', handle: '@alice', baseUrl: sandbox.url };
  }

  beforeAll(async () => {
    files = await startFiles();
  });

  afterAll(async () => {
    await files.close();
  });

  beforeEach(async () => {
    offset = 0;
    await restart();
    adapter = createMastodonAdapter({ mediaPollMs: 20 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  describe('publish', () => {
    it('posts once and returns the status id, url and time', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'Hello from Pillars', link: 'https://example.com/post', idempotencyKey: 'post-1' });

      const stored = sandbox.statuses();
      expect(stored).toHaveLength(1);
      expect(ref).toEqual({ networkPostId: stored[0]?.id, url: `${sandbox.url}/@alice/${stored[0]?.id}`, publishedAt: stored[0]?.createdAt });
      expect(stored[0]).toMatchObject({ text: 'Hello from Pillars\n\nhttps://example.com/post', visibility: 'public', idempotencyKey: 'post-1' });
    });

    it('returns the same status for the same idempotency key without posting twice', async () => {
      const request = { text: 'Only once', idempotencyKey: 'post-2' };

      const first = await adapter.publish(account, credentials, request);
      const second = await adapter.publish(account, credentials, request);

      expect(second.networkPostId).toBe(first.networkPostId);
      expect(sandbox.statuses()).toHaveLength(1);
    });

    it.each([500, 502, 503])('classifies HTTP %i as retry_later', async (status) => {
      sandbox.injectFault({ kind: 'status', status });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: `k-${status}` }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: status, network: 'mastodon' });
      expect(sandbox.statuses()).toHaveLength(0);
    });

    it('classifies a proxy\'s HTML 502 page as safe to reconcile, never as success', async () => {
      sandbox.injectFault({ kind: 'status', status: 502, contentType: 'html' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-html' }), NetworkError);

      // masto 7.12 fails on a text/html error body (the status code is lost), so the adapter cannot
      // tell this from a garbled success: reconciling by replaying the key is the safe answer.
      expect(error.kind).toBe('unknown_outcome');
    });

    it('classifies 429 as retry_later with retryAfterMs from Retry-After', async () => {
      sandbox.injectFault({ kind: 'rate_limit', retryAfterSeconds: 30 });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-429' }), NetworkError);

      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 429, retryAfterMs: 30_000 });
    });

    it('classifies a bad token as refresh_credentials', async () => {
      const error = await failure(adapter.publish(account, { accessToken: 'revoked' }, { text: 'x', idempotencyKey: 'k-401' }), NetworkError);

      expect(error).toMatchObject({ kind: 'refresh_credentials', httpStatus: 401 });
    });

    it('classifies a suspended account (403) and a gone account (410) as disconnected', async () => {
      sandbox.injectFault({ kind: 'status', status: 403, error: 'Your login is currently disabled' });
      sandbox.injectFault({ kind: 'status', status: 410 });

      const suspended = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-403' }), NetworkError);
      const gone = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-410' }), NetworkError);

      expect(suspended.kind).toBe('disconnected');
      expect(gone.kind).toBe('disconnected');
    });

    it('classifies text over the limit as bad_content with Mastodon\'s message', async () => {
      const error = await failure(adapter.publish(account, credentials, { text: 'a'.repeat(501), idempotencyKey: 'k-422' }), NetworkError);

      expect(error).toMatchObject({ kind: 'bad_content', httpStatus: 422 });
      expect(error.message).toContain('Text character limit of 500 exceeded');
    });

    it('reports a connection dropped after commit as unknown_outcome, then reconciles by replaying the key', async () => {
      // Prepare
      sandbox.injectFault({ kind: 'drop_after_commit' });
      const request = { text: 'Did it post?', idempotencyKey: 'post-unknown' };

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const replay = await adapter.publish(account, credentials, request);

      // Assess
      expect(error.kind).toBe('unknown_outcome');
      expect(sandbox.statuses()).toHaveLength(1);
      expect(replay.networkPostId).toBe(sandbox.statuses()[0]?.id);
    });

    it('reports a connection dropped before any answer as unknown_outcome', async () => {
      sandbox.injectFault({ kind: 'drop' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', idempotencyKey: 'k-drop' }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
    });

    it('reports a network slower than the timeout as unknown_outcome instead of hanging', async () => {
      // Answers only long after the test's own timeout: unknown_outcome can come only from the adapter giving up.
      sandbox.injectFault({ kind: 'slow', delayMs: 600_000 });
      const fast = createMastodonAdapter({ timeoutMs: 200 });

      const error = await failure(fast.publish(account, credentials, { text: 'slow', idempotencyKey: 'k-slow' }), NetworkError);

      expect(error.kind).toBe('unknown_outcome');
    });

    it('classifies a refused connection (nothing sent) as retry_later', async () => {
      const closed = await startSandboxNetwork();
      const deadUrl = closed.url;
      await closed.close();

      const error = await failure(adapter.publish({ ...account, baseUrl: deadUrl }, credentials, { text: 'x', idempotencyKey: 'k-refused' }), NetworkError);

      expect(error.kind).toBe('retry_later');
    });
  });

  describe('getStatus', () => {
    it('reports an existing status with its url', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'exists', idempotencyKey: 'k-exists' });

      const status = await adapter.getStatus(account, credentials, ref.networkPostId);

      expect(status).toEqual({ networkPostId: ref.networkPostId, exists: true, url: ref.url });
    });

    it('reports a missing or deleted status as not existing', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'to delete', idempotencyKey: 'k-del' });
      await fetch(`${sandbox.url}/api/v1/statuses/${ref.networkPostId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });

      expect(await adapter.getStatus(account, credentials, ref.networkPostId)).toEqual({ networkPostId: ref.networkPostId, exists: false });
      expect(await adapter.getStatus(account, credentials, '123456')).toMatchObject({ exists: false });
      expect(await adapter.getStatus(account, credentials, '../accounts/verify_credentials')).toMatchObject({ exists: false });
    });

    it('classifies a server error while reading as retry_later', async () => {
      sandbox.injectFault({ kind: 'status', status: 503 });

      const error = await failure(adapter.getStatus(account, credentials, '123'), NetworkError);

      expect(error.kind).toBe('retry_later');
    });
  });

  describe('media', () => {
    const pixel = (altText?: string) => ({ url: `${files.url}/pixel.png`, kind: 'image' as const, ...(altText ? { altText } : {}) });

    it('fetches each item, uploads it through /api/v2/media with its alt text, and attaches it', async () => {
      const ref = await adapter.publish(account, credentials, { text: 'Pictures', media: [pixel('One pixel'), pixel()], idempotencyKey: 'm1' });

      const [status] = sandbox.statuses();
      expect(status?.mediaIds).toHaveLength(2);
      expect(sandbox.media().map((m) => [m.description, m.statusId, m.mimeType])).toEqual([
        ['One pixel', ref.networkPostId, 'image/png'], [null, ref.networkPostId, 'image/png'],
      ]);
    });

    it('publishes media alone, with no text', async () => {
      await adapter.publish(account, credentials, { text: '', media: [pixel()], idempotencyKey: 'm-alone' });

      expect(sandbox.statuses()[0]).toMatchObject({ text: '', mediaIds: [expect.any(String)] });
    });

    it('waits while Mastodon processes the media in the background (202, then 206 until the url is set)', async () => {
      await restart({ mediaProcessingMs: 150 });

      await adapter.publish(account, credentials, { text: 'Processed later', media: [pixel()], idempotencyKey: 'm2' });

      // The sandbox refuses to attach media still processing, so the status exists only if the adapter waited.
      const [status] = sandbox.statuses();
      const [media] = sandbox.media();
      expect(status?.mediaIds).toEqual([media?.id]);
      expect(Date.parse(status!.createdAt)).toBeGreaterThanOrEqual(media!.processedAt);
    });

    it('gives up on media still processing as retry_later, before posting anything', async () => {
      await restart({ mediaProcessingMs: 60_000 });
      const impatient = createMastodonAdapter({ mediaPollMs: 20, mediaTimeoutMs: 100 });

      const error = await failure(impatient.publish(account, credentials, { text: 'x', media: [pixel()], idempotencyKey: 'm3' }), NetworkError);

      expect(error.kind).toBe('retry_later');
      expect(sandbox.statuses()).toHaveLength(0);
    });

    it('fails media that cannot be fetched, or that Mastodon refuses, as bad_content before posting', async () => {
      const missing = await failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${files.url}/gone.png`, kind: 'image' }], idempotencyKey: 'm4' }), NetworkError);
      const refused = await failure(adapter.publish(account, credentials, { text: 'x', media: [{ url: `${files.url}/notes.txt`, kind: 'image' }], idempotencyKey: 'm5' }), NetworkError);

      expect(missing.kind).toBe('bad_content');
      expect(refused).toMatchObject({ kind: 'bad_content', httpStatus: 422 });
      expect(refused.message).toContain('File content type is invalid');
      expect(sandbox.statuses()).toHaveLength(0);
    });

    it('classifies a failed upload as retry_later: nothing was posted yet', async () => {
      sandbox.injectFault({ kind: 'drop_after_commit', path: '/api/v2/media' });

      const error = await failure(adapter.publish(account, credentials, { text: 'x', media: [pixel()], idempotencyKey: 'm6' }), NetworkError);

      expect(error.kind).toBe('retry_later');
      expect(sandbox.statuses()).toHaveLength(0);
    });
  });

  describe('threads', () => {
    const request = { text: 'A thread, 1/3', thread: ['2/3', '3/3'], idempotencyKey: 'thread-1' };

    it('posts each part as a reply to the one before, keyed `${key}:${n}`', async () => {
      const ref = await adapter.publish(account, credentials, request);

      const [first, second, third] = sandbox.statuses();
      expect(sandbox.statuses().map((s) => [s.text, s.idempotencyKey])).toEqual([
        ['A thread, 1/3', 'thread-1'], ['2/3', 'thread-1:1'], ['3/3', 'thread-1:2'],
      ]);
      expect([first?.inReplyToId, second?.inReplyToId, third?.inReplyToId]).toEqual([null, first?.id, second?.id]);
      expect(ref).toMatchObject({ networkPostId: first?.id, threadPostIds: [second?.id, third?.id] });
    });

    it('replays a thread as the same thread', async () => {
      const first = await adapter.publish(account, credentials, request);
      const replay = await adapter.publish(account, credentials, request);

      expect(replay).toEqual(first);
      expect(sandbox.statuses()).toHaveLength(3);
    });

    it('finishes a thread cut short by a rate limit on replay, without repeating its first parts', async () => {
      // Prepare: three requests per window, one already spent, so the thread's third part is refused
      await restart({ now: clock, rateLimit: { limit: 3 } });
      await fetch(`${sandbox.url}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${TOKEN}` } });

      // Act
      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const cut = sandbox.statuses().map((s) => s.id);
      offset += 5 * 60_000;
      const replay = await adapter.publish(account, credentials, request);

      // Assess
      expect(error).toMatchObject({ kind: 'retry_later', httpStatus: 429 });
      expect(cut).toHaveLength(2);
      expect(sandbox.statuses()).toHaveLength(3);
      expect([replay.networkPostId, replay.threadPostIds?.[0]]).toEqual(cut);
      expect(sandbox.statuses()[2]?.inReplyToId).toBe(cut[1]);
    });

    it('reports a lost answer to the first part as unknown_outcome; the replay posts the rest once', async () => {
      sandbox.injectFault({ kind: 'drop_after_commit', path: '/api/v1/statuses', method: 'POST' });

      const error = await failure(adapter.publish(account, credentials, request), NetworkError);
      const replay = await adapter.publish(account, credentials, request);

      expect(error.kind).toBe('unknown_outcome');
      expect(sandbox.statuses()).toHaveLength(3);
      expect(replay.networkPostId).toBe(sandbox.statuses()[0]?.id);
    });
  });

  describe('findRecent', () => {
    it('lists the account\'s own statuses since a time, newest first, as the text that was posted', async () => {
      // Prepare
      await restart({ now: clock });
      sandbox.addAccount({ username: 'bob', token: 'bob-token' });
      await adapter.publish(account, credentials, { text: 'before', idempotencyKey: 'r0' });
      offset += 60_000;
      const since = new Date(clock());
      const text = 'Tom & Jerry <3 "quoted" it\'s\nsecond line';
      const linked = await adapter.publish(account, credentials, { text, link: 'https://example.com/a', idempotencyKey: 'r1' });
      await adapter.publish({ ...account, handle: '@bob' }, { accessToken: 'bob-token' }, { text: 'not alice', idempotencyKey: 'r2' });
      offset += 1000;
      await adapter.publish(account, credentials, { text: 'thread start', thread: ['part two'], idempotencyKey: 'r3' });

      // Act
      const recent = await adapter.findRecent(account, credentials, since);

      // Assess
      expect(recent.map((p) => p.text)).toEqual(['part two', 'thread start', `${text}\n\nhttps://example.com/a`]);
      expect(recent[2]).toEqual({ networkPostId: linked.networkPostId, text: `${text}\n\nhttps://example.com/a`, createdAt: linked.publishedAt, url: linked.url });
    });

    it('pages past the 40 statuses of one page', async () => {
      const since = new Date(Date.now() - 1000);
      for (let i = 1; i <= 45; i += 1) await adapter.publish(account, credentials, { text: `post ${i}`, idempotencyKey: `page-${i}` });

      const recent = await adapter.findRecent(account, credentials, since);

      expect(recent).toHaveLength(45);
      expect(recent[0]?.text).toBe('post 45');
      expect(recent.at(-1)?.text).toBe('post 1');
    });

    it('classifies a rejected token as refresh_credentials and a server error as retry_later', async () => {
      const rejected = await failure(adapter.findRecent(account, { accessToken: 'revoked' }, new Date(0)), NetworkError);
      sandbox.injectFault({ kind: 'status', status: 503 });
      const unavailable = await failure(adapter.findRecent(account, credentials, new Date(0)), NetworkError);

      expect(rejected.kind).toBe('refresh_credentials');
      expect(unavailable.kind).toBe('retry_later');
    });
  });

  it('serves masto\'s own calls: verify_credentials and Link-header pagination', async () => {
    // Prepare
    for (let i = 1; i <= 5; i += 1) await adapter.publish(account, credentials, { text: `post ${i}`, idempotencyKey: `page-${i}` });
    const client = createRestAPIClient({ url: sandbox.url, accessToken: TOKEN });

    // Act
    const me = await client.v1.accounts.verifyCredentials();
    const pages: string[][] = [];
    for await (const page of client.v1.accounts.$select(me.id).statuses.list({ limit: 2 })) pages.push(page.map((s) => s.content));

    // Assess
    expect(me.username).toBe('alice');
    expect(pages).toEqual([['<p>post 5</p>', '<p>post 4</p>'], ['<p>post 3</p>', '<p>post 2</p>'], ['<p>post 1</p>']]);
  });

  describe('text rules', () => {
    it('measures text as Mastodon does, every URL counting 23 characters', () => {
      expect(adapter.measureText('hello')).toBe(5);
      expect(adapter.measureText(`see https://example.com/${'x'.repeat(200)} now`)).toBe(4 + 23 + 4);
      expect(adapter.measureText('http://a.io and https://b.io/c.')).toBe(23 + 5 + 23 + 1);
      expect(adapter.measureText('hi @bob@mastodon.social')).toBe('hi @bob'.length);
      expect(adapter.measureText('👍🏽 café')).toBe(6);
    });

    it('declares Mastodon\'s limits and publishes the link after a blank line', () => {
      expect(adapter.limits).toMatchObject({ maxTextLength: 500, maxMedia: 4, requiresMedia: false, threads: true, firstComment: false });
      expect(adapter.idempotentPublish).toBe(true);
      expect(composeMastodonStatus({ text: 'Read this', link: 'https://example.com' })).toBe('Read this\n\nhttps://example.com');
    });

    it('agrees with the server on the limit: 500 counted characters with URLs pass', async () => {
      const text = `${'a'.repeat(475)} https://example.com/${'p'.repeat(100)}`;
      expect(adapter.measureText(text)).toBe(499);

      await expect(adapter.publish(account, credentials, { text, idempotencyKey: 'k-edge' })).resolves.toMatchObject({ networkPostId: expect.any(String) });
    });
  });
});
