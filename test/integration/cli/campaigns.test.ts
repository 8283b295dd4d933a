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
const spring = { name: 'spring launch', cost: 1200, currency: 'EUR', startsOn: '2026-11-01', endsOn: '2026-11-30', updatedAt: '2026-11-26T09:00:00.000Z', updatedBy: 'ana' };

describe('pillars campaign set', () => {
  it('PUTs the cost under the API field names, with the name escaped in the path, and confirms it', async () => {
    api.answer(() => ({ status: 200, body: spring }));
    const result = await cli(['campaign', 'set', 'spring launch', '--cost', '1200', '--currency', 'eur', '--starts', '2026-11-01', '--ends', '2026-11-30'], { env: env() });
    expect(api.requests).toEqual([{
      method: 'PUT', path: '/campaigns/spring%20launch', query: {}, authorization: 'Bearer tok-env', contentType: 'application/json',
      body: { cost: 1200, currency: 'EUR', startsOn: '2026-11-01', endsOn: '2026-11-30' },
    }]);
    expect(result).toEqual({ code: 0, stdout: 'campaign spring launch: cost 1200 EUR, 2026-11-01 to 2026-11-30\n', stderr: '' });
  });

  it('refuses a cost that is not a number before calling the API', async () => {
    const result = await cli(['campaign', 'set', 'spring', '--cost', '1.200,00', '--currency', 'EUR'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --cost must be a number such as 1200, not "1.200,00"\n\nUsage: pillars campaign set/);
    expect(api.requests).toEqual([]);
  });

  it('requires --currency', async () => {
    const result = await cli(['campaign', 'set', 'spring', '--cost', '5'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: missing --currency/);
  });

  it("shows the API's field issue when the API refuses the campaign", async () => {
    api.answer(() => ({ status: 400, body: { error: { code: 'ValidationError', message: 'cost: must be 0 or more', issues: [{ field: 'cost', message: 'must be 0 or more' }] } } }));
    const result = await cli(['campaign', 'set', 'spring', '--cost', '-1', '--currency', 'EUR'], { env: env() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('must be 0 or more');
  });
});

describe('pillars campaign list', () => {
  it('prints a table of the campaigns', async () => {
    api.answer(() => ({ status: 200, body: { items: [spring, { name: 'autumn', cost: 0, currency: 'USD', notes: 'organic only', updatedAt: '', updatedBy: 'ana' }] } }));
    const result = await cli(['campaign', 'list'], { env: env() });
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/campaigns' });
    expect(result.stdout).toBe([
      'NAME           COST  CURRENCY  STARTS      ENDS        NOTES',
      'spring launch  1200  EUR       2026-11-01  2026-11-30',
      'autumn         0     USD                               organic only',
      '',
    ].join('\n'));
  });

  it('says how to add one when there are none', async () => {
    api.answer(() => ({ status: 200, body: { items: [] } }));
    expect((await cli(['campaign', 'list'], { env: env() })).stdout).toContain('pillars campaign set <name>');
  });
});
