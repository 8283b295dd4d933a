import { writeFileSync } from 'node:fs';
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

/** How the CLI handed each request body to fetch. */
let sent: { stream: boolean; duplex?: string; contentLength?: string }[];
beforeEach(() => {
  api.requests.length = 0;
  sent = [];
});

/**
 * The CLI streams the file; the fake API parses every request body as JSON. This fetch checks
 * the body is a stream, reads it, and relays the file's text to the fake API as a JSON string,
 * so `api.requests[n].body` is exactly what the CLI sent.
 */
const relayingFetch: typeof fetch = async (url, init) => {
  const body = init?.body;
  const stream = body instanceof ReadableStream;
  const text = stream ? await new Response(body).text() : String(body);
  const { 'content-length': contentLength, ...headers } = (init?.headers ?? {}) as Record<string, string>;
  sent.push({ stream, duplex: (init as { duplex?: string }).duplex, contentLength });
  return fetch(url, { ...init, headers, body: JSON.stringify(text), duplex: undefined } as RequestInit);
};

const FILE = 'date,time,message,channel\n2026-12-01,09:30,"Hello, world",mastodon-main\n2026-12-01,25:00,,mastodon-main\n';

function workdir(): string {
  const dir = emptyRepo();
  writeFileSync(join(dir, 'posts.csv'), FILE);
  return dir;
}

const run = (argv: string[], cwd = workdir()) =>
  cli(['post', 'import', ...argv], { env: { PILLARS_API_URL: api.url, PILLARS_TOKEN: 'tok-env' }, cwd, fetch: relayingFetch });

describe('pillars post import', () => {
  it('streams the file as text/csv with its length, the flags as the query', async () => {
    api.answer(() => ({ status: 200, body: { imported: 2, status: 'scheduled', rejected: [] } }));

    const result = await run(['posts.csv', '--date-format', 'dmy', '--timezone', 'Europe/Berlin', '--allow-past']);

    expect(result).toEqual({ code: 0, stdout: 'imported 2, rejected 0\n', stderr: '' });
    expect(api.requests).toEqual([{
      method: 'POST',
      path: '/posts/import',
      query: { dateFormat: 'dmy', timezone: 'Europe/Berlin', allowPast: 'true' },
      authorization: 'Bearer tok-env',
      contentType: 'text/csv; charset=utf-8',
      body: FILE,
    }]);
    expect(sent).toEqual([{ stream: true, duplex: 'half', contentLength: String(Buffer.byteLength(FILE)) }]);
  });

  it('sends no query without flags, and reads a path relative to the working directory', async () => {
    api.answer(() => ({ status: 200, body: { imported: 2, status: 'scheduled', rejected: [] } }));
    const dir = workdir();
    writeFileSync(join(dir, 'other.csv'), 'datetime,text,account\n');

    await run(['other.csv'], dir);

    expect(api.requests[0]).toMatchObject({ query: {}, body: 'datetime,text,account\n' });
  });

  it('prints each rejected line with every reason and exits 1', async () => {
    api.answer(() => ({
      status: 200,
      body: {
        imported: 1,
        status: 'scheduled',
        rejected: [
          { line: 3, issues: [{ field: 'dueAt', message: '"25:00" is not a time of day' }, { field: 'text', message: 'required: the text of the post' }] },
          { line: 17, issues: [{ field: 'row', message: 'duplicate of line 2: same account, due minute and text' }] },
        ],
        postIds: ['01JQ8Z6V9X8Q2W4E5R6T7Y8M9K'],
      },
    }));

    const result = await run(['posts.csv']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe([
      'imported 1, rejected 2',
      'line 3: dueAt: "25:00" is not a time of day ; text: required: the text of the post',
      'line 17: row: duplicate of line 2: same account, due minute and text',
      '',
    ].join('\n'));
    expect(result.stderr).toBe('');
  });

  it('says when imported posts wait for review, and passes warnings on', async () => {
    api.answer(() => ({ status: 200, body: { imported: 2, status: 'in_review', rejected: [], warnings: ['2 imported post(s) are scheduled but their PostScheduled event could not be published'] } }));
    const result = await run(['posts.csv']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      'imported 2, rejected 0',
      'the imported posts wait for review: the brand requires approval before they are scheduled',
      'warning: 2 imported post(s) are scheduled but their PostScheduled event could not be published',
      '',
    ].join('\n'));
  });

  it('prints the raw summary with --json, still exiting 1 when rows were rejected', async () => {
    const raw = '{"imported":0,"status":"scheduled","rejected":[{"line":2,"issues":[{"field":"text","message":"x"}]}]}';
    api.answer(() => ({ status: 200, raw }));
    const result = await run(['posts.csv', '--json']);
    expect(result).toEqual({ code: 1, stdout: `${raw}\n`, stderr: '' });
  });

  it('shows the API\'s header error with the missing columns', async () => {
    api.answer(() => ({
      status: 400,
      body: { error: { code: 'ValidationError', message: 'header: missing …', issues: [{ field: 'header', message: 'missing the column for the account: add "channel" (or account, account_id) with the id of a connected account' }] } },
    }));
    const result = await run(['posts.csv']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: header: missing …\n  header: missing the column for the account: add "channel" (or account, account_id) with the id of a connected account\n');
  });

  it.each([
    [[], 2, 'error: missing <file.csv>'],
    [['posts.csv', '--date-format', 'ymd'], 2, 'error: --date-format must be dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy), not "ymd"'],
    [['posts.csv', '--timezone', ' '], 2, 'error: --timezone must not be empty'],
    [['posts.csv', '--allow-past=yes'], 2, 'error: --allow-past takes no value'],
    [['missing.csv'], 1, 'error: cannot read missing.csv: no such file'],
    [['.'], 1, 'error: . is not a file'],
  ])('refuses %j before calling the API', async (argv, code, message) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(api.requests).toEqual([]);
  });
});
