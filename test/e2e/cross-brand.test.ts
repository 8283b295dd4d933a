/**
 * Tenancy, held from the outside: brand A's data is set up through the local runtime's API (every
 * demo account, posts, queues, settings, campaigns, a report, an import), then every operation of
 * the OpenAPI document is called with brand B's tokens — one per role — and brand A's ids. Another
 * brand's object answers 404 (or 403 where the role may not call the operation at all), anything
 * created lands in brand B, no answer carries brand A's data, and nothing of brand A changes: its
 * items in DynamoDB Local, its files in the local S3, its schedules and its credentials secret are
 * the same afterwards. Then brand B connects account ids brand A uses, pointed at B's own servers,
 * and publishes: B's servers see only B's token, or no request at all, never one of A's tokens.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startStandIns, type StandIns } from '../../local/stand-ins.js';
import { startSandboxNetwork, type SandboxNetwork } from '../../local/stand-ins/mastodon/server.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { silentReporter } from '../../local/reporter.js';
import { buildOpenApi } from '../../shared/contracts/api/openapi.js';
import { routes, type RouteSpec } from '../../shared/contracts/api/routes.js';
import { mayAccess, type Role } from '../../shared/contracts/auth.js';
import { brandCredentialsSecretName } from '../../shared/contracts/resource-names.js';
import { WEB_ANALYTICS_SECRET } from '../../shared/analytics/web-analytics/brand-secrets.js';
import { standardWebhookSignature } from '../../shared/analytics/web-analytics/standard-webhooks.js';
import { waitFor } from '../helpers/wait-for.js';

type OperationId = keyof typeof routes;

const A = 'brand-a';
const B = 'brand-b';
const A_ADMIN = 'cross-brand-a-admin-0123456789';
const B_TOKENS: Readonly<Record<Role, string>> = {
  viewer: 'cross-brand-b-viewer-0123456789',
  editor: 'cross-brand-b-editor-0123456789',
  approver: 'cross-brand-b-approver-0123456789',
  admin: 'cross-brand-b-admin-0123456789',
};
const B_SIGNING_SECRET = `whsec_${Buffer.from('brand b signs its own conversions').toString('base64')}`;
const B_MASTODON_TOKEN = `b-token-${randomUUID()}`;
/** Text only brand A's data holds: no answer to brand B may contain it. */
const A_MARK = `a-only-${randomUUID()}`;

// The first pass starts some thirty functions cold; on a loaded machine that takes minutes.
vi.setConfig({ testTimeout: 900_000 });

let standIns: StandIns;
let runtime: Runtime;
/** Brand B's own Mastodon server, behind a proxy that notes every bearer token sent to it. */
let bServer: SandboxNetwork;
let bProxy: RecordingProxy;
/** A server brand B points another account at; it notes what reaches it and answers nothing useful. */
let bTrap: RecordingProxy;
let ddb: DynamoDBDocumentClient;
let secretsClient: SecretsManagerClient;
let aTokens: string[];

/** Brand A's ids, as brand B would guess or learn them. */
const ids = {
  scheduledPost: '', draftPost: '', importId: '', reportId: '',
  account: 'linkedin-demo', campaign: 'a-only-campaign', sharedCampaign: 'launch', idempotencyKey: `a-key-${randomUUID()}`,
};

