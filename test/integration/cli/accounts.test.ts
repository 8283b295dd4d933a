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
const account = { brandId: 'demo', accountId: 'mastodon-main', network: 'mastodon', handle: '@brand', baseUrl: 'https://mastodon.social' };

describe('pillars account connect', () => {
  it('posts the account under the API field names and confirms it', async () => {
    api.answer(() => ({ status: 201, body: account }));
    const result = await cli(['account', 'connect', '--id', 'mastodon-main', '--network', 'mastodon', '--handle', '@brand', '--url', 'https://mastodon.social/'], { env: env() });

    expect(api.requests).toEqual([{
      method: 'POST',
      path: '/accounts',
      query: {},
      authorization: 'Bearer tok-env',
      contentType: 'application/json',
      body: { accountId: 'mastodon-main', network: 'mastodon', handle: '@brand', baseUrl: 'https://mastodon.social/' },
    }]);
    expect(result).toEqual({ code: 0, stdout: 'connected mastodon account mastodon-main (@brand at https://mastodon.social)\n', stderr: '' });
  });

  it('re-points the existing account with --replace', async () => {
    api.answer(() => ({ status: 200, body: { ...account, baseUrl: 'https://social.example' } }));
    const result = await cli(['account', 'connect', '--id', 'mastodon-main', '--network', 'mastodon', '--handle', '@brand', '--url', 'https://social.example', '--replace'], { env: env() });

    expect(api.requests).toEqual([{
      method: 'PUT',
      path: '/accounts/mastodon-main',
      query: {},
      authorization: 'Bearer tok-env',
      contentType: 'application/json',
      body: { network: 'mastodon', handle: '@brand', baseUrl: 'https://social.example' },
    }]);
    expect(result).toEqual({ code: 0, stdout: 're-pointed mastodon account mastodon-main (@brand at https://social.example)\n', stderr: '' });
  });

  it.each(['id', 'network', 'handle', 'url'])('requires --%s', async (missing) => {
    const flags = { id: 'a1', network: 'mastodon', handle: '@b', url: 'https://m.example' };
    const argv = Object.entries(flags).filter(([name]) => name !== missing).flatMap(([name, value]) => [`--${name}`, value]);
    const result = await cli(['account', 'connect', ...argv], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: missing --${missing}\\n\\nUsage: pillars account connect`));
    expect(api.requests).toEqual([]);
  });
});

describe('pillars account list', () => {
  it('prints a table of the accounts', async () => {
    api.answer(() => ({ status: 200, body: { items: [account, { ...account, accountId: 'sandbox', handle: '@pillars', baseUrl: 'http://127.0.0.1:4010' }] } }));
    const result = await cli(['account', 'list'], { env: env() });
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/accounts', authorization: 'Bearer tok-env', body: undefined });
    expect(result.stdout).toBe([
      'ID             NETWORK   HANDLE    URL',
      'mastodon-main  mastodon  @brand    https://mastodon.social',
      'sandbox        mastodon  @pillars  http://127.0.0.1:4010',
      '',
    ].join('\n'));
  });

  it('says how to connect one when there are none', async () => {
    api.answer(() => ({ status: 200, body: { items: [] } }));
    expect((await cli(['account', 'list'], { env: env() })).stdout).toContain('no accounts connected yet');
  });

  it('prints the raw JSON with --json', async () => {
    api.answer(() => ({ status: 200, body: { items: [account] } }));
    const result = await cli(['account', 'list', '--json'], { env: env() });
    expect(JSON.parse(result.stdout)).toEqual({ items: [account] });
  });
});
