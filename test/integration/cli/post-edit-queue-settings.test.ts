import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, post, removeTempDirs, startFakeApi, type FakeApi } from './fake-api.js';

process.env.TZ = 'Europe/Berlin';

let api: FakeApi;
beforeAll(async () => { api = await startFakeApi(); });
afterAll(async () => { await api.close(); removeTempDirs(); });
beforeEach(() => { api.requests.length = 0; });

const env = () => ({ PILLARS_API_URL: api.url, PILLARS_TOKEN: 'tok-env' });

describe('pillars post edit', () => {
  it('sends only the given fields over PATCH /posts/{postId}, with --at read as local time', async () => {
    api.answer(() => ({ status: 200, body: { ...post, postId: 'p1', text: 'New text', campaign: 'spring' } }));

    const result = await cli(['post', 'edit', 'p1', '--text', 'New text', '--campaign', 'spring', '--first-comment', 'More below', '--at', 'tomorrow 09:00'], { env: env() });

    expect(result.code).toBe(0);
    expect(api.requests).toEqual([expect.objectContaining({
      method: 'PATCH', path: '/posts/p1', body: { text: 'New text', campaign: 'spring', firstComment: 'More below', dueAt: '2026-03-29T07:00:00.000Z' },
    })]);
    expect(result.stdout).toMatch(/^id\s+p1$/m);
  });

  it('clears the link, campaign or pillar given as an empty value', async () => {
    api.answer(() => ({ status: 200, body: { ...post, postId: 'p1' } }));

    const result = await cli(['post', 'edit', 'p1', '--link', '', '--pillar', ''], { env: env() });

    expect(result.code).toBe(0);
    expect(api.requests[0]?.body).toEqual({ link: null, pillar: null });
  });

  it.each([
    [['post', 'edit', 'p1'], 'nothing to change'],
    [['post', 'edit', 'p1', '--text', ' '], '--text must not be empty'],
    [['post', 'edit', 'p1', '--at', 'someday'], 'cannot read --at "someday"'],
  ])('refuses %j before calling the API', async (argv, message) => {
    const result = await cli(argv, { env: env() });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.requests).toEqual([]);
  });

  it('shows why the API refused the edit, naming the field', async () => {
    api.answer(() => ({ status: 400, body: { error: { code: 'ValidationError', message: 'invalid request', issues: [{ field: 'text', message: "is 600 characters as mastodon counts them; mastodon's limit is 500" }] } } }));

    const result = await cli(['post', 'edit', 'p1', '--text', 'x'.repeat(600)], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("text: is 600 characters as mastodon counts them; mastodon's limit is 500");
  });
});

describe('pillars queue status | pause | resume', () => {
  it('shows a paused queue with its cause and reason', async () => {
    api.answer(() => ({ status: 200, body: { paused: true, cause: 'crisis', reason: 'negative spike', since: '2026-03-28T09:00:00.000Z' } }));

    const result = await cli(['queue', 'status'], { env: env() });

    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/queue' });
    expect(result.stdout).toMatch(/^queue\s+paused$/m);
    expect(result.stdout).toMatch(/^reason\s+negative spike$/m);
  });

  it('pauses with the reason given', async () => {
    api.answer(() => ({ status: 200, body: { paused: true, cause: 'manual', reason: 'product recall', since: '2026-03-28T10:00:00.000Z' } }));

    const result = await cli(['queue', 'pause', '--reason', 'product recall'], { env: env() });

    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/queue/pause', body: { reason: 'product recall' } });
  });

  it('refuses to pause without a reason', async () => {
    const result = await cli(['queue', 'pause'], { env: env() });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing --reason');
    expect(api.requests).toEqual([]);
  });

  it('resumes and says how many held posts were rescheduled', async () => {
    api.answer(() => ({ status: 200, body: { resumed: true, rescheduled: 3, returnedToDraft: 1 } }));

    const result = await cli(['queue', 'resume'], { env: env() });

    expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/queue/resume' });
    expect(result.stdout).toBe('queue resumed: 3 held post(s) rescheduled, 1 returned to draft\n');
  });
});

describe('pillars settings get | set', () => {
  const current = { requireApproval: false, timezone: 'Europe/Berlin', linkShortener: { provider: 'bitly', domain: 'bit.ly' } };

  it('shows the settings', async () => {
    api.answer(() => ({ status: 200, body: current }));

    const result = await cli(['settings', 'get'], { env: env() });

    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/settings' });
    expect(result.stdout).toMatch(/^linkShortener\s+bitly, domain bit\.ly$/m);
  });

  it('changes the given settings and keeps the others', async () => {
    api.answer((request) => ({ status: 200, body: request.method === 'PUT' ? request.body : current }));

    const result = await cli(['settings', 'set', '--require-approval', 'true', '--shortener-domain', 'go.example.com'], { env: env() });

    expect(result.code).toBe(0);
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(api.requests[1]?.body).toEqual({ requireApproval: true, timezone: 'Europe/Berlin', linkShortener: { provider: 'bitly', domain: 'go.example.com' } });
  });

  it('turns shortening off with --shortener none', async () => {
    api.answer((request) => ({ status: 200, body: request.method === 'PUT' ? request.body : current }));

    await cli(['settings', 'set', '--shortener', 'none'], { env: env() });

    expect(api.requests[1]?.body).toEqual({ requireApproval: false, timezone: 'Europe/Berlin', linkShortener: { provider: 'none' } });
  });

  it.each([
    [['settings', 'set'], 'nothing to change'],
    [['settings', 'set', '--require-approval', 'yes'], '--require-approval takes true or false, not "yes"'],
    [['settings', 'set', '--shortener', 'tinyurl'], '--shortener takes bitly or none, not "tinyurl"'],
  ])('refuses %j before calling the API', async (argv, message) => {
    const result = await cli(argv, { env: env() });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.requests).toEqual([]);
  });
});
