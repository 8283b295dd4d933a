import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, removeTempDirs, startFakeApi, type FakeApi } from './fake-api.js';

process.env.TZ = 'Europe/Berlin';

let api: FakeApi;
beforeAll(async () => { api = await startFakeApi(); });
afterAll(async () => { await api.close(); removeTempDirs(); });
beforeEach(() => { api.requests.length = 0; });

const env = () => ({ PILLARS_API_URL: api.url, PILLARS_TOKEN: 'tok-env' });

describe('pillars calendar', () => {
  it('asks for the week from the given day, grouped as asked, and prints each group', async () => {
    api.answer(() => ({
      status: 200,
      body: {
        by: 'campaign', timezone: 'UTC',
        groups: [{ key: 'summer', entries: [{ postId: 'p1', dueAt: '2026-06-01T08:00:00.000Z', status: 'scheduled', accountId: 'x-main', network: 'x', campaign: 'summer', text: 'Hello' }] }],
      },
    }));

    const result = await cli(['calendar', '--from', '2026-06-01', '--by', 'campaign'], { env: env() });

    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: 'GET', path: '/calendar',
      query: { from: '2026-06-01T00:00:00.000Z', to: '2026-06-08T00:00:00.000Z', by: 'campaign' },
    });
    expect(result.stdout).toContain('summer  (1)');
    expect(result.stdout).toMatch(/2026-06-01 10:00\s+scheduled\s+x-main\s+summer\s+Hello/);
  });

  it('refuses a range it cannot show, before calling the API', async () => {
    const result = await cli(['calendar', '--days', '400'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--days must be a whole number from 1 to 92');
    expect(api.requests).toEqual([]);
  });
});
