import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, post, removeTempDirs, startFakeApi, type FakeApi } from './fake-api.js';

process.env.TZ = 'Europe/Berlin';

let api: FakeApi;
beforeAll(async () => { api = await startFakeApi(); });
afterAll(async () => { await api.close(); removeTempDirs(); });
beforeEach(() => { api.requests.length = 0; });

const env = () => ({ PILLARS_API_URL: api.url, PILLARS_TOKEN: 'tok-env' });

describe('pillars post submit | approve | reject | cancel', () => {
  it.each([
    [['post', 'submit', 'p1'], 'POST', '/posts/p1/submit', undefined],
    [['post', 'approve', 'p1'], 'POST', '/posts/p1/approve', undefined],
    [['post', 'reject', 'p1', '--note', 'Add the price'], 'POST', '/posts/p1/reject', { note: 'Add the price' }],
    [['post', 'cancel', 'p1'], 'DELETE', '/posts/p1', undefined],
  ])('%j calls %s %s', async (argv, method, path, body) => {
    api.answer(() => ({ status: 200, body: { ...post, postId: 'p1', status: 'scheduled' } }));
    const result = await cli(argv, { env: env() });
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method, path, ...(body ? { body } : {}) });
    expect(result.stdout).toMatch(/^p1 {2}scheduled {2}due /);
  });

  it('refuses reject without a note, before calling the API', async () => {
    const result = await cli(['post', 'reject', 'p1'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--note is required');
    expect(api.requests).toEqual([]);
  });

  it('shows the reason when an author tries to approve their own post', async () => {
    api.answer(() => ({ status: 403, body: { error: { code: 'ForbiddenError', message: 'you wrote this post; someone else must approve it' } } }));
    const result = await cli(['post', 'approve', 'p1'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('someone else must approve it');
  });
});
