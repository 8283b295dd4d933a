import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, post, removeTempDirs, startFakeApi, type FakeApi } from './fake-api.js';

// Readable times are local; pin the zone so the expected text is stable. Berlin switches to
// summer time on 2026-03-29, the day after the fixed "now".
process.env.TZ = 'Europe/Berlin';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
  removeTempDirs();
});
beforeEach(() => {
  api.requests.length = 0;
});

const env = () => ({ PILLARS_API_URL: api.url, PILLARS_TOKEN: 'tok-env' });

describe('pillars post create', () => {
  beforeEach(() => api.answer((request) => ({ status: 201, body: { ...post, dueAt: (request.body as { dueAt?: string }).dueAt ?? post.createdAt } })));

  it('sends the post with a relative due time resolved against now', async () => {
    const result = await cli(['post', 'create', '--account', 'mastodon-main', '--text', 'Hello world', '--at', 'in 10m'], { env: env() });

    expect(result.code).toBe(0);
    expect(api.requests).toEqual([{
      method: 'POST',
      path: '/posts',
      query: {},
      authorization: 'Bearer tok-env',
      contentType: 'application/json',
      body: { accountId: 'mastodon-main', text: 'Hello world', dueAt: '2026-03-28T10:10:00.000Z' },
    }]);
    expect(result.stdout).toBe([
      'id      01JQ8Z6V9X8Q2W4E5R6T7Y8M9K',
      'status  scheduled',
      'due     2026-03-28 11:10:00 +01:00 (in 10m)',
      '',
      'Follow it with: pillars post get 01JQ8Z6V9X8Q2W4E5R6T7Y8M9K',
      '',
    ].join('\n'));
    expect(result.stderr).toBe('');
  });

  it('sends a link and "tomorrow 09:00" as local wall-clock time across the DST change', async () => {
    await cli(['post', 'create', '--account', 'a1', '--text', 'Read', '--link', 'https://example.com/x', '--at', 'tomorrow 09:00'], { env: env() });
    // 09:00 on 2026-03-29 in Berlin is already summer time (+02:00).
    expect(api.requests[0]?.body).toEqual({ accountId: 'a1', text: 'Read', link: 'https://example.com/x', dueAt: '2026-03-29T07:00:00.000Z' });
  });

  it('passes an ISO 8601 time with offset through as the same instant', async () => {
    await cli(['post', 'create', '--account', 'a1', '--text', 'x', '--at', '2026-12-01T09:30:00+01:00'], { env: env() });
    expect(api.requests[0]?.body).toMatchObject({ dueAt: '2026-12-01T08:30:00.000Z' });
  });

  it('sends publishNow with --now and no due time', async () => {
    await cli(['post', 'create', '--account', 'a1', '--text', 'now!', '--now'], { env: env() });
    expect(api.requests[0]?.body).toEqual({ accountId: 'a1', text: 'now!', publishNow: true });
  });

  it('accepts a text that starts with a dash', async () => {
    await cli(['post', 'create', '--account', 'a1', '--text', '- first point', '--now'], { env: env() });
    expect(api.requests[0]?.body).toMatchObject({ text: '- first point' });
  });

  it('prints the raw API JSON with --json', async () => {
    api.answer(() => ({ status: 201, raw: '{"postId":"p1","status":"scheduled"}' }));
    const result = await cli(['post', 'create', '--account', 'a1', '--text', 'x', '--now', '--json'], { env: env() });
    expect(result).toEqual({ code: 0, stdout: '{"postId":"p1","status":"scheduled"}\n', stderr: '' });
  });

  it.each([
    [['--text', 'x', '--now'], 'error: missing --account'],
    [['--account', 'a1', '--now'], 'error: missing --text'],
    [['--account', 'a1', '--text', ' ', '--now'], 'error: --text must not be empty'],
    [['--account', 'a1', '--text', 'x'], 'error: missing --at <time> (or --now to publish right away)'],
    [['--account', 'a1', '--text', 'x', '--at', 'in 1h', '--now'], 'error: give either --at or --now, not both'],
    [['--account', 'a1', '--text', 'x', '--at', 'next week'], 'error: cannot read --at "next week"; use 2026-12-01T09:30:00+01:00'],
    [['--account', 'a1', '--text', 'x', '--at', '2026-02-30T10:00Z'], 'error: cannot read --at "2026-02-30T10:00Z"'],
  ])('rejects %j before calling the API, with exit code 2', async (flags, message) => {
    const result = await cli(['post', 'create', ...flags], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr).toContain('Usage: pillars post create');
    expect(result.stdout).toBe('');
    expect(api.requests).toEqual([]);
  });
});

