import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_URL, resolveApiUrl } from '../../../cli/config.js';
import { cli, emptyRepo, removeTempDirs, repoWithTokens, startFakeApi, type FakeApi } from './fake-api.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
  api.answer(() => ({ status: 200, body: { items: [] } }));
});
afterAll(async () => {
  await api.close();
  removeTempDirs();
});
beforeEach(() => {
  api.requests.length = 0;
});

const tokens = [
  { token: 'tok-demo', brandId: 'demo' },
  { token: 'tok-other', brandId: 'other-brand' },
];

async function tokenSent(argv: readonly string[], env: Record<string, string>, repoDir: string): Promise<string | undefined> {
  const result = await cli(['post', 'list', ...argv], { env: { PILLARS_API_URL: api.url, ...env }, repoDir });
  expect(result.stderr).toBe('');
  return api.requests.at(-1)?.authorization;
}

describe('token discovery', () => {
  it('prefers --token over PILLARS_TOKEN and the local config', async () => {
    expect(await tokenSent(['--token', 'tok-flag'], { PILLARS_TOKEN: 'tok-env' }, repoWithTokens(tokens))).toBe('Bearer tok-flag');
  });

  it('prefers PILLARS_TOKEN over the local config', async () => {
    expect(await tokenSent([], { PILLARS_TOKEN: 'tok-env' }, repoWithTokens(tokens))).toBe('Bearer tok-env');
  });

  it("falls back to the first token in the local runtime's .pillars/local.json", async () => {
    expect(await tokenSent([], {}, repoWithTokens(tokens))).toBe('Bearer tok-demo');
  });

  it('picks the token of --brand from the local config', async () => {
    expect(await tokenSent(['--brand', 'other-brand'], {}, repoWithTokens(tokens))).toBe('Bearer tok-other');
  });

  it('names the brands it has when --brand matches none', async () => {
    const repoDir = repoWithTokens(tokens);
    const result = await cli(['post', 'list', '--brand', 'acme'], { env: { PILLARS_API_URL: api.url }, repoDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: no token for brand "acme" in ${join(repoDir, '.pillars', 'local.json')}\nhint: brands there: demo, other-brand; or set PILLARS_TOKEN\n`);
  });

  it('says how to get a token when there is none, without calling the API', async () => {
    const repoDir = emptyRepo();
    const result = await cli(['account', 'list'], { env: { PILLARS_API_URL: api.url }, repoDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: no API token found\n' +
      `hint: run \`npm start\` once: the local runtime writes a token to ${join(repoDir, '.pillars', 'local.json')}; or set PILLARS_TOKEN (or pass --token) with a token for your API\n`,
    );
    expect(api.requests).toEqual([]);
  });

  it('reports a local config that is not JSON', async () => {
    const repoDir = emptyRepo();
    mkdirSync(join(repoDir, '.pillars'));
    writeFileSync(join(repoDir, '.pillars', 'local.json'), '{ not json');
    const result = await cli(['account', 'list'], { env: { PILLARS_API_URL: api.url }, repoDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/local\.json is not valid JSON\n/);
  });
});

describe('API URL', () => {
  it('prefers --api over PILLARS_API_URL', async () => {
    const result = await cli(['post', 'list', '--api', api.url], { env: { PILLARS_API_URL: 'http://127.0.0.1:9', PILLARS_TOKEN: 't' } });
    expect(result.code).toBe(0);
    expect(api.requests).toHaveLength(1);
  });

  it('uses PILLARS_API_URL, keeping a stage path and dropping a trailing slash', async () => {
    expect(resolveApiUrl(undefined, { PILLARS_API_URL: 'https://api.example.com/prod/' })).toEqual({ value: 'https://api.example.com/prod', source: 'PILLARS_API_URL' });
  });

  it('defaults to the local runtime and ignores PORT', () => {
    expect(DEFAULT_API_URL).toBe('http://127.0.0.1:4000');
    expect(resolveApiUrl(undefined, { PORT: '5000' })).toEqual({ value: DEFAULT_API_URL, source: 'the default' });
  });

  it('accepts global flags before the command words', async () => {
    const result = await cli(['--api', api.url, '--token', 'tok-first', '--json', 'post', 'list'], { env: {} });
    expect(result).toEqual({ code: 0, stdout: '{"items":[]}\n', stderr: '' });
    expect(api.requests[0]?.authorization).toBe('Bearer tok-first');
  });
});
