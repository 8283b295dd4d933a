/**
 * The OpenAPI document against the real API: every operation is called through the local
 * runtime's HTTP API (API Gateway's authorizer and routing, the handlers in their Lambda-like
 * workers, DynamoDB Local, the local S3, Scheduler and bus), and every answer must have a status
 * the document lists for that operation and a body that parses with the documented schema.
 * At the end, every documented status must have been seen, except those only API Gateway's own
 * limits or a race can produce, which are listed with the reason.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { silentReporter } from '../../local/reporter.js';
import { routes, type RouteSpec } from '../../shared/contracts/api/routes.js';
import { responses, type DocumentedResponse } from '../../shared/contracts/api/responses.js';
import { WEB_ANALYTICS_SECRET } from '../../shared/analytics/web-analytics/brand-secrets.js';
import { standardWebhookSignature } from '../../shared/analytics/web-analytics/standard-webhooks.js';

type OperationId = keyof typeof routes;

const A_ADMIN = 'token-a-admin-0123456789abcdef';
const A_EDITOR = 'token-a-editor-0123456789abcdef';
const A_VIEWER = 'token-a-viewer-0123456789abcdef';
const B_ADMIN = 'token-b-admin-0123456789abcdef';
const B_APPROVER = 'token-b-approver-0123456789abcdef';
const SIGNING_SECRET = `whsec_${Buffer.from('conformance signing key').toString('base64')}`;
const A_ACCOUNT = 'mastodon-a';
const B_ACCOUNT = 'mastodon-b';
/** What API Gateway (and the local runtime) answers when the function fails without answering. */
const GATEWAY_FAILURE = JSON.stringify({ message: 'Internal Server Error' });
/** How often a call is made when the function fails before answering (see `call`). */
const COLD_START_ATTEMPTS = 3;
/** A ULID no import has. */
const UNKNOWN_IMPORT = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

/** Documented statuses the local runtime cannot produce, each with the reason. */
const NOT_PROVOKED: Readonly<Record<number, string>> = {
  413: "API Gateway's payload limit; the local runtime has none",
  429: 'API Gateway throttling',
};
const NOT_PROVOKED_FOR: Partial<Record<OperationId, Readonly<Record<number, string>>>> = {
  createPost: { 409: 'only a lost race between two requests with one Idempotency-Key' },
  createPostGroup: { 409: 'only a lost race between two requests with one Idempotency-Key' },
};
/** A function failure is provoked once, through the webhook (a malformed signing secret); elsewhere it would need a broken deployment. */
const FAILURE_PROVOKED_BY: OperationId = 'conversionWebhook';

// Most tests start several functions cold (a few seconds each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let runtime: Runtime;
const seen = new Map<OperationId, Set<number>>();
/** The functions' last log lines, shown when a wait times out: background work fails out of sight. */
const functionLog: string[] = [];