beforeAll(async () => {
  const started = await startStandIns({ basePort: 0, configDir: mkdtempSync(join(tmpdir(), 'pillars-cross-brand-')), demoBrand: A });
  standIns = started.standIns;
  bServer = await startSandboxNetwork();
  bServer.addAccount({ username: 'brand_b', token: B_MASTODON_TOKEN });
  bProxy = await startRecordingProxy(bServer.url);
  bTrap = await startRecordingProxy();
  const webAnalytics = JSON.parse(started.secrets[WEB_ANALYTICS_SECRET]!) as Record<string, unknown>;
  runtime = await startRuntime({
    port: 0,
    config: {
      tokens: [
        { token: A_ADMIN, brandId: A, user: 'ana@a', groups: ['admin'] },
        ...Object.entries(B_TOKENS).map(([role, token]) => ({ token, brandId: B, user: `${role}@b`, groups: [role] })),
      ],
    },
    secrets: {
      ...started.secrets,
      [brandCredentialsSecretName(B)]: JSON.stringify({ 'mastodon-demo': { accessToken: B_MASTODON_TOKEN } }),
      [WEB_ANALYTICS_SECRET]: JSON.stringify({ ...webAnalytics, [B]: { conversionSigningSecrets: [B_SIGNING_SECRET] } }),
    },
    reporter: silentReporter,
    standInEnvironment: standIns.environment,
  });
  ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  secretsClient = new SecretsManagerClient({ endpoint: runtime.awsServicesUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  aTokens = Object.values(await secretOf(brandCredentialsSecretName(A))).map((c) => (c as { accessToken: string }).accessToken);
  expect(aTokens.length).toBe(standIns.accounts.length);
  await setUpBrandA();
}, 600_000);

afterAll(async () => {
  ddb?.destroy();
  secretsClient?.destroy();
  await runtime?.stop();
  await Promise.all([standIns?.close(), bServer?.close(), bProxy?.close(), bTrap?.close()]);
});

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: any;
}

/** What API Gateway (and the local runtime) answers when the function fails without answering. */
const GATEWAY_FAILURE = JSON.stringify({ message: 'Internal Server Error' });

async function api(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const raw = typeof body === 'string';
  const send = () => fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': raw ? 'text/csv' : 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  });
  let res = await send();
  let text = await res.text();
  // A cold start over Lambda's init limit, which a loaded machine can cause: the handler never ran,
  // so sending again is safe. A handler's own failure answers InternalError and is not retried.
  for (let attempt = 2; attempt <= 3 && res.status === 500 && text === GATEWAY_FAILURE; attempt++) {
    res = await send();
    text = await res.text();
  }
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // A report file answers HTML or CSV, not JSON: the text is the body.
  }
  return { status: res.status, text, body: parsed };
}

