import { createServer } from 'node:net';
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
const create = ['post', 'create', '--account', 'nope', '--text', 'x', '--now'];

const validation = {
  error: {
    code: 'ValidationError',
    message: 'accountId: unknown network account "nope" for this brand; text: is 600 characters',
    issues: [
      { field: 'accountId', message: 'unknown network account "nope" for this brand' },
      { field: 'text', message: 'is 600 characters' },
    ],
  },
};

describe('API errors', () => {
  it('prints the message and each issue on stderr and exits 1', async () => {
    api.answer(() => ({ status: 400, body: validation }));
    const result = await cli(create, { env: env() });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'error: accountId: unknown network account "nope" for this brand; text: is 600 characters',
        '  accountId: unknown network account "nope" for this brand',
        '  text: is 600 characters',
        '',
      ].join('\n'),
    });
  });

  it('also prints the raw error body on stdout with --json', async () => {
    api.answer(() => ({ status: 400, body: validation }));
    const result = await cli([...create, '--json'], { env: env() });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual(validation);
    expect(result.stderr).toMatch(/^error: accountId: unknown/);
  });

  it('prints a not-found message', async () => {
    api.answer(() => ({ status: 404, body: { error: { code: 'NotFoundError', message: 'post p1 not found' } } }));
    expect(await cli(['post', 'get', 'p1'], { env: env() })).toEqual({ code: 1, stdout: '', stderr: 'error: post p1 not found\n' });
  });

  it('adds a token hint on 401 that names where the token came from', async () => {
    // API Gateway's JWT authorizer answers with its own { message } body, not the error envelope.
    api.answer(() => ({ status: 401, body: { message: 'Unauthorized' } }));
    const result = await cli(['post', 'list'], { env: env() });
    expect(result.code).toBe(1);
    const [first, hint] = result.stderr.split('\n');
    expect(first).toBe('error: Unauthorized');
    expect(hint).toBe(`hint: the API at ${api.url} rejected the token from PILLARS_TOKEN; pass a valid one with --token or PILLARS_TOKEN, or for the local runtime run \`npm start\` to (re)write .pillars/local.json`);
  });

  it('shows the request id of a server failure', async () => {
    api.answer(() => ({ status: 500, body: { error: { code: 'InternalError', message: 'internal error; quote the request id when reporting it', requestId: 'req-123' } } }));
    const result = await cli(['account', 'list'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: internal error; quote the request id when reporting it\nrequest id: req-123\n');
  });

  it('falls back to the HTTP status when the body is not JSON', async () => {
    api.answer(() => ({ status: 502, raw: '<html>Bad Gateway</html>' }));
    const result = await cli(['account', 'list'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: HTTP 502 Bad Gateway\n/);
  });
});

describe('transport errors', () => {
  it('says the API is not running when the connection is refused', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const result = await cli(['post', 'list'], { env: { PILLARS_API_URL: url, PILLARS_TOKEN: 't' } });
    expect(result).toEqual({ code: 1, stdout: '', stderr: `error: cannot reach the Pillars API at ${url}: is \`npm start\` running?\n` });
  });

  it('rejects an API URL that is not http(s), naming its source', async () => {
    const result = await cli(['post', 'list', '--api', 'ftp://example.com'], { env: { PILLARS_TOKEN: 't' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: invalid API URL "ftp:\/\/example.com" \(from --api\)\n/);
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
