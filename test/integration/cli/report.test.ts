import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, emptyRepo, removeTempDirs, startFakeApi, type FakeApi } from './fake-api.js';

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
const record = (files: { name: string; path?: string }[]) => ({
  brandId: 'demo', reportId: 'R1', from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z', timezone: 'UTC',
  generatedAt: '2026-11-23T06:00:00.000Z', trigger: 'on_demand', location: 's3://b/reports/demo/R1/index.html', posts: 12,
  mailedTo: ['marketing@demo.example'],
  files: files.map((f) => ({ contentType: 'text/plain', bytes: 1, location: `s3://b/reports/demo/R1/${f.name}`, ...f })),
});

describe('pillars report', () => {
  it('asks for the period given and prints the stored file when the API names its path (local runtime)', async () => {
    api.answer(() => ({ status: 201, body: record([{ name: 'index.html', path: '/data/s3/b/reports/demo/R1/index.html' }]) }));
    const result = await cli(['report', '--from', '2026-11-16', '--to', '2026-11-22'], { env: env() });
    expect(api.requests).toEqual([{
      method: 'POST', path: '/reports', query: {}, authorization: 'Bearer tok-env', contentType: 'application/json', body: { from: '2026-11-16', to: '2026-11-22' },
    }]);
    expect(result).toEqual({
      code: 0, stderr: '',
      stdout: 'report R1: 12 post(s), 2026-11-16 – 2026-11-23 (UTC)\nmailed to marketing@demo.example\n/data/s3/b/reports/demo/R1/index.html\n',
    });
  });

  it('downloads index.html and the CSVs into --out when the report lives in S3, and prints the local copy', async () => {
    api.answer((req) => {
      if (req.method === 'POST') return { status: 201, body: record([{ name: 'index.html' }, { name: 'top-posts.csv' }]) };
      return { status: 200, raw: req.path.endsWith('index.html') ? '<html>report</html>' : 'post,kpi\r\n"a",1\r\n' };
    });
    const cwd = emptyRepo();
    const result = await cli(['report', '--out', 'copy'], { env: env(), cwd });
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /reports', 'GET /reports/R1/files/index.html', 'GET /reports/R1/files/top-posts.csv']);
    expect(api.requests[0]!.body).toEqual({});
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(join(cwd, 'copy', 'index.html'));
    expect(readFileSync(join(cwd, 'copy', 'index.html'), 'utf8')).toBe('<html>report</html>');
    expect(readFileSync(join(cwd, 'copy', 'top-posts.csv'), 'utf8')).toBe('post,kpi\r\n"a",1\r\n');
  });

  it('refuses a --from that is not a date before calling the API', async () => {
    const result = await cli(['report', '--from', 'last week'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --from "last week" is not a date; use YYYY-MM-DD or an ISO time/);
    expect(api.requests).toEqual([]);
  });

  it("shows the API's field issue when the period is refused", async () => {
    api.answer(() => ({ status: 400, body: { error: { code: 'ValidationError', message: 'from: must be before to', issues: [{ field: 'from', message: 'must be before to' }] } } }));
    const result = await cli(['report', '--from', '2026-11-20', '--to', '2026-11-01'], { env: env() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('must be before to');
  });
});
