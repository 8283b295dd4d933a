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

describe('pillars post import, the asynchronous path', () => {
  const IMPORT_ID = '01JQ8Z6V9X8Q2W4E5R6T7Y8M9K';
  const done = { importId: IMPORT_ID, status: 'done', rowsSeen: 2, imported: 1, rejected: 1, postStatus: 'scheduled', rejectedRows: [{ line: 3, issues: [{ field: 'text', message: 'required: the text of the post' }] }] };

  /** Streams are relayed as their text (the fake API reads JSON); JSON bodies go as they are. */
  const uploadRelayingFetch: typeof fetch = async (url, init) => {
    const body = init?.body;
    if (!(body instanceof ReadableStream)) return fetch(url, init);
    const { 'content-length': contentLength, ...headers } = (init?.headers ?? {}) as Record<string, string>;
    sent.push({ stream: true, duplex: (init as { duplex?: string }).duplex, contentLength });
    return fetch(url, { ...init, headers, body: JSON.stringify(await new Response(body).text()), duplex: undefined } as RequestInit);
  };
  const runAsync = (argv: string[], cwd = workdir()) =>
    cli(['post', 'import', ...argv], { env: { PILLARS_API_URL: api.url, PILLARS_TOKEN: 'tok-env' }, cwd, fetch: uploadRelayingFetch });

  /** POST /imports, the upload, then each GET answers the next of `jobs` (the last one again). */
  function answerJobs(jobs: Record<string, unknown>[], upload: { status: number; raw?: string } = { status: 200, raw: '' }) {
    let polls = 0;
    api.answer((request) => {
      if (request.method === 'POST' && request.path === '/imports') {
        return { status: 201, body: { importId: IMPORT_ID, uploadUrl: `${api.url}/upload/${IMPORT_ID}?X-Amz-Signature=abc`, expiresAt: '2026-03-28T10:15:00.000Z' } };
      }
      if (request.method === 'PUT') return upload;
      return { status: 200, body: jobs[Math.min(polls++, jobs.length - 1)] };
    });
  }

  it('with --async: creates the job with the flags, uploads the file as text/csv to its URL, and prints the same summary once done', async () => {
    answerJobs([{ ...done, errorsUrl: 'https://s3.example/errors.csv?sig' }]);

    const result = await runAsync(['posts.csv', '--async', '--timezone', 'Europe/Berlin', '--allow-past']);

    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /imports', `PUT /upload/${IMPORT_ID}`, `GET /imports/${IMPORT_ID}`]);
    expect(api.requests[0]).toMatchObject({ body: { timezone: 'Europe/Berlin', allowPast: true }, authorization: 'Bearer tok-env' });
    expect(api.requests[1]).toMatchObject({ query: { 'X-Amz-Signature': 'abc' }, contentType: 'text/csv', body: FILE });
    expect(sent).toEqual([{ stream: true, duplex: 'half', contentLength: String(Buffer.byteLength(FILE)) }]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe([
      'imported 1, rejected 1',
      'line 3: text: required: the text of the post',
      'every rejected row: https://s3.example/errors.csv?sig (errors.csv, link valid for 15 minutes)',
      '',
    ].join('\n'));
  });

  it('switches to the asynchronous path by itself above 2,000 lines, and stays synchronous at 2,000', async () => {
    const dir = emptyRepo();
    const row = '2026-12-01,09:30,Hello,mastodon-main\n';
    writeFileSync(join(dir, 'at-limit.csv'), `date,time,message,channel\n${row.repeat(1_999)}`);
    writeFileSync(join(dir, 'over-limit.csv'), `date,time,message,channel\n${row.repeat(2_000)}`);
    answerJobs([{ ...done, rejected: 0, rejectedRows: [], imported: 2_000 }]);

    await runAsync(['over-limit.csv'], dir);
    const overLimit = api.requests.splice(0).map((r) => `${r.method} ${r.path}`);
    api.answer(() => ({ status: 200, body: { imported: 1_999, status: 'scheduled', rejected: [] } }));
    await runAsync(['at-limit.csv'], dir);

    expect(overLimit).toEqual(['POST /imports', `PUT /upload/${IMPORT_ID}`, `GET /imports/${IMPORT_ID}`]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /posts/import']);
  });

  it('shows progress on stderr while the job runs, each state once', async () => {
    const importing = { ...done, status: 'importing', rowsSeen: 1, imported: 0, rejected: 0, rejectedRows: undefined };
    answerJobs([{ ...importing, status: 'waiting_for_upload' }, importing, done]);

    const result = await runAsync(['posts.csv', '--async']);

    expect(result.stderr).toBe([
      `uploaded ${Buffer.byteLength(FILE)} bytes; import ${IMPORT_ID} runs on the server`,
      'waiting for the server to pick up the upload',
      'importing: 1 rows read, 0 imported, 0 rejected',
      '',
    ].join('\n'));
    expect(result.stdout.split('\n')[0]).toBe('imported 1, rejected 1');
  });

  it('gives up, saying where to look, when the uploaded file has not started importing after 5 minutes', async () => {
    answerJobs([{ ...done, status: 'waiting_for_upload', rejectedRows: undefined }]);
    let clock = Date.parse('2026-03-28T10:00:00Z');
    // Each look at the clock is 3 minutes later: the first poll is inside the limit, the second past it.
    const now = () => new Date((clock += 180_000));

    const result = await cli(['post', 'import', 'posts.csv', '--async'], { env: { PILLARS_API_URL: api.url, PILLARS_TOKEN: 'tok-env' }, cwd: workdir(), fetch: uploadRelayingFetch, now });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: import ${IMPORT_ID} has not started 5 minutes after the upload`);
    expect(api.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('prints the job as JSON with --json', async () => {
    answerJobs([{ ...done, rejected: 0, rejectedRows: [] }]);
    const result = await runAsync(['posts.csv', '--async', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ...done, rejected: 0, rejectedRows: [] });
  });

  it('fails with the reason when the job failed', async () => {
    answerJobs([{ ...done, status: 'failed', imported: 0, rejectedRows: [], failure: 'header: missing the column for the account' }]);
    const result = await runAsync(['posts.csv', '--async']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: import ${IMPORT_ID} failed: header: missing the column for the account`);
  });

  it('fails with S3\'s reason when the upload is refused, and does not poll', async () => {
    answerJobs([done], { status: 403, raw: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' });
    const result = await runAsync(['posts.csv', '--async']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('error: uploading the file failed: 403 Request has expired');
    expect(api.requests.map((r) => r.method)).toEqual(['POST', 'PUT']);
  });
});