beforeAll(async () => {
  runtime = await startRuntime({
    port: 0,
    config: {
      tokens: [
        { token: A_ADMIN, brandId: 'brand-a', user: 'ana', groups: ['admin'] },
        { token: A_EDITOR, brandId: 'brand-a', user: 'ed', groups: ['editor'] },
        { token: A_VIEWER, brandId: 'brand-a', user: 'vi', groups: ['viewer'] },
        { token: B_ADMIN, brandId: 'brand-b', user: 'bea', groups: ['admin'] },
        { token: B_APPROVER, brandId: 'brand-b', user: 'bob', groups: ['approver'] },
      ],
    },
    secrets: {
      [WEB_ANALYTICS_SECRET]: JSON.stringify({
        'brand-a': { conversionSigningSecrets: [SIGNING_SECRET] },
        'brand-broken': { conversionSigningSecrets: ['not a whsec_ secret'] },
      }),
    },
    reporter: {
      ...silentReporter,
      functionLog: (fn, line) => {
        functionLog.push(`${fn}: ${line}`);
        if (functionLog.length > 50) functionLog.shift();
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

interface Request {
  readonly path?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as it is, e.g. a CSV. */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** null: no Authorization header. */
  readonly token?: string | null;
}

interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: IncomingHttpHeaders;
}

/** node:http rather than fetch, which refuses a body on GET: the HTTP edge answers such a body too. */
function send(method: string, url: URL, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    // Without a length, node sends a GET's body unframed and the server reads it as the next request.
    const framing = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest(url, { method, headers: { ...headers, ...framing } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Calls the operation and holds the answer to the document: a listed status, a listed media type, a body its schema parses. */
async function call(operationId: OperationId, request: Request = {}): Promise<Answer> {
  const route = routes[operationId];
  const url = new URL(runtime.apiUrl + route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = request.path?.[name];
    if (value === undefined) throw new Error(`${operationId}: give the path parameter ${name}`);
    return encodeURIComponent(value);
  }));
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const token = request.token === undefined ? A_ADMIN : request.token;
  const headers = {
    ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...request.headers,
  };
  const payload = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  let res = await send(route.method, url, headers, payload);
  for (let attempt = 2; attempt <= COLD_START_ATTEMPTS && res.status === 500 && res.text === GATEWAY_FAILURE; attempt++) {
    // The local runtime answers this when a cold start outlives Lambda's 10 s init limit, which a
    // loaded machine can cause; a handler's own failure answers InternalError and is not retried.
    process.stderr.write(`${operationId}: the function failed before answering (a cold start over the init limit?); attempt ${attempt}\n`);
    res = await send(route.method, url, headers, payload);
  }
  const { text } = res;
  const documented: DocumentedResponse | undefined = (responses[operationId] as Record<number, DocumentedResponse>)[res.status];
  if (!documented) throw new Error(`${operationId} answered ${res.status}, which its documentation does not list: ${text}`);
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  const schema = documented.content?.[mediaType];
  if (!schema) throw new Error(`${operationId} answered ${res.status} as ${mediaType || 'no content type'}, which its documentation does not list`);
  const body: unknown = mediaType === 'application/json' ? JSON.parse(text) : text;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${operationId} answered ${res.status} with a body its schema refuses:\n${z.prettifyError(parsed.error)}\n${text}`);
  if (documented.headers) {
    const headers = documented.headers.safeParse(Object.fromEntries(Object.keys(documented.headers.shape).flatMap((name) => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? [] : [[name, value]];
    })));
    if (!headers.success) throw new Error(`${operationId} answered ${res.status} with headers its documentation refuses:\n${z.prettifyError(headers.error)}`);
  }
  (seen.get(operationId) ?? seen.set(operationId, new Set()).get(operationId)!).add(res.status);
  return { status: res.status, body, headers: res.headers };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const post = (text: string, extra: Record<string, unknown> = {}) => ({ accountId: A_ACCOUNT, text, dueAt: inDays(3), ...extra });
const idOf = (answer: Answer): string => answer.body.postId;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; dead letters: ${JSON.stringify(runtime.deadLetters.all())}; last log lines:\n${functionLog.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('each management operation without a token', () => {
  it("is refused by the authorizer with 401 and API Gateway's body", async () => {
    const dummy = { postId: 'p', accountId: 'a', importId: UNKNOWN_IMPORT, reportId: 'r', name: 'n' };
    for (const operationId of Object.keys(routes) as OperationId[]) {
      if (!routes[operationId].auth) continue;
      const path = Object.fromEntries([...routes[operationId].path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, dummy[m[1] as keyof typeof dummy]]));
      expect(await call(operationId, { path, token: null }), operationId).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
    }
  });
});

describe('accounts and settings', () => {
  it('createAccount: 201 with the account, 400 naming a bad field, 409 for an id the brand has, 403 for a non-admin', async () => {
    const a = { accountId: A_ACCOUNT, network: 'mastodon', handle: '@a', baseUrl: 'https://mastodon.example' };
    expect(await call('createAccount', { body: a })).toMatchObject({ status: 201 });
    expect(await call('createAccount', { token: B_ADMIN, body: { accountId: B_ACCOUNT, network: 'mastodon', handle: '@b', baseUrl: 'https://mastodon.example' } })).toMatchObject({ status: 201 });
    expect(await call('createAccount', { body: { accountId: 'x', network: 'myspace', handle: '@a' } })).toMatchObject({ status: 400 });
    expect(await call('createAccount', { body: { ...a, baseUrl: 'https://elsewhere.example' } })).toMatchObject({ status: 409 });
    expect(await call('createAccount', { token: A_EDITOR, body: { ...a, accountId: 'mastodon-other' } })).toMatchObject({ status: 403 });
  });

  it('repointAccount: 200 with the account; 404 for an id the brand lacks; 409 for another network; 400 naming a bad field; 403 for a non-admin', async () => {
    const location = { network: 'mastodon', handle: '@a', baseUrl: 'https://social.example/' };
    expect(await call('repointAccount', { path: { accountId: A_ACCOUNT }, body: location })).toMatchObject({ status: 200, body: { accountId: A_ACCOUNT, baseUrl: 'https://social.example' } });
    expect(await call('repointAccount', { path: { accountId: 'nobody' }, body: location })).toMatchObject({ status: 404 });
    expect(await call('repointAccount', { path: { accountId: A_ACCOUNT }, body: { network: 'x', handle: '@a', externalId: '1' } })).toMatchObject({ status: 409 });
    expect(await call('repointAccount', { path: { accountId: A_ACCOUNT }, body: { network: 'mastodon' } })).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'handle' }] } } });
    expect(await call('repointAccount', { path: { accountId: A_ACCOUNT }, token: A_EDITOR, body: location })).toMatchObject({ status: 403 });
    expect(await call('repointAccount', { path: { accountId: A_ACCOUNT }, body: { ...location, baseUrl: 'https://mastodon.example' } })).toMatchObject({ status: 200 });
  });

  it('listAccounts: 200; 400 for a body that is not JSON', async () => {
    expect((await call('listAccounts')).body.items).toEqual([expect.objectContaining({ accountId: A_ACCOUNT })]);
    expect(await call('listAccounts', { rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
  });

  it('getSettings and putSettings: 200; 403 for a non-admin; 400 naming a bad field', async () => {
    expect(await call('getSettings')).toMatchObject({ status: 200, body: { requireApproval: false } });
    expect(await call('getSettings', { rawBody: 'nope', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('putSettings', { body: { requireApproval: false, timezone: 'Europe/Warsaw' } })).toMatchObject({ status: 200 });
    expect(await call('putSettings', { token: A_EDITOR, body: { requireApproval: false } })).toMatchObject({ status: 403 });
    expect(await call('putSettings', { body: { requireApproval: 'yes' } })).toMatchObject({ status: 400 });
    expect(await call('putSettings', { token: B_ADMIN, body: { requireApproval: true } })).toMatchObject({ status: 200 });
  });

  it('getAccountQueue, putAccountQueue and suggestQueueSlots: 200, 404 for an unknown account or queue, 400 naming a bad field', async () => {
    expect(await call('getAccountQueue', { path: { accountId: A_ACCOUNT } })).toMatchObject({ status: 404 });
    expect(await call('putAccountQueue', { path: { accountId: A_ACCOUNT }, body: { timezone: 'Europe/Warsaw', slots: [{ day: 'mon', time: '09:30' }] } }))
      .toMatchObject({ status: 200, body: { next: expect.arrayContaining([expect.objectContaining({ taken: false })]) } });
    expect(await call('getAccountQueue', { path: { accountId: A_ACCOUNT } })).toMatchObject({ status: 200 });
    expect(await call('getAccountQueue', { path: { accountId: A_ACCOUNT }, rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('putAccountQueue', { path: { accountId: A_ACCOUNT }, body: { timezone: 'Europe/Warsaw', slots: [] } })).toMatchObject({ status: 400 });
    expect(await call('putAccountQueue', { path: { accountId: 'nobody' }, body: { timezone: 'UTC', slots: [{ day: 'mon', time: '09:30' }] } })).toMatchObject({ status: 404 });
    expect(await call('suggestQueueSlots', { path: { accountId: A_ACCOUNT } })).toMatchObject({ status: 200, body: { slots: [], reason: expect.any(String) } });
    expect(await call('suggestQueueSlots', { path: { accountId: 'nobody' } })).toMatchObject({ status: 404 });
    expect(await call('suggestQueueSlots', { path: { accountId: A_ACCOUNT }, rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
  });
});

describe('posts', () => {
  it('createPost: 201, replayed with its header for a repeated Idempotency-Key; 400 for a missing field or a bad key', async () => {
    const created = await call('createPost', { body: post('Conformance'), headers: { 'idempotency-key': 'conformance-1' } });
    const replayed = await call('createPost', { body: post('Conformance'), headers: { 'idempotency-key': 'conformance-1' } });
    expect(created).toMatchObject({ status: 201, body: { status: 'scheduled' } });
    expect(replayed).toMatchObject({ status: 201, body: { postId: idOf(created) } });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(await call('createPost', { body: { accountId: A_ACCOUNT, dueAt: inDays(1) } })).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'text' }] } } });
    expect(await call('createPost', { body: post('Bad key'), headers: { 'idempotency-key': 'k'.repeat(256) } })).toMatchObject({ status: 400 });
  });

  it('createPostGroup: 201 with a post per account; 400 for an unknown account', async () => {
    const group = await call('createPostGroup', { body: { text: 'Grouped', dueAt: inDays(3), variants: { [A_ACCOUNT]: {} } } });
    expect(group).toMatchObject({ status: 201, body: { posts: [{ accountId: A_ACCOUNT, groupId: group.body.groupId }] } });
    expect(await call('createPostGroup', { body: { text: 'Grouped', dueAt: inDays(3), variants: { nobody: {} } } })).toMatchObject({ status: 400 });
  });

  it('listPosts and getPost: 200; 400 for a bad limit; 404 for an unknown or another brand\'s post', async () => {
    const created = await call('createPost', { body: post('Read me') });
    expect((await call('listPosts', { query: { limit: '100' } })).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ postId: idOf(created) })]));
    expect(await call('listPosts', { query: { limit: '0' } })).toMatchObject({ status: 400 });
    expect(await call('getPost', { path: { postId: idOf(created) } })).toMatchObject({ status: 200, body: { text: 'Read me' } });
    expect(await call('getPost', { path: { postId: idOf(created) }, token: B_ADMIN })).toMatchObject({ status: 404 });
    expect(await call('getPost', { path: { postId: idOf(created) }, rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
  });

  it('editPost and cancelPost: 200; 400 naming a bad field; 404 for an unknown post; 409 once cancelled', async () => {
    const created = await call('createPost', { body: post('Edit me', { campaign: 'spring' }) });
    const postId = idOf(created);
    expect(await call('editPost', { path: { postId }, body: { text: 'Edited', campaign: null } })).toMatchObject({ status: 200, body: { text: 'Edited' } });
    expect(await call('editPost', { path: { postId }, body: { colour: 'red' } })).toMatchObject({ status: 400 });
    expect(await call('editPost', { path: { postId: 'nope' }, body: { text: 'x' } })).toMatchObject({ status: 404 });
    expect(await call('cancelPost', { path: { postId } })).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await call('cancelPost', { path: { postId } })).toMatchObject({ status: 409 });
    expect(await call('cancelPost', { path: { postId: 'nope' } })).toMatchObject({ status: 404 });
    expect(await call('cancelPost', { path: { postId }, rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('editPost', { path: { postId }, body: { text: 'Too late' } })).toMatchObject({ status: 409 });
  });

  it('submitPost: 200; 409 for a post that is not a draft; 404; 400 for a body that is not JSON', async () => {
    const draft = await call('createPost', { body: post('Draft', { draft: true }) });
    expect(draft.body.status).toBe('draft');
    expect(await call('submitPost', { path: { postId: idOf(draft) } })).toMatchObject({ status: 200, body: { status: 'scheduled' } });
    expect(await call('submitPost', { path: { postId: idOf(draft) } })).toMatchObject({ status: 409 });
    expect(await call('submitPost', { path: { postId: 'nope' } })).toMatchObject({ status: 404 });
    expect(await call('submitPost', { path: { postId: idOf(draft) }, rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
  });

  it('approvePost and rejectPost (a brand that requires approval): 200; 403 for the author; 409 out of review; 400 for a passed due time or a missing note; 404', async () => {
    const own = await call('createPost', { token: B_ADMIN, body: { accountId: B_ACCOUNT, text: 'Review me', dueAt: inDays(3) } });
    expect(own.body.status).toBe('in_review');
    const postId = idOf(own);
    expect(await call('approvePost', { path: { postId }, token: B_ADMIN })).toMatchObject({ status: 403 });
    expect(await call('approvePost', { path: { postId }, token: B_APPROVER })).toMatchObject({ status: 200, body: { status: 'scheduled', approvedBy: 'bob' } });
    expect(await call('approvePost', { path: { postId }, token: B_APPROVER })).toMatchObject({ status: 409 });
    expect(await call('approvePost', { path: { postId: 'nope' }, token: B_APPROVER })).toMatchObject({ status: 404 });
    const due = await call('createPost', { token: B_ADMIN, body: { accountId: B_ACCOUNT, text: 'Due now', publishNow: true } });
    expect(await call('approvePost', { path: { postId: idOf(due) }, token: B_APPROVER })).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'dueAt' }] } } });

    expect(await call('rejectPost', { path: { postId: idOf(due) }, token: B_APPROVER, body: {} })).toMatchObject({ status: 400 });
    expect(await call('rejectPost', { path: { postId: idOf(due) }, token: B_APPROVER, body: { note: 'Not now' } })).toMatchObject({ status: 200, body: { status: 'draft', reviewNote: 'Not now' } });
    expect(await call('rejectPost', { path: { postId: idOf(due) }, token: B_APPROVER, body: { note: 'Again' } })).toMatchObject({ status: 409 });
    expect(await call('rejectPost', { path: { postId: 'nope' }, token: B_APPROVER, body: { note: 'Who?' } })).toMatchObject({ status: 404 });
  });

  it('getCalendar: 200 grouped by day; 400 for a missing bound', async () => {
    const calendar = await call('getCalendar', { query: { from: new Date().toISOString(), to: inDays(10) } });
    expect(calendar).toMatchObject({ status: 200, body: { by: 'day', groups: [expect.objectContaining({ entries: expect.any(Array) })] } });
    expect(await call('getCalendar', { query: { from: new Date().toISOString() } })).toMatchObject({ status: 400 });
  });

  it('getQueue, pauseQueue and resumeQueue: 200; 400 for a pause without a reason or a body that is not JSON', async () => {
    expect(await call('getQueue')).toMatchObject({ status: 200, body: { paused: false } });
    expect(await call('pauseQueue', { body: {} })).toMatchObject({ status: 400 });
    expect(await call('pauseQueue', { body: { reason: 'Conformance check' } })).toMatchObject({ status: 200, body: { paused: true, cause: 'manual' } });
    expect(await call('getQueue')).toMatchObject({ status: 200, body: { paused: true, reason: 'Conformance check' } });
    expect(await call('resumeQueue')).toMatchObject({ status: 200, body: { resumed: true } });
    expect(await call('resumeQueue', { rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('getQueue', { rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
  });
});

describe('imports', () => {
  const csv = (rows: string[]) => ['datetime,channel,message', ...rows].join('\n');

  it('importPosts: 200 with the rejected rows; 415 for a body that is not CSV; 400 for an empty file or a bad option', async () => {
    const summary = await call('importPosts', { rawBody: csv([`${inDays(4)},${A_ACCOUNT},Imported`, `${inDays(4)},nobody,Lost`]), headers: { 'content-type': 'text/csv' } });
    expect(summary).toMatchObject({ status: 200, body: { imported: 1, rejected: [{ line: 3 }] } });
    expect(await call('importPosts', { body: { rows: [] } })).toMatchObject({ status: 415 });
    expect(await call('importPosts', { rawBody: '', headers: { 'content-type': 'text/csv' } })).toMatchObject({ status: 400 });
    expect(await call('importPosts', { query: { dateFormat: 'ymd' }, rawBody: csv([]), headers: { 'content-type': 'text/csv' } })).toMatchObject({ status: 400 });
  });

  it('createImport and getImport: 201, then 200 while waiting and once done; 404 for an unknown import; 400 for a bad id or field', async () => {
    const created = await call('createImport', { body: { timezone: 'Europe/Warsaw' } });
    expect(created.status).toBe(201);
    const { importId, uploadUrl } = created.body as { importId: string; uploadUrl: string };
    expect(await call('getImport', { path: { importId } })).toMatchObject({ status: 200, body: { status: 'waiting_for_upload' } });
    const upload = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv([`${inDays(5)},${A_ACCOUNT},Uploaded`, `${inDays(5)},${A_ACCOUNT},`]) });
    expect(upload.status).toBe(200);
    const done = await waitFor('the import to finish', async () => {
      const job = await call('getImport', { path: { importId } });
      return job.body.status === 'done' ? job : undefined;
    });
    expect(done.body).toMatchObject({ imported: 1, rejected: 1, rejectedRows: [{ line: 3 }], errorsUrl: expect.any(String) });

    expect(await call('getImport', { path: { importId: UNKNOWN_IMPORT } })).toMatchObject({ status: 404 });
    expect(await call('getImport', { path: { importId: 'not-an-id' } })).toMatchObject({ status: 400 });
    expect(await call('createImport', { body: { colour: 'red' } })).toMatchObject({ status: 400 });
  }, 180_000);
});

describe('analytics', () => {
  it('getRollups: 200; 400 for an unknown granularity', async () => {
    expect(await call('getRollups', { query: { granularity: 'week', by: 'campaign' } })).toMatchObject({ status: 200, body: { granularity: 'week' } });
    expect(await call('getRollups', { query: { granularity: 'hour' } })).toMatchObject({ status: 400 });
  });

  it('getAnalyticsSettings and putAnalyticsSettings: 200; 403 for a non-admin; 400 naming a bad field', async () => {
    expect(await call('getAnalyticsSettings')).toMatchObject({ status: 200 });
    expect(await call('getAnalyticsSettings', { rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('putAnalyticsSettings', { body: { snapshotAges: ['1h', '7d'] } })).toMatchObject({ status: 200, body: { snapshotAges: ['1h', '7d'] } });
    expect(await call('putAnalyticsSettings', { token: A_EDITOR, body: { snapshotAges: ['1h'] } })).toMatchObject({ status: 403 });
    expect(await call('putAnalyticsSettings', { body: { snapshotAges: ['forever'] } })).toMatchObject({ status: 400 });
  });

  it('createReport, listReports, getReport and getReportFile: 201 and 200; 404 for an unknown report or file; 400 for a bad period or file name', async () => {
    const created = await call('createReport', { body: {} });
    expect(created.status).toBe(201);
    const reportId: string = created.body.reportId;
    expect((await call('listReports')).body.items).toEqual([expect.objectContaining({ reportId })]);
    expect(await call('listReports', { rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('getReport', { path: { reportId } })).toMatchObject({ status: 200, body: { reportId } });
    expect(await call('getReport', { path: { reportId: 'nope' } })).toMatchObject({ status: 404 });
    expect(await call('getReport', { path: { reportId }, rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('getReportFile', { path: { reportId, name: 'index.html' } })).toMatchObject({ status: 200, body: expect.stringContaining('<html') });
    expect(await call('getReportFile', { path: { reportId, name: 'missing.csv' } })).toMatchObject({ status: 404 });
    expect(await call('getReportFile', { path: { reportId, name: 'secrets.txt' } })).toMatchObject({ status: 400 });
    expect(await call('createReport', { body: { from: '2026-02-30' } })).toMatchObject({ status: 400 });
  });

  it('putCampaign, listCampaigns and getCampaign: 200; 400 naming a bad field; 404 for an unknown campaign', async () => {
    expect(await call('putCampaign', { path: { name: 'spring' }, body: { cost: 900, currency: 'EUR', startsOn: '2026-03-01' } })).toMatchObject({ status: 200, body: { name: 'spring', updatedBy: 'ana' } });
    expect(await call('putCampaign', { path: { name: 'spring' }, body: { cost: -1, currency: 'EUR' } })).toMatchObject({ status: 400 });
    expect(await call('listCampaigns')).toMatchObject({ status: 200, body: { items: [expect.objectContaining({ name: 'spring' })] } });
    expect(await call('listCampaigns', { rawBody: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400 });
    expect(await call('getCampaign', { path: { name: 'spring' } })).toMatchObject({ status: 200, body: { cost: 900 } });
    expect(await call('getCampaign', { path: { name: 'autumn' } })).toMatchObject({ status: 404 });
    expect(await call('getCampaign', { path: { name: 'a#b' } })).toMatchObject({ status: 400 });
  });

  it('conversionWebhook: 201 once, 200 for the duplicate; 401 for a forged signature; 400 for a signed bad body; 500 when the brand\'s secret is malformed', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const send = (brandId: string, body: string, secret = SIGNING_SECRET) => call('conversionWebhook', {
      path: { brandId },
      token: null,
      rawBody: body,
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': timestamp, 'webhook-signature': standardWebhookSignature(secret, 'msg_1', timestamp, body) },
    });
    const conversion = JSON.stringify({ conversionId: 'c-1', occurredAt: new Date().toISOString(), value: 49.9, currency: 'EUR', utm_source: 'mastodon', utm_campaign: 'spring' });
    expect(await send('brand-a', conversion)).toMatchObject({ status: 201, body: { conversionId: 'c-1', duplicate: false } });
    expect(await send('brand-a', conversion)).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await send('brand-a', conversion, `whsec_${Buffer.from('forged').toString('base64')}`)).toMatchObject({ status: 401, body: { error: { code: 'UnauthorizedError' } } });
    expect(await send('brand-a', JSON.stringify({ conversionId: 'c-2' }))).toMatchObject({ status: 400 });
    expect(await send('brand-broken', conversion)).toMatchObject({ status: 500, body: { error: { code: 'InternalError', requestId: expect.any(String) } } });
  });
});

describe('each operation that changes anything, called by a viewer', () => {
  it('is refused with 403 before the function reads the request', async () => {
    const dummy = { postId: 'p', accountId: A_ACCOUNT, importId: UNKNOWN_IMPORT, reportId: 'r', name: 'n' };
    for (const operationId of Object.keys(routes) as OperationId[]) {
      const route: RouteSpec = routes[operationId];
      if (!route.auth || route.access === 'read') continue;
      const path = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, dummy[m[1] as keyof typeof dummy]]));
      expect(await call(operationId, { path, token: A_VIEWER, body: {} }), operationId).toMatchObject({ status: 403, body: { error: { code: 'ForbiddenError' } } });
    }
  });
});

describe('the document itself', () => {
  it('openApi: 200 with the document, without a token', async () => {
    expect(await call('openApi', { token: null })).toMatchObject({ status: 200, body: { openapi: '3.1.0', servers: [{ url: runtime.apiUrl }] } });
  });
});

describe('the calls above', () => {
  it('saw every documented status but those the local runtime cannot produce', () => {
    const unseen = (Object.entries(responses) as [OperationId, Record<number, DocumentedResponse>][]).flatMap(([operationId, documented]) =>
      Object.keys(documented).map(Number)
        .filter((status) => !seen.get(operationId)?.has(status))
        .filter((status) => !NOT_PROVOKED[status] && !NOT_PROVOKED_FOR[operationId]?.[status] && !(status === 500 && operationId !== FAILURE_PROVOKED_BY))
        .map((status) => `${operationId} ${status}`));
    expect(unseen).toEqual([]);
  });
});
