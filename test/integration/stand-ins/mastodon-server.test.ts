import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxNetwork, type SandboxNetwork, type SandboxNetworkOptions } from '../../../local/stand-ins/mastodon/server.js';
import { waitFor, holds } from '../../helpers/wait-for.js';

const TOKEN = 'token-alice';
const START = Date.parse('2025-03-01T12:00:00.000Z');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('Mastodon sandbox server', () => {
  let sandbox: SandboxNetwork;
  let clock: number;
  let aliceId: string;

  async function start(options: SandboxNetworkOptions = {}): Promise<void> {
    await sandbox?.close();
    sandbox = await startSandboxNetwork({ now: () => clock, ...options });
    aliceId = sandbox.addAccount({ username: 'alice', token: TOKEN }).id;
  }

  function api(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? TOKEN : init.token;
    if (token !== null) headers.set('Authorization', `Bearer ${token}`);
    return fetch(`${sandbox.url}${path}`, { ...init, headers });
  }

  function post(status: string, options: { key?: string; token?: string | null; extra?: Record<string, unknown> } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.key) headers['Idempotency-Key'] = options.key;
    return api('/api/v1/statuses', { method: 'POST', headers, body: JSON.stringify({ status, ...options.extra }), token: options.token });
  }

  async function postOk(status: string, options: Parameters<typeof post>[1] = {}): Promise<Record<string, unknown>> {
    const res = await post(status, options);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  beforeEach(async () => {
    clock = START;
    await start();
  });

  afterEach(async () => {
    await sandbox.close();
  });

  describe('posting statuses', () => {
    it('creates a status shaped like a Mastodon Status entity', async () => {
      // Act
      const status = await postOk('Hello <world> & "friends"\n\nhttps://example.com/a');

      // Assess
      expect(status).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        created_at: '2025-03-01T12:00:00.000Z',
        visibility: 'public',
        language: 'en',
        replies_count: 0,
        reblogs_count: 0,
        favourites_count: 0,
        media_attachments: [],
        account: { id: aliceId, username: 'alice', acct: 'alice', display_name: 'alice', url: `${sandbox.url}/@alice` },
      });
      expect(status.url).toBe(`${sandbox.url}/@alice/${String(status.id)}`);
      expect(status.uri).toBe(`${sandbox.url}/users/alice/statuses/${String(status.id)}`);
      expect(status.content).toMatch(/^<p>Hello &lt;world&gt; &amp; &quot;friends&quot;<\/p><p><a href="https:\/\/example.com\/a"/);
      expect(typeof (status.account as Record<string, unknown>).followers_count).toBe('number');
      expect(sandbox.statuses()).toHaveLength(1);
      expect(sandbox.statuses()[0]).toMatchObject({ text: 'Hello <world> & "friends"\n\nhttps://example.com/a', username: 'alice' });
    });

    it('accepts form-urlencoded parameters like Rails does', async () => {
      const res = await api('/api/v1/statuses', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ status: 'form post', visibility: 'unlisted', spoiler_text: 'cw', language: 'fr' }),
      });

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ visibility: 'unlisted', spoiler_text: 'cw', sensitive: true, language: 'fr' });
    });

    it('rejects a missing or unknown bearer token with 401', async () => {
      const missing = await post('hi', { token: null });
      const unknown = await post('hi', { token: 'nope' });

      expect(missing.status).toBe(401);
      expect(await missing.json()).toEqual({ error: 'The access token is invalid' });
      expect(unknown.status).toBe(401);
      expect(sandbox.statuses()).toHaveLength(0);
    });

    it('rejects text over 500 characters with 422, counting every URL as 23 characters', async () => {
      const tooLong = await post('a'.repeat(501));
      const longUrls = 'b'.repeat(400) + ' https://example.com/' + 'x'.repeat(300) + ' https://example.org/' + 'y'.repeat(300);

      const accepted = await post(longUrls);

      expect(tooLong.status).toBe(422);
      expect(await tooLong.json()).toEqual({ error: 'Validation failed: Text character limit of 500 exceeded' });
      expect(accepted.status).toBe(200); // 400 + 1 + 23 + 1 + 23 = 448
      expect((await post('c'.repeat(500))).status).toBe(200);
    });

    it('rejects empty text with 422', async () => {
      const res = await post('   ');

      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ error: "Validation failed: Text can't be blank" });
    });

    it('links a reply to its parent and counts it', async () => {
      const parent = await postOk('parent');
      const reply = await postOk('reply', { extra: { in_reply_to_id: parent.id } });
      const missingParent = await post('orphan', { extra: { in_reply_to_id: '999' } });

      expect(reply.in_reply_to_id).toBe(parent.id);
      expect(await (await api(`/api/v1/statuses/${String(parent.id)}`)).json()).toMatchObject({ replies_count: 1 });
      expect(missingParent.status).toBe(404);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first status for the same key and account without creating another', async () => {
      const first = await postOk('once', { key: 'post-1' });
      const again = await postOk('once, edited', { key: 'post-1' });

      expect(again.id).toBe(first.id);
      expect(again.content).toBe('<p>once</p>');
      expect(sandbox.statuses()).toHaveLength(1);
    });

    it('scopes keys per account', async () => {
      sandbox.addAccount({ username: 'bob', token: 'token-bob' });

      const alice = await postOk('a', { key: 'shared' });
      const bob = await postOk('b', { key: 'shared', token: 'token-bob' });

      expect(bob.id).not.toBe(alice.id);
      expect(sandbox.statuses()).toHaveLength(2);
    });

    it('forgets a key after one hour', async () => {
      const first = await postOk('hourly', { key: 'k' });
      clock += 59 * 60_000;
      const within = await postOk('hourly', { key: 'k' });
      clock += 2 * 60_000;
      const after = await postOk('hourly', { key: 'k' });

      expect(within.id).toBe(first.id);
      expect(after.id).not.toBe(first.id);
      expect(sandbox.statuses()).toHaveLength(2);
    });
  });

  describe('reading and deleting statuses', () => {
    it('fetches a status by id and answers 404 Record not found when missing', async () => {
      const created = await postOk('read me');

      const found = await api(`/api/v1/statuses/${String(created.id)}`, { token: null });
      const missing = await api('/api/v1/statuses/12345');

      expect(found.status).toBe(200);
      expect(await found.json()).toMatchObject({ id: created.id, content: '<p>read me</p>' });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'Record not found' });
    });

    it('deletes only the author\'s own status, returning its source text', async () => {
      sandbox.addAccount({ username: 'bob', token: 'token-bob' });
      const created = await postOk('delete me');
      const path = `/api/v1/statuses/${String(created.id)}`;

      const byBob = await api(path, { method: 'DELETE', token: 'token-bob' });
      const byAlice = await api(path, { method: 'DELETE' });
      const after = await api(path);

      expect(byBob.status).toBe(403);
      expect(byAlice.status).toBe(200);
      expect(await byAlice.json()).toMatchObject({ id: created.id, text: 'delete me' });
      expect(after.status).toBe(404);
      expect(sandbox.statuses()[0]?.deletedAt).toBe(new Date(START).toISOString());
    });
  });

  describe('accounts', () => {
    it('verifies credentials for a valid token', async () => {
      const ok = await api('/api/v1/accounts/verify_credentials');
      const bad = await api('/api/v1/accounts/verify_credentials', { token: 'nope' });

      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ id: aliceId, username: 'alice', source: { privacy: 'public' } });
      expect(bad.status).toBe(401);
    });

    it('lists an account\'s statuses newest first with Mastodon pagination', async () => {
      // Prepare: five statuses one second apart
      const ids: string[] = [];
      for (let i = 1; i <= 5; i += 1) {
        clock += 1000;
        ids.push(String((await postOk(`s${i}`)).id));
      }
      const base = `/api/v1/accounts/${aliceId}/statuses`;
      const list = async (query: string) => {
        const res = await api(`${base}?${query}`);
        return { ids: ((await res.json()) as Array<{ id: string }>).map((s) => s.id), link: res.headers.get('link') };
      };

      // Act
      const page1 = await list('limit=2');
      const page2 = await list(`limit=2&max_id=${ids[3]}`);
      const since = await list(`since_id=${ids[2]}`);
      const min = await list(`limit=2&min_id=${ids[0]}`);

      // Assess
      expect(page1.ids).toEqual([ids[4], ids[3]]);
      expect(page1.link).toContain(`max_id=${ids[3]}>; rel="next"`);
      expect(page1.link).toContain(`min_id=${ids[4]}>; rel="prev"`);
      expect(page2.ids).toEqual([ids[2], ids[1]]);
      expect(since.ids).toEqual([ids[4], ids[3]]);
      expect(min.ids).toEqual([ids[2], ids[1]]);
      expect((await api('/api/v1/accounts/999/statuses')).status).toBe(404);
    });
  });

  it('describes the instance with a 500-character status limit (v1 and v2)', async () => {
    const v1 = (await (await api('/api/v1/instance', { token: null })).json()) as { configuration: { statuses: unknown } };
    const v2 = (await (await api('/api/v2/instance', { token: null })).json()) as { configuration: { statuses: unknown } };

    expect(v1.configuration.statuses).toMatchObject({ max_characters: 500, characters_reserved_per_url: 23 });
    expect(v2.configuration.statuses).toMatchObject({ max_characters: 500, max_media_attachments: 4 });
  });

  describe('rate limits', () => {
    it('sends X-RateLimit headers on every response, counting down per token', async () => {
      const first = await api('/api/v1/accounts/verify_credentials');
      const second = await api('/api/v1/statuses/1');

      expect(first.headers.get('x-ratelimit-limit')).toBe('300');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('299');
      expect(second.status).toBe(404);
      expect(second.headers.get('x-ratelimit-remaining')).toBe('298');
      expect(first.headers.get('x-ratelimit-reset')).toBe('2025-03-01T12:05:00.000Z');
    });

    it('answers 429 once the window is used up, until it resets', async () => {
      await start({ rateLimit: { limit: 2 } });
      await api('/api/v1/accounts/verify_credentials');
      await api('/api/v1/accounts/verify_credentials');

      const limited = await api('/api/v1/accounts/verify_credentials');
      clock += 5 * 60_000;
      const reset = await api('/api/v1/accounts/verify_credentials');

      expect(limited.status).toBe(429);
      expect(await limited.json()).toEqual({ error: 'Too many requests' });
      expect(limited.headers.get('retry-after')).toBe('300');
      expect(reset.status).toBe(200);
    });
  });

  describe('engagement', () => {
    it('grows counts deterministically with the status age when enabled', async () => {
      await start({ engagement: true });
      const created = await postOk('popular');
      const path = `/api/v1/statuses/${String(created.id)}`;
      const snapshot = async () => (await (await api(path)).json()) as Record<string, number>;

      const fresh = await snapshot();
      clock += 30 * 60_000;
      const later = await snapshot();
      const laterAgain = await snapshot();
      clock += 24 * 60 * 60_000;
      const dayLater = await snapshot();

      expect(fresh.favourites_count).toBe(0);
      expect(later).toEqual(laterAgain);
      expect(dayLater.favourites_count).toBeGreaterThan(later.favourites_count ?? 0);
      expect(dayLater.favourites_count).toBeGreaterThan(0);
      expect(dayLater.reblogs_count).toBeGreaterThanOrEqual(later.reblogs_count ?? 0);
      expect(dayLater.replies_count).toBeGreaterThanOrEqual(later.replies_count ?? 0);
    });

    it('keeps counts at zero when disabled', async () => {
      const created = await postOk('quiet');
      clock += 24 * 60 * 60_000;

      expect(await (await api(`/api/v1/statuses/${String(created.id)}`)).json()).toMatchObject({ favourites_count: 0, reblogs_count: 0 });
    });
  });

  describe('media attachments', () => {
    const png = () => new Blob([PNG], { type: 'image/png' });
    const upload = (file: Blob | null, options: { description?: string; token?: string } = {}) => {
      const form = new FormData();
      if (file) form.append('file', file, 'pixel.png');
      if (options.description !== undefined) form.append('description', options.description);
      return api('/api/v2/media', { method: 'POST', body: form, token: options.token });
    };
    const uploadOk = async (options: Parameters<typeof upload>[1] = {}) => (await (await upload(png(), options)).json()) as Record<string, unknown>;

    it('takes a multipart upload, processed at once: 200 with the url, serving the file there', async () => {
      // Act
      const res = await upload(png(), { description: 'One pixel' });
      const media = (await res.json()) as Record<string, unknown>;
      const file = await fetch(String(media.url));

      // Assess
      expect(res.status).toBe(200);
      expect(media).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        type: 'image',
        url: `${sandbox.url}/system/media_attachments/files/${String(media.id)}/original/${String(media.id)}.png`,
        description: 'One pixel',
        meta: { original: { width: 1, height: 1, size: '1x1', aspect: 1 } },
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    });

    it('answers 202 while processing, then GET /api/v1/media/:id answers 206 until the url is set', async () => {
      // Prepare
      await start({ mediaProcessingMs: 5000 });
      sandbox.addAccount({ username: 'bob', token: 'token-bob' });

      // Act
      const created = await upload(png());
      const body = (await created.json()) as { id: string; url: string | null };
      const path = `/api/v1/media/${body.id}`;
      const processing = await api(path);
      const byBob = await api(path, { token: 'token-bob' });
      clock += 5000;
      const done = await api(path);

      // Assess
      expect(created.status).toBe(202);
      expect(body.url).toBeNull();
      expect(processing.status).toBe(206);
      expect(await processing.json()).toMatchObject({ id: body.id, url: null });
      expect(byBob.status).toBe(404);
      expect(done.status).toBe(200);
      expect(await done.json()).toMatchObject({ id: body.id, url: expect.stringContaining(`/files/${body.id}/original/`) });
    });

    it('attaches processed media to a status, which then needs no text, and attaches each only once', async () => {
      const media = await uploadOk({ description: 'alt' });

      const status = await postOk('', { extra: { media_ids: [media.id] } });
      const reused = await post('', { extra: { media_ids: [media.id] } });

      expect(status.media_attachments).toEqual([expect.objectContaining({ id: media.id, type: 'image', description: 'alt' })]);
      expect(sandbox.statuses()[0]?.mediaIds).toEqual([media.id]);
      expect(sandbox.media()[0]?.statusId).toBe(status.id);
      expect(reused.status).toBe(422);
      expect(await reused.json()).toEqual({ error: "Validation failed: Text can't be blank" });
    });

    it('reads media_ids[] from form fields like Rails', async () => {
      const [a, b] = [await uploadOk(), await uploadOk()];
      const form = new URLSearchParams([['status', 'two'], ['media_ids[]', String(a.id)], ['media_ids[]', String(b.id)]]);

      const res = await api('/api/v1/statuses', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });

      expect(res.status).toBe(200);
      expect(((await res.json()) as { media_attachments: Array<{ id: string }> }).media_attachments.map((m) => m.id)).toEqual([a.id, b.id]);
    });

    it('refuses media still processing, more than four attachments, and files that are not media', async () => {
      await start({ mediaProcessingMs: 5000 });
      const pending = await uploadOk();

      const notReady = await post('x', { extra: { media_ids: [pending.id] } });
      const tooMany = await post('x', { extra: { media_ids: ['1', '2', '3', '4', '5'] } });
      const notMedia = await upload(new Blob(['hello'], { type: 'image/png' }));
      const noFile = await upload(null);
      const anonymous = await upload(png(), { token: 'nope' });

      expect(notReady.status).toBe(422);
      expect(await notReady.json()).toEqual({ error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
      expect(tooMany.status).toBe(422);
      expect(await tooMany.json()).toEqual({ error: 'Cannot attach more than 4 files.' });
      expect(notMedia.status).toBe(422);
      expect(await notMedia.json()).toEqual({ error: 'Validation failed: File content type is invalid, File is invalid' });
      expect(noFile.status).toBe(422);
      expect(anonymous.status).toBe(401);
      expect(sandbox.statuses()).toHaveLength(0);
    });
  });

  describe('faults', () => {
    it('answers an injected 5xx for `times` requests, then recovers', async () => {
      sandbox.injectFault({ kind: 'status', status: 503, times: 2 });

      const codes = [(await post('a')).status, (await post('b')).status, (await post('c')).status];

      expect(codes).toEqual([503, 503, 200]);
      expect(sandbox.statuses().map((s) => s.text)).toEqual(['c']);
    });

    it('answers an injected 429 with Retry-After and Mastodon\'s body', async () => {
      sandbox.injectFault({ kind: 'rate_limit', retryAfterSeconds: 42 });

      const res = await post('a');

      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('42');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await res.json()).toEqual({ error: 'Too many requests' });
    });

    it('holds a request hit by a slow fault while others are answered, and answers it normally after the delay', async () => {
      // Prepare: a delay far longer than the test, on posting only.
      sandbox.injectFault({ kind: 'slow', delayMs: 600_000, method: 'POST', path: '/api/v1/statuses' });
      let answered = false;
      const held = post('held').finally(() => { answered = true; });
      await waitFor('the slow fault to be taken', async () => holds((await (await api('/_sandbox/faults')).json() as unknown[]).length === 0));

      // Act
      const meanwhile = await api('/api/v1/accounts/verify_credentials');
      sandbox.injectFault({ kind: 'slow', delayMs: 1 });
      const delayed = await post('after a short delay');

      // Assess
      expect(meanwhile.status).toBe(200);
      expect(delayed.status).toBe(200);
      expect(answered).toBe(false);
      expect(sandbox.statuses().map((s) => s.text)).toEqual(['after a short delay']);
      // Closing ends the held request without an answer.
      await sandbox.close();
      await expect(held).rejects.toThrow(TypeError);
    });

    it('drops the connection without creating anything', async () => {
      sandbox.injectFault({ kind: 'drop' });

      await expect(post('lost')).rejects.toThrow(TypeError);
      expect(sandbox.statuses()).toHaveLength(0);
    });

    it('creates the status, then drops the connection, for drop_after_commit', async () => {
      sandbox.injectFault({ kind: 'drop_after_commit' });

      await expect(post('committed', { key: 'k1' })).rejects.toThrow(TypeError);
      const replay = await postOk('committed', { key: 'k1' });

      expect(sandbox.statuses()).toHaveLength(1);
      expect(replay.id).toBe(sandbox.statuses()[0]?.id);
    });

    it('applies faults in order, only to matching paths and methods', async () => {
      sandbox.injectFault({ kind: 'status', status: 500, path: '/api/v1/statuses', method: 'POST' });
      sandbox.injectFault({ kind: 'status', status: 502 });

      const credentials = await api('/api/v1/accounts/verify_credentials');
      const posted = await post('x');
      const next = await post('y');

      expect(credentials.status).toBe(502);
      expect(posted.status).toBe(500);
      expect(next.status).toBe(200);
    });

    it('clears pending faults', async () => {
      sandbox.injectFault({ kind: 'status', status: 500, times: 5 });
      sandbox.clearFaults();

      expect((await post('fine')).status).toBe(200);
    });

    it('is controllable over HTTP', async () => {
      // Prepare
      const control = (path: string, init: RequestInit = {}) =>
        fetch(`${sandbox.url}/_sandbox${path}`, { ...init, headers: { 'Content-Type': 'application/json' } });

      // Act
      const account = await control('/accounts', { method: 'POST', body: JSON.stringify({ username: 'carol', token: 'token-carol' }) });
      const injected = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, times: 3 }) });
      const invalid = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'nonsense' }) });
      const faulted = await post('x', { token: 'token-carol' });
      const cleared = await control('/faults', { method: 'DELETE' });
      await post('y', { token: 'token-carol' });
      const listed = (await (await control('/statuses')).json()) as Array<{ text: string; username: string }>;

      // Assess
      expect(account.status).toBe(201);
      expect(await account.json()).toEqual({ id: expect.stringMatching(/^\d+$/) });
      expect(injected.status).toBe(201);
      expect(invalid.status).toBe(400);
      expect(faulted.status).toBe(503);
      expect(cleared.status).toBe(204);
      expect(listed).toEqual([expect.objectContaining({ text: 'y', username: 'carol' })]);
    });
  });
});