describe('pillars post list', () => {
  const page = {
    items: [
      post,
      { ...post, postId: '01JQ8Z6V9X8Q2W4E5R6T7Y8M9M', status: 'published', accountId: 'mastodon-alt', dueAt: '2026-03-27T17:05:00.000Z', text: 'A long post\nwith a line break and far more words than the table has room for' },
    ],
    cursor: 'eyJwayI6MX0',
  };

  it('sends the filters as query parameters', async () => {
    api.answer(() => ({ status: 200, body: { items: [] } }));
    await cli(['post', 'list', '--status', 'failed', '--limit', '10', '--cursor', 'abc'], { env: env() });
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/posts', query: { status: 'failed', limit: '10', cursor: 'abc' }, authorization: 'Bearer tok-env', body: undefined });
  });

  it('sends no query string without filters', async () => {
    api.answer(() => ({ status: 200, body: { items: [] } }));
    const result = await cli(['post', 'list'], { env: env() });
    expect(api.requests[0]?.query).toEqual({});
    expect(result.stdout).toBe('no posts\n');
  });

  it('prints a compact table with local due times, truncated text and the next cursor', async () => {
    api.answer(() => ({ status: 200, body: page }));
    const result = await cli(['post', 'list', '--limit', '2'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      'ID                          STATUS     ACCOUNT        DUE               TEXT',
      '01JQ8Z6V9X8Q2W4E5R6T7Y8M9K  scheduled  mastodon-main  2026-03-28 11:10  Hello world',
      '01JQ8Z6V9X8Q2W4E5R6T7Y8M9M  published  mastodon-alt   2026-03-27 18:05  A long post with a line break and far m…',
      '',
      'next cursor: eyJwayI6MX0',
      'next page:   pillars post list --limit 2 --cursor eyJwayI6MX0',
      '',
    ].join('\n'));
  });

  it('prints the raw page with --json', async () => {
    api.answer(() => ({ status: 200, body: page }));
    const result = await cli(['post', 'list', '--json'], { env: env() });
    expect(JSON.parse(result.stdout)).toEqual(page);
  });
});

describe('pillars post get', () => {
  it('fetches the post by id and shows every field readably', async () => {
    const published = { ...post, status: 'published', attempts: 1, link: 'https://example.com', publishedAt: '2026-03-28T10:10:02.000Z', url: 'https://mastodon.social/@brand/1', networkPostId: '1', text: 'Line one\nLine two', mood: 'cheerful' };
    api.answer(() => ({ status: 200, body: published }));
    const result = await cli(['post', 'get', '01JQ8Z6V9X8Q2W4E5R6T7Y8M9K'], { env: env() });

    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/posts/01JQ8Z6V9X8Q2W4E5R6T7Y8M9K', authorization: 'Bearer tok-env' });
    expect(result.stdout).toBe([
      'id               01JQ8Z6V9X8Q2W4E5R6T7Y8M9K',
      'status           published',
      'brand            demo',
      'account          mastodon-main',
      'network          mastodon',
      'due              2026-03-28 11:10:00 +01:00 (in 10m)',
      'text             Line one',
      '                 Line two',
      'link             https://example.com',
      'attempts         1',
      'published        2026-03-28 11:10:02 +01:00 (in 10m)',
      'url              https://mastodon.social/@brand/1',
      'network post id  1',
      'created          2026-03-28 11:00:00 +01:00 (now)',
      'updated          2026-03-28 11:00:00 +01:00 (now)',
      'mood             cheerful',
      '',
    ].join('\n'));
  });

  it('escapes the id into the path', async () => {
    api.answer(() => ({ status: 200, body: post }));
    await cli(['post', 'get', 'a/b'], { env: env() });
    expect(api.requests[0]?.path).toBe('/posts/a%2Fb');
  });

  it('needs exactly one id', async () => {
    expect((await cli(['post', 'get'], { env: env() })).stderr).toMatch(/^error: missing <postId>\n/);
    const extra = await cli(['post', 'get', 'a', 'b'], { env: env() });
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/^error: unexpected argument "b" for pillars post get\n/);
    expect(api.requests).toEqual([]);
  });
});