async function asA(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
  const answer = await api(method, path, A_ADMIN, body, headers);
  if (answer.status >= 300) throw new Error(`brand A's ${method} ${path} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function setUpBrandA(): Promise<void> {
  await asA('PUT', '/settings', { requireApproval: false, timezone: 'Europe/Warsaw' });
  await asA('PUT', '/analytics/settings', { reportRecipients: [`${A_MARK}@brand-a.example`] });
  for (const account of standIns.accounts) await asA('POST', '/accounts', account);
  await asA('PUT', `/accounts/${ids.account}/queue`, { timezone: 'Europe/Warsaw', slots: [{ day: 'mon', time: '09:30' }] });
  ids.scheduledPost = (await asA('POST', '/posts', { accountId: 'mastodon-demo', text: `Scheduled ${A_MARK}`, dueAt: inDays(30) }, { 'idempotency-key': ids.idempotencyKey })).postId;
  ids.draftPost = (await asA('POST', '/posts', { accountId: 'x-demo', text: `Draft ${A_MARK}`, dueAt: inDays(30), draft: true })).postId;
  await asA('PUT', `/campaigns/${ids.sharedCampaign}`, { cost: 1000, currency: 'EUR', notes: A_MARK });
  await asA('PUT', `/campaigns/${ids.campaign}`, { cost: 5, currency: 'EUR', notes: A_MARK });
  ids.reportId = (await asA('POST', '/reports', {})).reportId;
  ids.importId = (await asA('POST', '/imports', {})).importId;
}

/**
 * What brand B sends for each operation, with brand A's ids, and what it must get when its role
 * may call the operation: `404` (another brand's object), or a status with a check that it acted
 * on brand B alone. A new operation without a case here fails the suite.
 */
interface CrossBrandCase {
  readonly path?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly expected: number;
  readonly check?: (answer: Answer) => void;
}

const noneOfA = (answer: Answer) => {
  for (const id of [ids.scheduledPost, ids.draftPost, ids.reportId, ids.importId]) expect(answer.text).not.toContain(id);
};

function crossBrandCases(role: Role): Record<OperationId, CrossBrandCase | 'open'> {
  const tag = `${role}-${randomUUID().slice(0, 8)}`;
  return {
    // An account id only brand A has is unknown in brand B; A's Idempotency-Key replays nothing of A's.
    createPost: { body: { accountId: 'x-demo', text: `B ${tag}`, dueAt: inDays(2) }, headers: { 'idempotency-key': ids.idempotencyKey }, expected: 400 },
    createPostGroup: { body: { text: `B ${tag}`, dueAt: inDays(2), variants: { 'x-demo': {}, 'mastodon-demo': {} } }, expected: 400 },
    importPosts: {
      body: `datetime,channel,message\n${inDays(3)},x-demo,B ${tag}\n`, expected: 200,
      check: (a) => expect(a.body).toMatchObject({ imported: 0, rejected: [{ line: 2 }] }),
    },
    createImport: { body: {}, expected: 201 },
    getImport: { path: { importId: ids.importId }, expected: 404 },
    listPosts: { query: { limit: '100' }, expected: 200, check: noneOfA },
    getPost: { path: { postId: ids.scheduledPost }, expected: 404 },
    editPost: { path: { postId: ids.scheduledPost }, body: { text: `Taken over ${tag}` }, expected: 404 },
    cancelPost: { path: { postId: ids.scheduledPost }, expected: 404 },
    submitPost: { path: { postId: ids.draftPost }, expected: 404 },
    approvePost: { path: { postId: ids.draftPost }, expected: 404 },
    rejectPost: { path: { postId: ids.scheduledPost }, body: { note: 'no' }, expected: 404 },
    getCalendar: { query: { from: new Date().toISOString(), to: inDays(60) }, expected: 200, check: noneOfA },
    getQueue: { expected: 200 },
    // Brand B's own queue: brand A's stays as it was (the snapshot says so).
    pauseQueue: { body: { reason: `B pauses ${tag}` }, expected: 200 },
    resumeQueue: { expected: 200 },
    getSettings: { expected: 200, check: (a) => expect(a.body.timezone).not.toBe('Europe/Warsaw') },
    putSettings: { body: { requireApproval: false, timezone: 'America/New_York' }, expected: 200 },
    // An id brand A uses, connected by brand B: brand B's own account, pointing at B's own server.
    createAccount: {
      body: { accountId: 'threads-demo', network: 'threads', handle: '@b', baseUrl: bTrap.url, externalId: '42' }, expected: 201,
      check: (a) => expect(a.body).toMatchObject({ brandId: B, baseUrl: bTrap.url }),
    },
    repointAccount: { path: { accountId: 'facebook-demo' }, body: { network: 'facebook', handle: '@b', baseUrl: bTrap.url, externalId: '1' }, expected: 404 },
    getAccountQueue: { path: { accountId: ids.account }, expected: 404 },
    putAccountQueue: { path: { accountId: ids.account }, body: { timezone: 'UTC', slots: [{ day: 'tue', time: '10:00' }] }, expected: 404 },
    listAccounts: { expected: 200, check: (a) => expect((a.body.items as { baseUrl: string }[]).every((item) => item.baseUrl === bTrap.url || item.baseUrl === bProxy.url)).toBe(true) },
    suggestQueueSlots: { path: { accountId: ids.account }, expected: 404 },
    getRollups: { query: { granularity: 'week', by: 'channel' }, expected: 200 },
    getAnalyticsSettings: { expected: 200 },
    putAnalyticsSettings: { body: { reportRecipients: [`${tag}@brand-b.example`] }, expected: 200 },
    createReport: { body: {}, expected: 201, check: (a) => expect(a.body).toMatchObject({ brandId: B }) },
    listReports: { expected: 200, check: noneOfA },
    getReport: { path: { reportId: ids.reportId }, expected: 404 },
    getReportFile: { path: { reportId: ids.reportId, name: 'index.html' }, expected: 404 },
    openApi: 'open',
    // A name brand A uses: brand B's own campaign of that name.
    putCampaign: { path: { name: ids.sharedCampaign }, body: { cost: 7, currency: 'USD' }, expected: 200, check: (a) => expect(a.body).toMatchObject({ cost: 7 }) },
    listCampaigns: { expected: 200 },
    getCampaign: { path: { name: ids.campaign }, expected: 404 },
    conversionWebhook: 'open',
  };
}

function urlOf(route: RouteSpec, request: CrossBrandCase): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = request.path?.[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path}: the case gives no ${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(request.query).toString();
  return query ? `${path}?${query}` : path;
}

describe('every operation of the OpenAPI document, called by brand B with brand A\'s ids', () => {
  it('has a cross-brand case for each operation the document lists', () => {
    const documented = Object.values(buildOpenApi().paths ?? {}).flatMap((item) => Object.values(item as Record<string, { operationId: string }>).map((op) => op.operationId));
    expect(documented.sort()).toEqual(Object.keys(crossBrandCases('admin')).sort());
  });

  it.each(['viewer', 'editor', 'approver', 'admin'] as const)('as brand B\'s %s: 404 for brand A\'s objects, 403 where the role may not act, and nothing changes in brand A', async (role) => {
    const before = await brandAState();
    const cases = crossBrandCases(role);
    for (const operationId of Object.keys(cases) as OperationId[]) {
      const request = cases[operationId];
      if (request === 'open') continue;
      const route: RouteSpec = routes[operationId];
      if (!route.auth) throw new Error(`${operationId} is open: give it its own check`);
      const answer = await api(route.method, urlOf(route, request), B_TOKENS[role], request.body, request.headers);
      const expected = mayAccess([role], route.access) ? request.expected : 403;
      expect(answer.status, `${role} ${operationId}: ${answer.text}`).toBe(expected);
      expect(answer.text, `${role} ${operationId} answered brand A's data`).not.toContain(A_MARK);
      if (expected === request.expected && request.check) request.check(answer);
    }
    expect(await brandAState()).toEqual(before);
  });

  it("refuses a conversion for brand A signed with brand B's secret, and stores nothing", async () => {
    const before = await brandAState();
    const body = JSON.stringify({ conversionId: `c-${randomUUID()}`, occurredAt: new Date().toISOString(), value: 1e6, currency: 'EUR', utm_source: 'x', utm_campaign: ids.sharedCampaign });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signed = await fetch(`${runtime.apiUrl}/webhooks/conversions/${A}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_b', 'webhook-timestamp': timestamp, 'webhook-signature': standardWebhookSignature(B_SIGNING_SECRET, 'msg_b', timestamp, body) },
      body,
    });
    expect(signed.status).toBe(401);
    expect(await brandAState()).toEqual(before);
  });
});

describe("account ids brand A uses, connected by brand B to B's own servers", () => {
  it("publish brand B's post with brand B's token only; an account without B's credentials sends nothing", async () => {
    const before = await brandAState();
    const admin = B_TOKENS.admin;
    expect((await api('POST', '/accounts', admin, { accountId: 'mastodon-demo', network: 'mastodon', handle: '@brand_b', baseUrl: bProxy.url })).status).toBe(201);
    expect((await api('POST', '/accounts', admin, { accountId: 'x-demo', network: 'x', handle: '@brand_b', baseUrl: bTrap.url, externalId: '7' })).status).toBe(201);
    // Connecting again is refused; only an explicit re-point moves an account, and only brand B's.
    expect((await api('POST', '/accounts', admin, { accountId: 'x-demo', network: 'x', handle: '@brand_b', baseUrl: bProxy.url, externalId: '7' })).status).toBe(409);
    expect((await api('PUT', '/accounts/x-demo', B_TOKENS.approver, { network: 'x', handle: '@brand_b', baseUrl: bProxy.url, externalId: '7' })).status).toBe(403);
    expect((await api('PUT', '/accounts/x-demo', admin, { network: 'x', handle: '@brand_b', baseUrl: bTrap.url, externalId: '8' })).status).toBe(200);

    const text = `Brand B speaks ${randomUUID()}`;
    const mastodon = await api('POST', '/posts', B_TOKENS.editor, { accountId: 'mastodon-demo', text, publishNow: true });
    const x = await api('POST', '/posts', B_TOKENS.editor, { accountId: 'x-demo', text, publishNow: true });
    expect([mastodon.status, x.status]).toEqual([201, 201]);
    const settled = async (postId: string, status: string) => waitFor(`post ${postId} ${status}`, async () => {
      const post = (await api('GET', `/posts/${postId}`, B_TOKENS.viewer)).body;
      return post.status === status ? post : undefined;
    }, 120_000);
    await settled(mastodon.body.postId, 'published');
    const failed = await settled(x.body.postId, 'failed');

    expect(bServer.statuses().map((s) => s.text)).toEqual([text]);
    expect(standIns.texts('mastodon')).not.toContain(text);
    expect(bProxy.tokens().length).toBeGreaterThan(0);
    expect(new Set(bProxy.tokens())).toEqual(new Set([`Bearer ${B_MASTODON_TOKEN}`]));
    expect(failed.failureReason).toContain('no credentials stored for account x-demo');
    expect(bTrap.tokens()).toEqual([]);
    for (const token of aTokens) expect([...bProxy.tokens(), ...bTrap.tokens()].join('\n')).not.toContain(token);
    expect(await brandAState()).toEqual(before);
  });
});

async function secretOf(secretId: string): Promise<Record<string, unknown>> {
  return JSON.parse((await secretsClient.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? '{}') as Record<string, unknown>;
}

/**
 * Everything of brand A: its items (every key of brand A begins with BRAND#brand-a), its files in
 * the local S3 (under <prefix>/brand-a/), its posts' schedules and its credentials secret. Items
 * only brand A's own scheduled jobs write are left out: the account, web analytics and weekly
 * report runs may come round while the suite runs, and what they write is not brand B's doing.
 */
async function brandAState() {
  const items: Record<string, unknown>[] = [];
  const tableName = runtime.wiring.tables[0]!.TableName!;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(new ScanCommand({
      TableName: tableName, ExclusiveStartKey: start,
      FilterExpression: 'pk = :brand OR begins_with(pk, :partitions)',
      ExpressionAttributeValues: { ':brand': `BRAND#${A}`, ':partitions': `BRAND#${A}#` },
    }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const written = items.filter((item) => !writtenBySchedules(item)).map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
  const scheduledReports = items.filter(writtenBySchedules).map((item) => item.reportId).filter((id): id is string => typeof id === 'string');
  const files = filesUnder(runtime.services.s3Root).filter((path) => path.split('/').includes(A) && !scheduledReports.some((id) => path.includes(id)));
  const schedules = runtime.services.schedules()
    .filter((s) => (JSON.parse(s.Target.Input ?? '{}') as { brandId?: string }).brandId === A)
    .map((s) => `${s.Name} ${s.ScheduleExpression}`).sort();
  return { items: written, files, schedules, credentials: await secretOf(brandCredentialsSecretName(A)) };
}

function writtenBySchedules(item: Record<string, unknown>): boolean {
  const pk = String(item.pk);
  return pk.startsWith(`BRAND#${A}#AMETRICS#`) || pk.startsWith(`BRAND#${A}#WEB#`)
    || String(item.sk).startsWith('REPORTRUN#') || (item.type === 'report' && item.trigger === 'schedule');
}

/** Each file as `<path> <sha256>`. */
function filesUnder(root: string): string[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [`${relative(root, path)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`];
  });
  return walk(root).sort();
}

interface RecordingProxy {
  readonly url: string;
  /** The Authorization header of every request, in order ('' when there was none). */
  tokens(): string[];
  close(): Promise<void>;
}

/** Forwards to `target` (or answers 503 without one), noting each request's bearer token. */
async function startRecordingProxy(target?: string): Promise<RecordingProxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(String(req.headers.authorization ?? ''));
    void forward(req, target).then(
      ({ status, headers, body }) => res.writeHead(status, headers).end(body),
      (error: unknown) => res.writeHead(502).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens: () => seen.filter((token) => token !== ''),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function forward(req: IncomingMessage, target: string | undefined): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!target) return { status: 503, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":"nothing here"}') };
  const headers = Object.fromEntries(Object.entries(req.headers)
    .filter(([name]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name))
    .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
  const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
  const body = Buffer.from(await upstream.arrayBuffer());
  const answered = Object.fromEntries([...upstream.headers].filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name)));
  return { status: upstream.status, headers: answered, body };
}
