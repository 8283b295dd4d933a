/**
 * The thin slice end to end through the local runtime, as `npm start` runs it: the management
 * API, the per-post schedule, the publisher in its Lambda-like worker, the real Mastodon adapter
 * against the sandbox network, DynamoDB Local and the event bus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { SandboxNetwork } from '../../local/stand-ins/mastodon/server.js';
import { startStandIns, type StandIns } from '../../local/stand-ins.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { run as runCli } from '../../cli/main.js';
import { silentReporter } from '../../local/reporter.js';
import { weekPlan } from '../../local/demo/demo.js';
import type { BusEvent } from '../../local/aws/server.js';
import { WEB_ANALYTICS_SECRET } from '../../shared/analytics/web-analytics/brand-secrets.js';
import { standardWebhookSignature } from '../../shared/analytics/web-analytics/standard-webhooks.js';
import { engagementAt } from '../../local/stand-ins/mastodon/state.js';
import { waitFor, holds } from '../helpers/wait-for.js';

const TOKEN_A = 'token-brand-a-0123456789abcdef';
const TOKEN_A_APPROVER = 'token-brand-a-approver-0123456789';
const TOKEN_B = 'token-brand-b-0123456789abcdef';

const DEMO_ACCOUNT = 'mastodon-demo';
let standIns: StandIns;
let sandbox: SandboxNetwork;
let runtime: Runtime;
const events: BusEvent[] = [];
let webAnalyticsSecrets: Record<string, { conversionSigningSecrets: string[] }>;

async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN_A) {
  const res = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

beforeAll(async () => {
  const started = await startStandIns({ basePort: 0, configDir: mkdtempSync(join(tmpdir(), 'pillars-e2e-config-')), demoBrand: 'brand-a' });
  standIns = started.standIns;
  sandbox = standIns.sandbox;
  const secrets = started.secrets;
  webAnalyticsSecrets = JSON.parse(secrets[WEB_ANALYTICS_SECRET]!) as typeof webAnalyticsSecrets;
  runtime = await startRuntime({
    port: 0,
    config: {
      tokens: [
        { token: TOKEN_A, brandId: 'brand-a', user: 'editor@a', groups: ['admin'] },
        { token: TOKEN_A_APPROVER, brandId: 'brand-a', user: 'approver@a', groups: ['approver'] },
        { token: TOKEN_B, brandId: 'brand-b', user: 'editor@b', groups: ['admin'] },
      ],
    },
    secrets,
    reporter: silentReporter,
    asyncRetryDelaysMs: [20, 20],
    standInEnvironment: standIns.environment,
  });
  runtime.onEvent((e) => events.push(e));
  const account = await api('POST', '/accounts', { accountId: DEMO_ACCOUNT, network: 'mastodon', handle: '@pillars_demo', baseUrl: sandbox.url });
  expect(account.status).toBe(201);
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  await standIns?.close();
});

describe('a post created through the management API', () => {
  it('is published at its due time on the sandbox network, recorded, and announced on the bus', async () => {
    const created = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Launch day', dueAt: inSeconds(5) });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('scheduled');
    expect(sandbox.statuses().some((s) => s.text.startsWith('Launch day'))).toBe(false);

    const published = await waitFor('PostPublished', () => events.find((e) => e['detail-type'] === 'PostPublished' && (e.detail as any).postId === created.body.postId));
    const post = (await api('GET', `/posts/${created.body.postId}`)).body;
    const onNetwork = sandbox.statuses().filter((s) => s.text === 'Launch day');
    expect(onNetwork).toHaveLength(1);
    expect(post).toMatchObject({ status: 'published', networkPostId: onNetwork[0]!.id });
    expect((published.detail as any).networkPostId).toBe(onNetwork[0]!.id);
    expect(Date.parse(post.publishedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.dueAt));
  });

  it('is published once when its trigger is delivered several times at once', async () => {
    const created = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Only once, please', dueAt: inSeconds(120) });
    const publisher = runtime.functionNameFor('functions/publishing/publish-post.ts');
    const trigger = { brandId: 'brand-a', postId: created.body.postId };

    const results = await Promise.all([1, 2, 3, 4].map(() => runtime.invokeAsync(publisher, trigger)));

    expect(results.every((r) => r.ok)).toBe(true);
    expect(sandbox.statuses().filter((s) => s.text === 'Only once, please')).toHaveLength(1);
    expect((await api('GET', `/posts/${created.body.postId}`)).body.status).toBe('published');
    const again = await runtime.invokeAsync(publisher, trigger);
    expect(again).toMatchObject({ ok: true, result: { kind: 'skipped' } });
    expect(sandbox.statuses().filter((s) => s.text === 'Only once, please')).toHaveLength(1);
  });

  it('goes out immediately when publishNow is asked for', async () => {
    const created = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Right now', publishNow: true });
    expect(created.status).toBe(201);
    await waitFor('the post on the network', () => sandbox.statuses().find((s) => s.text === 'Right now'));
  });
});

describe('a post the network rejects', () => {
  it('fails with the reason, emits PostFailed, and pages the operators through the alarm topic', async () => {
    sandbox.injectFault({ kind: 'status', status: 422, error: 'Validation failed: Text contains a banned word', path: '/api/v1/statuses' });
    const created = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Rejected by the network', publishNow: true });

    const alarm = await waitFor('an alarm', () => runtime.alarms.find((a) => a.message.includes(created.body.postId)));
    expect(alarm.subject).toBe('Pillars: post failed (bad_content)');
    expect(alarm.message).toContain('banned word');
    const post = (await api('GET', `/posts/${created.body.postId}`)).body;
    expect(post).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('banned word') });
    expect(sandbox.statuses().some((s) => s.text === 'Rejected by the network')).toBe(false);
  });
});

describe('the review workflow over the API', () => {
  it('holds posts for review, lets only another person approve, then publishes the approved post', async () => {
    const brandB = (await api('PUT', '/settings', { requireApproval: true }, TOKEN_B));
    expect(brandB.status).toBe(200);
    // Only admins change settings: the approver of brand A is not one.
    expect((await api('PUT', '/settings', { requireApproval: false }, TOKEN_A_APPROVER)).status).toBe(403);
    await api('POST', '/accounts', { accountId: 'mastodon-b', network: 'mastodon', handle: '@pillars_demo', baseUrl: sandbox.url }, TOKEN_B);
    // Brand B's requirement does not leak into brand A.
    expect((await api('GET', '/settings')).body).toEqual({ requireApproval: false });

    await api('PUT', '/settings', { requireApproval: true });
    // Far enough ahead that the approve function's cold start on a busy machine cannot make it the past.
    const created = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Reviewed first', dueAt: inSeconds(20) });
    expect(created.body.status).toBe('in_review');
    expect((await api('POST', `/posts/${created.body.postId}/approve`)).status).toBe(403);
    const approved = await api('POST', `/posts/${created.body.postId}/approve`, undefined, TOKEN_A_APPROVER);
    expect(approved.body).toMatchObject({ status: 'scheduled', approvedBy: 'approver@a' });

    await waitFor('the approved post on the network', () => sandbox.statuses().find((s) => s.text === 'Reviewed first'));
    await api('PUT', '/settings', { requireApproval: false });
  });

  it('cancels a scheduled post so that it never goes out, and reschedules another', async () => {
    // Far enough ahead that cold starts of the cancel and edit functions on a busy machine cannot make it the past.
    const dueSoon = inSeconds(20);
    const doomed = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Never seen', dueAt: dueSoon });
    const moved = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Moved earlier', dueAt: inSeconds(600) });
    expect((await api('DELETE', `/posts/${doomed.body.postId}`)).body.status).toBe('cancelled');
    const edited = await api('PATCH', `/posts/${moved.body.postId}`, { dueAt: dueSoon });
    expect(edited.body.status, JSON.stringify(edited)).toBe('scheduled');

    // Both were due at the same second: once one is out, the other's trigger would have fired too.
    await waitFor('the rescheduled post', () => sandbox.statuses().find((s) => s.text === 'Moved earlier'), 60_000);
    expect(runtime.services.schedules().some((s) => s.Name === `post-${doomed.body.postId}`)).toBe(false);
    expect(sandbox.statuses().some((s) => s.text === 'Never seen')).toBe(false);
    expect((await api('GET', `/posts/${doomed.body.postId}`)).body.status).toBe('cancelled');
  }, 90_000);
});

describe('one message for several networks', () => {
  it('creates a post per account with its variant over POST /post-groups', async () => {
    await api('POST', '/accounts', standIns.accounts.find((a) => a.accountId === 'x-demo'));
    const res = await api('POST', '/post-groups', {
      text: 'Grouped announcement', dueAt: inSeconds(900),
      variants: { [DEMO_ACCOUNT]: {}, 'x-demo': { text: 'Grouped announcement on X' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.posts.map((p: { accountId: string; text: string; groupId: string }) => [p.accountId, p.text, p.groupId])).toEqual([
      [DEMO_ACCOUNT, 'Grouped announcement', res.body.groupId],
      ['x-demo', 'Grouped announcement on X', res.body.groupId],
    ]);
  });
});

describe('a retried POST /posts with an Idempotency-Key', () => {
  it('returns the first post, marked as replayed, and creates nothing new', async () => {
    const send = (key: string) => fetch(`${runtime.apiUrl}/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN_A}`, 'idempotency-key': key },
      body: JSON.stringify({ accountId: DEMO_ACCOUNT, text: 'Retried safely', dueAt: inSeconds(600) }),
    });
    const first = await send('e2e-key-1');
    const second = await send('e2e-key-1');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as { postId: string }).postId).toBe(((await first.json()) as { postId: string }).postId);
    const bad = await send('has spaces in it');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe('Idempotency-Key');
  });
});

describe('every network', () => {
  it('publishes a post with its network features on each stand-in, exactly once', async () => {
    // Connecting never overwrites (409), so only the accounts the tests above have not connected yet.
    const connected = new Set(((await api('GET', '/accounts')).body.items as { accountId: string }[]).map((a) => a.accountId));
    for (const account of standIns.accounts.filter((a) => !connected.has(a.accountId))) {
      expect((await api('POST', '/accounts', account)).status).toBe(201);
    }
    // One day of the demo week plan: every network, with links, media, threads and first comments.
    const day = weekPlan(standIns.accounts, standIns.imageUrl, 3)[2]!.concat(weekPlan(standIns.accounts, standIns.imageUrl, 2)[1]!);
    const ids: string[] = [];
    for (const post of day) {
      const created = await api('POST', '/posts', { ...post, text: `${post.text as string} e2e`, dueAt: inSeconds(5) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.postId);
    }
    await waitFor('every post published', async () => {
      const states = await Promise.all(ids.map(async (id) => (await api('GET', `/posts/${id}`)).body.status));
      return states.every((s) => s === 'published') ? states : undefined;
    }, 30_000);
    for (const account of standIns.accounts) {
      const ours = day.filter((p) => p.accountId === account.accountId).map((p) => `${p.text as string} e2e`);
      for (const text of ours) {
        expect(standIns.texts(account.network).filter((t) => t.startsWith(text)), `${account.network}: ${text}`).toHaveLength(1);
      }
    }
  });
});

describe('bulk import over the API', () => {
  it('schedules the good rows of a CSV and reports each bad one with its line number', async () => {
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const csv = [
      'datetime,channel,message,link',
      `${due},${DEMO_ACCOUNT},Imported one,https://shop.example/a`,
      `${due},unknown-account,Lost row,`,
      `${due},${DEMO_ACCOUNT},"Imported two, with a comma",`,
    ].join('\n');
    const res = await fetch(`${runtime.apiUrl}/posts/import`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN_A}`, 'content-type': 'text/csv' }, body: csv,
    });
    const summary = (await res.json()) as { imported: number; rejected: { line: number; issues: { field: string }[] }[] };
    expect(res.status).toBe(200);
    expect(summary.imported).toBe(2);
    expect(summary.rejected).toEqual([{ line: 3, issues: [expect.objectContaining({ field: expect.stringMatching(/account|channel/) })] }]);
  });
});

describe('asynchronous bulk import', () => {
  it('imports a CSV PUT to the presigned upload URL in the background: S3 Object Created starts it, GET /imports/{id} follows it to done', async () => {
    const due = new Date(Date.now() + 7_200_000).toISOString();
    const csv = [
      'datetime,channel,message',
      `${due},${DEMO_ACCOUNT},Uploaded one`,
      `${due},${DEMO_ACCOUNT},`,
      `${due},${DEMO_ACCOUNT},Uploaded two`,
    ].join('\n');

    const created = await api('POST', '/imports', { timezone: 'Europe/Berlin' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ importId: expect.any(String), uploadUrl: expect.stringContaining('X-Amz-Signature='), expiresAt: expect.any(String) });
    const upload = await fetch(created.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(upload.status).toBe(200);
    const job = await waitFor('the import to finish', async () => {
      const res = await api('GET', `/imports/${created.body.importId}`);
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
    }, 60_000);

    expect(job).toMatchObject({ status: 'done', rowsSeen: 3, imported: 2, rejected: 1, postStatus: 'scheduled', rejectedRows: [{ line: 3, issues: [{ field: 'text' }] }] });
    const errorsCsv = await (await fetch(job.errorsUrl)).text();
    expect(errorsCsv).toContain('3,text,');
    const scheduled = await api('GET', '/posts?status=scheduled&limit=100');
    const texts = scheduled.body.items.map((p: { text: string }) => p.text);
    expect(texts).toEqual(expect.arrayContaining(['Uploaded one', 'Uploaded two']));
    expect(await api('GET', `/imports/${created.body.importId}`, undefined, TOKEN_B)).toMatchObject({ status: 404 });
  }, 90_000);

  it('is what `pillars post import` does by itself for a file over 2,000 lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillars-e2e-import-'));
    const start = Date.now() + 86_400_000;
    const rows = Array.from({ length: 2_001 }, (_, i) => `${new Date(start + i * 60_000).toISOString()},${DEMO_ACCOUNT},Bulk ${i}`);
    writeFileSync(join(dir, 'big.csv'), ['datetime,channel,message', ...rows].join('\n'));
    let stdout = '';
    let stderr = '';

    const code = await runCli(['post', 'import', 'big.csv'], {
      env: { PILLARS_API_URL: runtime.apiUrl, PILLARS_TOKEN: TOKEN_A }, cwd: dir, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t),
    });

    expect({ code, stdout }).toEqual({ code: 0, stdout: 'imported 2001, rejected 0\n' });
    expect(stderr).toMatch(/^uploaded \d+ bytes; import [0-9A-Z]{26} runs on the server\n/);
  }, 120_000);
});

describe('bad input to POST /posts', () => {
  it('rejects a missing field with 400 naming it, and stores nothing', async () => {
    const before = (await api('GET', '/posts?limit=100')).body.items.length;
    const res = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, dueAt: inSeconds(60) });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ field: 'text' })]);
    expect((await api('GET', '/posts?limit=100')).body.items.length).toBe(before);
  });

  it('rejects an unknown network account with 400 on accountId', async () => {
    const res = await api('POST', '/posts', { accountId: 'nope', text: 'x', dueAt: inSeconds(60) });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ field: 'accountId' });
  });

  it('rejects a due time in the past with 400 unless publishNow is set', async () => {
    const res = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'late', dueAt: inSeconds(-3600) });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ field: 'dueAt' });
  });

  it('rejects text longer than Mastodon allows, naming the network and its limit', async () => {
    const res = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'a'.repeat(501), dueAt: inSeconds(60) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/mastodon.*500/);
  });

  it('answers malformed JSON with 400 on body', async () => {
    const res = await fetch(`${runtime.apiUrl}/posts`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN_A}` }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe('body');
  });
});

describe('auth on management routes', () => {
  it('answers 401 without a token or with a wrong one, and serves /openapi.json without one', async () => {
    expect((await api('GET', '/posts', undefined, null)).status).toBe(401);
    expect((await api('GET', '/posts', undefined, 'not-a-real-token-at-all')).status).toBe(401);
    const doc = await api('GET', '/openapi.json', undefined, null);
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/posts', '/posts/{postId}', '/accounts']));
  });

  it("does not let brand B see or use brand A's posts and accounts", async () => {
    const created = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Brand A only', dueAt: inSeconds(300) });
    expect((await api('GET', `/posts/${created.body.postId}`, undefined, TOKEN_B)).status).toBe(404);
    expect((await api('GET', '/posts', undefined, TOKEN_B)).body.items).toEqual([]);
    const useAccount = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'hijack', dueAt: inSeconds(60) }, TOKEN_B);
    expect(useAccount.status).toBe(400);
  });
});

describe('crisis mode from the listening pillar\'s events', () => {
  it('pauses the brand queue on CrisisDetected and resumes it on CrisisResolved', async () => {
    const client = new EventBridgeClient({ endpoint: runtime.awsServicesUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const put = (type: string, detail: Record<string, unknown>) => client.send(new PutEventsCommand({
      Entries: [{ EventBusName: runtime.wiring.buses[0]!, Source: 'pillars.listening', DetailType: type, Detail: JSON.stringify({ schemaVersion: 1, brandId: 'brand-b', ...detail }) }],
    }));

    await put('CrisisDetected', { reason: 'negative mentions 6x baseline', detectedAt: new Date().toISOString() });
    const paused = await waitFor('the queue paused', async () => {
      const state = (await api('GET', '/queue', undefined, TOKEN_B)).body;
      return state.paused ? state : undefined;
    });
    expect(paused).toMatchObject({ cause: 'crisis', reason: expect.stringContaining('6x baseline') });
    expect((await api('GET', '/queue')).body.paused).toBe(false);

    await put('CrisisResolved', { resolvedAt: new Date().toISOString() });
    await waitFor('the queue resumed', async () => ((await api('GET', '/queue', undefined, TOKEN_B)).body.paused === false ? true : undefined));
    client.destroy();
  });
});

describe('a malformed event on the bus', () => {
  it('reaches the dead-letter queue with the reason after the retries, not a silent drop', async () => {
    const client = new EventBridgeClient({ endpoint: runtime.awsServicesUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const bus = runtime.wiring.buses[0]!;
    await client.send(new PutEventsCommand({
      Entries: [{ EventBusName: bus, Source: 'pillars.publishing', DetailType: 'PostFailed', Detail: JSON.stringify({ schemaVersion: 1, postId: 'p1' }) }],
    }));
    const letter = await waitFor('a dead letter', () => runtime.deadLetters.all().find((l) => (l.record.requestPayload as any)?.detail?.postId === 'p1'));
    expect(letter.record.requestContext.condition).toBe('RetriesExhausted');
    expect(letter.record.requestContext.approximateInvokeCount).toBe(3);
    expect(letter.record.responsePayload.errorMessage).toMatch(/malformed PostFailed event: detail\.brandId/);
    expect(letter.queueArn).toMatch(/DeadLetterQueue/);
    client.destroy();
  });
});

describe('analytics through the local runtime', () => {
  it('snapshots a published post at the brand\'s ages, and a report built over the API shows the numbers the network gave', async () => {
    // Prepare
    expect((await api('PUT', '/analytics/settings', { snapshotAges: ['1s', '2s'] })).status).toBe(200);
    const created = await api('POST', '/posts', { accountId: DEMO_ACCOUNT, text: 'Metrics, please', publishNow: true, campaign: 'e2e' });
    const published = await waitFor('PostPublished', () => events.find((e) => e['detail-type'] === 'PostPublished' && (e.detail as any).postId === created.body.postId));
    const lastAgeDue = Date.parse((published.detail as any).publishedAt) + 2_000;
    await waitFor('the 2 s snapshot age to come due', () => holds(Date.now() >= lastAgeDue));

    // Act: the collector, as its 5-minute schedule would run it, until it has taken both ages (their plan is
    // written by another function, on the same PostPublished); then the on-demand report.
    const snapshotsOfPost = () => events.filter((e) => e['detail-type'] === 'PostMetricsCollected' && (e.detail as any).postId === created.body.postId);
    await waitFor('both snapshots collected', async () => {
      expect(await runtime.invokeAsync(runtime.functionNameFor('functions/analytics/collect-post-metrics.ts'), {})).toMatchObject({ ok: true });
      return holds(snapshotsOfPost().length >= 2);
    });
    const today = new Date().toISOString().slice(0, 10);
    const report = await api('POST', '/reports', { from: today, to: today });

    // Assess
    const snapshots = snapshotsOfPost();
    expect(snapshots.map((e) => (e.detail as any).slot).sort()).toEqual(['A00000001', 'A00000002']);
    const last = snapshots.map((e) => e.detail as any).sort((a, b) => a.observedAt.localeCompare(b.observedAt)).at(-1);
    // Mastodon gives no impressions: missing, never zero.
    expect(last.values.impressions).toBeNull();
    expect(report.status).toBe(201);
    const html = await fetch(`${runtime.apiUrl}/reports/${report.body.reportId}/files/index.html`, { headers: { authorization: `Bearer ${TOKEN_A}` } });
    expect(html.headers.get('content-type'), await html.clone().text()).toContain('text/html');
    const page = await html.text();
    // Every post of brand A published today, across pages (a filtered page may be short; its cursor goes on).
    const posts: any[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = (await api('GET', `/posts?status=published&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
      posts.push(...page.items.filter((p: any) => p.publishedAt.startsWith(today)));
      cursor = page.cursor;
    }
    expect(page).toMatch(new RegExp(`data-kpi="posts" data-field="value" data-value="${posts.length}"`));
    const status = sandbox.statuses().find((s) => s.text.startsWith('Metrics, please'))!;
    const expected = engagementAt(status.id, Date.parse(last.observedAt) - Date.parse(status.createdAt));
    expect(last.values.reactions).toBe(expected.favourites);
  }, 60_000);

  it('takes a signed conversion once, and answers 401 to a forged one without storing it', async () => {
    const secret = webAnalyticsSecrets['brand-a']!.conversionSigningSecrets[0]!;
    const body = JSON.stringify({ conversionId: 'c-1', occurredAt: new Date().toISOString(), value: 49.9, currency: 'EUR', utm_source: 'mastodon', utm_campaign: 'e2e' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const send = (signature: string) => fetch(`${runtime.apiUrl}/webhooks/conversions/brand-a`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': timestamp, 'webhook-signature': signature },
    });

    const forged = await send(standardWebhookSignature('whsec_' + Buffer.from('not the secret').toString('base64'), 'msg_1', timestamp, body));
    const first = await send(standardWebhookSignature(secret, 'msg_1', timestamp, body));
    const again = await send(standardWebhookSignature(secret, 'msg_1', timestamp, body));

    expect(forged.status).toBe(401);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
  });
});
