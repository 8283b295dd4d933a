import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, removeTempDirs, startFakeApi, type FakeApi } from './fake-api.js';

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
const queue = { timezone: 'Europe/Berlin', slots: [{ day: 'tue', time: '18:00' }, { day: 'thu', time: '18:00' }] };
const suggestions = {
  accountId: 'x-main', basis: 'engagementRateByImpressions', postsScored: 14, queue,
  slots: [
    { weekday: 'tue', hour: 18, minute: 0, score: 4.251, posts: 2, basis: 'engagementRateByImpressions' },
    { weekday: 'thu', hour: 18, minute: 0, score: 3.9, posts: 2, basis: 'engagementRateByImpressions' },
  ],
};

describe('pillars queue suggest', () => {
  it('shows the suggested slots and leaves the queue alone without --apply', async () => {
    api.answer(() => ({ status: 200, body: suggestions }));
    const result = await cli(['queue', 'suggest', 'x-main'], { env: env() });
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /accounts/x-main/queue/suggestions']);
    expect(result.stdout).toBe([
      'SLOT            SCORE  POSTS',
      'Tuesday 18:00   4.25   2',
      'Thursday 18:00  3.90   2',
      'scored by % engagement rate by impressions, from 14 posts; times in Europe/Berlin',
      '',
    ].join('\n'));
  });

  it('with --apply puts the suggested slots as the account\'s queue', async () => {
    api.answer((req) => ({ status: 200, body: req.method === 'GET' ? suggestions : queue }));
    const result = await cli(['queue', 'suggest', 'x-main', '--apply'], { env: env() });
    expect(api.requests[1]).toMatchObject({ method: 'PUT', path: '/accounts/x-main/queue', body: queue });
    expect(result.stdout).toContain("x-main's queue now has these 2 weekly slots");
  });

  it('says why there is no suggestion, and puts nothing, when the history is too short', async () => {
    api.answer(() => ({ status: 200, body: { accountId: 'x-main', slots: [], postsScored: 3, reason: 'only 3 post(s) with engagements in the last 16 weeks on x-main; at least 12 are needed to trust its own history' } }));
    const result = await cli(['queue', 'suggest', 'x-main', '--apply'], { env: env() });
    expect(result.stdout).toBe('no suggestion for x-main yet: only 3 post(s) with engagements in the last 16 weeks on x-main; at least 12 are needed to trust its own history\n');
    expect(api.requests).toHaveLength(1);
  });
});
