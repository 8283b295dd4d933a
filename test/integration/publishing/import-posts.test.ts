/**
 * Bulk import end to end: the CSV streamed through importPosts into DynamoDB Local, validated
 * with the real Mastodon adapter's rules (accounts pointing at the sandbox network), and one
 * imported post published on the sandbox. As in publish-post.test.ts, only our own scheduler,
 * event publisher and media check are stand-ins, recording what the import asked of them.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxNetwork, type SandboxNetwork } from '../../../local/stand-ins/mastodon/server.js';
import { ValidationError, type FieldIssue } from '../../../shared/platform/errors.js';
import type { OutgoingEvent } from '../../../shared/platform/events/publisher.js';
import { BRAND_CLAIM } from '../../../shared/platform/middleware/http.js';
import { createSettingsRepository, type SettingsRepository } from '../../../shared/platform/brand-settings.js';
import type { MediaItem, NetworkAccount } from '../../../shared/networks/contract.js';
import { createCredentialsLookup } from '../../../shared/networks/accounts/credentials.js';
import { brandCredentialsSecretName } from '../../../shared/contracts/resource-names.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { DuplicateIndex } from '../../../shared/publishing/import/duplicate-index.js';
import { importPosts, type ImportOptions, type ImportPostsDeps, type ImportSummary } from '../../../shared/publishing/import/import-posts.js';
import type { Post } from '../../../shared/publishing/post.js';
import { publishPost } from '../../../shared/publishing/publish-post.js';
import type { PublishScheduler, PublishTrigger } from '../../../shared/publishing/publish-schedule.js';
import { createAccountsRepository, type AccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository, type PostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startAwsJsonService, type AwsJsonService } from '../../helpers/local-clients.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { failure } from '../../helpers/failure.js';

const SECRET_ID = 'pillars/network-credentials';
const TOKEN = 'pillars-sandbox-token';
const ACCOUNT = 'mastodon-main';
const OTHER_ACCOUNT = 'mastodon-alt';
/** 2026-06-01 11:00 in Berlin. */
const START = Date.parse('2026-06-01T09:00:00.000Z');
const BERLIN: ImportOptions = { timezone: 'Europe/Berlin' };

/** Records every schedule; fails those `failFor` picks; tracks how many ran at once. */
class RecordingScheduler implements PublishScheduler {
  readonly calls: { trigger: PublishTrigger; at: Date }[] = [];
  failFor: (trigger: PublishTrigger) => Error | undefined = () => undefined;
  private active = 0;
  maxActive = 0;

  async schedule(trigger: PublishTrigger, at: Date): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const failure = this.failFor(trigger);
      if (failure) throw failure;
      this.calls.push({ trigger, at });
    } finally {
      this.active--;
    }
  }

  async cancel(): Promise<void> {}
}

/** A media check that answers from a table of broken URLs, recording what it checked. */
class FakeMediaCheck {
  readonly checked: string[] = [];
  broken = new Map<string, string>();

  readonly check = async (media: readonly MediaItem[]): Promise<FieldIssue[]> =>
    media.flatMap((item, index) => {
      this.checked.push(item.url);
      const message = this.broken.get(item.url);
      return message ? [{ field: `media.${index}.url`, message }] : [];
    });
}

let table: TestTable;
let secrets: AwsJsonService;
let sandbox: SandboxNetwork;

beforeAll(async () => {
  [table, secrets, sandbox] = await Promise.all([
    createTestTable('import-posts'),
    startAwsJsonService(({ target, body }) => {
      // The brand's own secret holds its account's token, as in production.
      if (target !== 'secretsmanager.GetSecretValue') return undefined;
      if (body.SecretId !== brandCredentialsSecretName(brandId)) return { status: 400, errorType: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." };
      return { body: { ARN: `arn:aws:secretsmanager:${LOCAL_REGION}:000000000000:secret:${body.SecretId}`, Name: body.SecretId, SecretString: JSON.stringify({ [ACCOUNT]: { accessToken: TOKEN } }), VersionId: 'v1' } };
    }),
    startSandboxNetwork(),
  ]);
  sandbox.addAccount({ username: 'pillars', token: TOKEN });
});

afterAll(async () => {
  await Promise.all([table?.drop(), secrets?.close(), sandbox?.close()]);
});

let brandId: string;
let posts: PostsRepository;
let accounts: AccountsRepository;
let settings: SettingsRepository;
let scheduler: RecordingScheduler;
let media: FakeMediaCheck;
let published: { detailType: string; detail: Record<string, unknown> }[];
let publishCalls: number[];
let batchSizes: number[];
let accountLookups: string[];
let clock: number;
let ids: number;
let deps: ImportPostsDeps;

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  clock = START;
  ids = 0;
  scheduler = new RecordingScheduler();
  media = new FakeMediaCheck();
  published = [];
  publishCalls = [];
  batchSizes = [];
  accountLookups = [];
  const store = createPostsRepository(table.documentClient, table.tableName);
  posts = { ...store, createMany: async (batch) => { batchSizes.push(batch.length); await store.createMany(batch); } };
  settings = createSettingsRepository(table.documentClient, table.tableName);
  const accountStore = createAccountsRepository(table.documentClient, table.tableName);
  accounts = { ...accountStore, get: async (b, id) => { accountLookups.push(id); return accountStore.get(b, id); } };
  for (const accountId of [ACCOUNT, OTHER_ACCOUNT]) {
    const account: NetworkAccount = { brandId, accountId, network: 'mastodon', handle: '@pillars', baseUrl: sandbox.url };
    await accountStore.put(account);
  }
  deps = {
    posts,
    accounts,
    adapters: createAdapterRegistry([createMastodonAdapter()]),
    settings,
    scheduler,
    // What the bus would receive: each detail checked against its catalogue schema, as publishEvents does.
    publish: async (events: OutgoingEvent[]) => {
      publishCalls.push(events.length);
      for (const e of events) published.push({ detailType: e.entry.detailType, detail: e.entry.schema.parse(e.detail) as Record<string, unknown> });
    },
    now: () => new Date(clock),
    // In creation order, so a test can point at "the third stored post".
    newId: () => `post-${String(++ids).padStart(6, '0')}`,
    checkMedia: media.check,
  };
});

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
/** The file as a stream of small byte chunks, so rows and multi-byte characters straddle chunks. */
const chunked = (text: string, size = 7) => {
  const bytes = Buffer.from(text, 'utf8');
  return Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })());
};
const storedPosts = async (): Promise<Post[]> => posts.listDue(brandId, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
const issuesByLine = (summary: ImportSummary) => Object.fromEntries(summary.rejected.map((r) => [r.line, r.issues.map((i) => `${i.field}: ${i.message}`)]));

describe('importPosts: a mixed file', () => {
  const file = csv(
    /* 1 */ 'date,time,message,channel,link,media_urls,first_comment,thread',
    /* 2 */ '2026-12-01,09:30,Good one 🎉,mastodon-main,https://example.com/a,,,',
    /* 3 */ '2026-12-01,09:31,"A message that spans',
    /* 4 */ 'three lines, with ""quotes"" and a comma',
    /* 5 */ 'done",mastodon-main,,https://cdn.example/pic.jpg,,',
    /* 6 */ '2026-12-01,25:00,Bad time,mastodon-main,,,,',
    /* 7 */ '',
    /* 8 */ '2026-13-01,09:00,,nobody,not-a-link,,,',
    /* 9 */ '2026-12-01,09:40,Comment first,mastodon-main,,,nice,',
    /* 10 */ `2026-12-01,09:45,"${'a'.repeat(501)}",mastodon-main,,,,`,
    /* 11 */ '2026-12-01,09:50,"Another',
    /* 12 */ 'multi-line one",mastodon-main,,https://cdn.example/broken.png,,',
    /* 13 */ '2026-01-01,09:00,Past,mastodon-main,,,,',
    /* 14 */ '2026-12-01,10:00,Thread,mastodon-alt,,,,one ||| two',
    /* 15 */ '2026-12-01,10:05,Bad kind,mastodon-main,,https://cdn.example/a.bmp,,',
    /* 16 */ '2026-12-01,10:10,Too few fields,mastodon-main',
  );

  it('imports the good rows and rejects each bad one with its line and every reason', async () => {
    // Prepare
    media.broken.set('https://cdn.example/broken.png', 'could not be fetched (HTTP 404); the network must be able to download it');

    // Act
    const summary = await importPosts(brandId, chunked(file), BERLIN, deps);

    // Assess
    expect(summary.imported).toBe(3);
    expect(summary.rejected.map((r) => r.line)).toEqual([6, 8, 9, 10, 11, 13, 15, 16]);
    expect(issuesByLine(summary)).toEqual({
      6: ['dueAt: "25:00" is not a time of day; use HH:MM (24 h, e.g. 14:30) or h:mm AM/PM (2:30 PM)'],
      8: [
        'dueAt: "2026-13-01" is not a real date',
        'text: required: the text of the post',
        'link: must be an absolute http(s) URL',
        'accountId: unknown network account "nobody" for this brand; connect it first (POST /accounts) or pick one from GET /accounts',
      ],
      9: ['firstComment: mastodon has no first comment; use a thread or drop it'],
      10: ["text: is 501 characters as mastodon counts them (link included); mastodon's limit is 500"],
      11: ['media.0.url: could not be fetched (HTTP 404); the network must be able to download it'],
      13: [expect.stringMatching(/^dueAt: 2026-01-01 09:00 \(2026-01-01T08:00:00.000Z\) is in the past; pick a future time, or import with allowPast/)],
      15: [expect.stringMatching(/^media\.0\.kind: cannot tell the kind of "https:\/\/cdn.example\/a.bmp" from its extension/)],
      16: ['row: has 4 fields but the header has 8; quote values that contain commas ("a, b")'],
    });
    expect(summary.postIds).toEqual(['post-000001', 'post-000002', 'post-000003']);

    const stored = await storedPosts();
    expect(stored.map((p) => [p.text, p.dueAt, p.accountId])).toEqual([
      ['Good one 🎉', '2026-12-01T08:30:00.000Z', ACCOUNT],
      ['A message that spans\nthree lines, with "quotes" and a comma\ndone', '2026-12-01T08:31:00.000Z', ACCOUNT],
      ['Thread', '2026-12-01T09:00:00.000Z', OTHER_ACCOUNT],
    ]);
    expect(stored[0]).toMatchObject({ status: 'scheduled', attempts: 0, network: 'mastodon', link: 'https://example.com/a', timezone: 'Europe/Berlin', createdAt: new Date(START).toISOString() });
    expect(stored[1]!.media).toEqual([{ url: 'https://cdn.example/pic.jpg', kind: 'image' }]);
    expect(stored[2]!.thread).toEqual(['one', 'two']);

    expect(scheduler.calls.map((c) => [c.trigger.postId, c.at.toISOString()]).sort()).toEqual(stored.map((p) => [p.postId, p.dueAt]));
    expect(published.map((e) => e.detail)).toEqual(stored.map((p) => ({
      schemaVersion: 1, brandId, postId: p.postId, accountId: p.accountId, network: 'mastodon', dueAt: p.dueAt,
    })));
    expect(published.every((e) => e.detailType === 'PostScheduled')).toBe(true);
  });

  it('looks each account up once, however many rows use it', async () => {
    await importPosts(brandId, [file], BERLIN, deps);
    expect(accountLookups.sort()).toEqual([OTHER_ACCOUNT, ACCOUNT, 'nobody']);
  });

  it('gives the same answer whether the file comes as one string or in byte chunks', async () => {
    const whole = await importPosts(brandId, [file], BERLIN, deps);
    const pieces = await importPosts(brandId, chunked(file, 3), BERLIN, deps);
    expect(pieces.rejected).toEqual(whole.rejected);
    expect(pieces.imported).toBe(whole.imported);
  });

  it('publishes an imported post on the sandbox network like any other', async () => {
    const summary = await importPosts(brandId, [csv('datetime,text,account', '2026-12-01T09:30:00+01:00,Imported and published,mastodon-main')], {}, deps);
    const postId = summary.postIds![0]!;
    clock = Date.parse('2026-12-01T08:30:00Z');
    const secretsClient = new SecretsManagerClient({ endpoint: secrets.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    try {
      const outcome = await publishPost({ brandId, postId }, { ...deps, credentials: createCredentialsLookup(secretsClient, SECRET_ID) });
      expect(outcome).toMatchObject({ kind: 'published' });
    } finally {
      secretsClient.destroy();
    }
    expect(sandbox.statuses().at(-1)).toMatchObject({ text: 'Imported and published' });
    expect(await posts.get(brandId, postId)).toMatchObject({ status: 'published' });
  });
});

describe('importPosts: 2,000 rows', () => {
  it('stores, schedules and announces them all in bounded batches', async () => {
    // Prepare: one row a minute from 2026-07-01 09:00 Berlin, every tenth with an image, two accounts.
    const rows = Array.from({ length: 2_000 }, (_, i) => {
      const due = new Date(Date.UTC(2026, 6, 1, 7, i));
      const local = due.toISOString().slice(0, 16).split('T');
      const image = i % 10 === 0 ? `https://cdn.example/img-${i % 30}.png` : '';
      return `${local[0]},${local[1]},"Post number ${i}, with a comma",${i % 2 ? OTHER_ACCOUNT : ACCOUNT},${image}`;
    });
    const file = csv('date,time_24hr,message_text,account_id,image_url', ...rows);

    // Act
    const summary = await importPosts(brandId, chunked(file, 4096), { timezone: 'UTC' }, deps);

    // Assess
    expect(summary).toEqual({ imported: 2_000, status: 'scheduled', rejected: [] });
    const stored = await storedPosts();
    expect(stored).toHaveLength(2_000);
    expect(new Set(stored.map((p) => p.text)).size).toBe(2_000);
    expect(stored[0]).toMatchObject({ text: 'Post number 0, with a comma', dueAt: '2026-07-01T07:00:00.000Z', media: [{ url: 'https://cdn.example/img-0.png', kind: 'image' }] });
    expect(batchSizes).toEqual([500, 500, 500, 500]);
    expect(scheduler.calls).toHaveLength(2_000);
    expect(scheduler.maxActive).toBeLessThanOrEqual(16);
    expect(scheduler.maxActive).toBeGreaterThan(1);
    expect(published).toHaveLength(2_000);
    expect(Math.max(...publishCalls)).toBeLessThanOrEqual(100);
    // 200 rows with images, but only 3 distinct URLs (img-0, img-10, img-20): each fetched once.
    expect(media.checked.sort()).toEqual(['https://cdn.example/img-0.png', 'https://cdn.example/img-10.png', 'https://cdn.example/img-20.png']);
  });
});

describe('importPosts: duplicates', () => {
  it('rejects a row with the account, due minute and text of an earlier one, however the time is written', async () => {
    const summary = await importPosts(brandId, [csv(
      'date,time,message,channel',
      '2026-12-01,09:30,Same text,mastodon-main',
      '2026-12-01,9:30 AM,Same text,mastodon-main',
      '2026-12-01,09:30:45,Same text,mastodon-main',
      '2026-12-01,09:31,Same text,mastodon-main',
      '2026-12-01,09:30,Same text,mastodon-alt',
      '2026-12-01,09:30,Other text,mastodon-main',
      '2026-12-01,09:30,  Same text  ,mastodon-main',
    )], BERLIN, deps);

    expect(summary.imported).toBe(4);
    expect(issuesByLine(summary)).toEqual({
      3: ['row: duplicate of line 2: same account, due minute and text'],
      4: ['row: duplicate of line 2: same account, due minute and text'],
      8: ['row: duplicate of line 2: same account, due minute and text'],
    });
  });
});

describe('DuplicateIndex', () => {
  it('remembers the first line of each account, due minute and text through many resizes', () => {
    const index = new DuplicateIndex();
    const due = (i: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + (i % 1_000) * 60_000);
    // 20,000 distinct rows (1,000 minutes × 20 texts): none is a duplicate.
    for (let i = 0; i < 20_000; i++) expect(index.firstLine(ACCOUNT, due(i), `text ${Math.floor(i / 1_000)}`, i + 2)).toBeUndefined();
    // Each again: the line of its first occurrence, which a later line does not replace.
    for (let i = 0; i < 20_000; i++) expect(index.firstLine(ACCOUNT, due(i), `text ${Math.floor(i / 1_000)}`, 50_000 + i)).toBe(i + 2);
    // Same minute, other seconds: a duplicate; another account, minute or text: not.
    expect(index.firstLine(ACCOUNT, new Date(due(3).getTime() + 59_000), 'text 0', 99_999)).toBe(5);
    expect(index.firstLine(OTHER_ACCOUNT, due(3), 'text 0', 99_999)).toBeUndefined();
    expect(index.firstLine(ACCOUNT, due(3), 'text 20', 99_999)).toBeUndefined();
  });
});

describe('importPosts: a schedule that cannot be created', () => {
  it('removes that post, reports its line with the reason and imports the rest', async () => {
    // Prepare: the second stored post's schedule fails.
    scheduler.failFor = (trigger) => (trigger.postId === 'post-000002' ? Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }) : undefined);

    // Act
    const summary = await importPosts(brandId, [csv(
      'datetime,text,account',
      '2026-12-01T09:30:00Z,first,mastodon-main',
      '2026-12-01T09:31:00Z,"second,',
      'on two lines",mastodon-main',
      '2026-12-01T09:32:00Z,third,mastodon-main',
    )], {}, deps);

    // Assess
    expect(summary.imported).toBe(2);
    expect(summary.rejected).toEqual([{
      line: 3,
      issues: [{ field: 'schedule', message: 'its publish schedule could not be created (ThrottlingException); the post was not kept, import this row again' }],
    }]);
    expect(await posts.get(brandId, 'post-000002')).toBeUndefined();
    expect((await storedPosts()).map((p) => p.text)).toEqual(['first', 'third']);
    expect(published.map((e) => e.detail.postId)).toEqual(['post-000001', 'post-000003']);
    expect(summary.postIds).toEqual(['post-000001', 'post-000003']);
  });
});

describe('importPosts: brand settings', () => {
  it('leaves imported posts in review, unscheduled, where the brand requires approval', async () => {
    await settings.put(brandId, { requireApproval: true, timezone: 'America/New_York' });

    const summary = await importPosts(brandId, [csv('date,time,message,channel', '2026-12-01,09:30,needs a look,mastodon-main')], { userId: 'author-1' }, deps);

    expect(summary).toMatchObject({ imported: 1, status: 'in_review', rejected: [] });
    // No timezone given: the brand's own zone is the default.
    expect(await storedPosts()).toMatchObject([{ status: 'in_review', createdBy: 'author-1', dueAt: '2026-12-01T14:30:00.000Z', timezone: 'America/New_York' }]);
    expect(scheduler.calls).toEqual([]);
    expect(published).toEqual([]);
  });
});

describe('importPosts: due times', () => {
  it('accepts past rows with allowPast and sends them out right away', async () => {
    const summary = await importPosts(brandId, [csv('datetime,text,account', '2026-05-01T09:00:00Z,late,mastodon-main')], { allowPast: true }, deps);
    expect(summary.imported).toBe(1);
    expect((await storedPosts())[0]!.dueAt).toBe(new Date(START).toISOString());
    expect(scheduler.calls[0]!.at).toEqual(new Date(START));
  });

  it('reads dd/mm/yyyy and mm/dd/yyyy files only with the date format, and refuses dates that contradict it', async () => {
    const file = csv('date,time,message,channel', '05/12/2027,2:30 PM,first,mastodon-main', '25/12/2027,14:30,second,mastodon-main');
    const without = await importPosts(brandId, [file], BERLIN, deps);
    expect(without.imported).toBe(0);
    expect(without.rejected.map((r) => r.line)).toEqual([2, 3]);

    const dmy = await importPosts(brandId, [file], { ...BERLIN, dateFormat: 'dmy' }, deps);
    expect(dmy).toMatchObject({ imported: 2, rejected: [] });
    expect((await storedPosts()).map((p) => p.dueAt)).toEqual(['2027-12-05T13:30:00.000Z', '2027-12-25T13:30:00.000Z']);

    const mdy = await importPosts(brandId, [file], { ...BERLIN, dateFormat: 'mdy' }, deps);
    expect(mdy.imported).toBe(1);
    expect(issuesByLine(mdy)).toEqual({ 3: [expect.stringContaining('"25/12/2027" is not a date in mm/dd/yyyy')] });
    // 12 May 2027, 14:30 in Berlin (summer time).
    expect((await storedPosts()).map((p) => p.dueAt)).toContain('2027-05-12T12:30:00.000Z');
  });
});

describe('importPosts: files that cannot be read', () => {
  const headerIssues = async (text: string) => (await failure(importPosts(brandId, [text], BERLIN, deps), ValidationError)).issues;

  it('refuses a header row that lacks required columns, naming them, before storing anything', async () => {
    expect(await headerIssues(csv('date,message,link', '2026-12-01,x,'))).toEqual([
      { field: 'header', message: 'missing the column for the account: add "channel" (or account, account_id) with the id of a connected account' },
      { field: 'header', message: 'missing the column for the due time: "date" needs "time" (or time_24hr) next to it' },
    ]);
    expect(await headerIssues('')).toEqual([{ field: 'header', message: 'the file is empty; the first line must be a header row such as date,time,message,channel' }]);
    expect(await headerIssues('\r\n\r\n')).toHaveLength(1);
    expect(batchSizes).toEqual([]);
  });

  it('keeps the rows before a quote that is never closed, and says where reading stopped', async () => {
    const summary = await importPosts(brandId, [csv(
      'datetime,text,account',
      '2026-12-01T09:30:00Z,fine,mastodon-main',
      '',
      '2026-12-01T09:31:00Z,"never closed,mastodon-main',
      '2026-12-01T09:32:00Z,swallowed,mastodon-main',
    )], {}, deps);
    expect(summary.imported).toBe(1);
    expect(summary.rejected).toEqual([{ line: 4, issues: [{ field: 'csv', message: 'a quoted field opened in this row is never closed (a missing "); this row and the rest of the file were not imported' }] }]);
  });

  it('refuses bad options', async () => {
    const error = await failure(importPosts(brandId, ['datetime,text,account\n'], { timezone: 'Mars/Olympus', dateFormat: 'ymd' as 'dmy' }, deps), ValidationError);
    expect(error).toMatchObject({ issues: [{ field: 'dateFormat' }, { field: 'timezone' }] });
  });
});

describe('POST /posts/import handler', () => {
  const context = { functionName: 'import-posts', awsRequestId: 'aws-req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
  const request = (body: string, options: { query?: Record<string, string>; contentType?: string; base64?: boolean } = {}) => ({
    version: '2.0',
    routeKey: 'POST /posts/import',
    rawPath: '/posts/import',
    headers: { 'Content-Type': options.contentType ?? 'text/csv; charset=utf-8' },
    queryStringParameters: options.query,
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: { requestId: 'req-7', routeKey: 'POST /posts/import', authorizer: { jwt: { claims: { [BRAND_CLAIM]: brandId, sub: 'user-9', 'cognito:groups': '[editor]' }, scopes: null } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

  let handler: (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;
  beforeAll(async () => {
    // The module builds its production dependencies at load, as in Lambda; these are never called.
    Object.assign(process.env, {
      TABLE_NAME: 'unused', EVENT_BUS_NAME: 'unused', PUBLISH_SCHEDULE_GROUP: 'unused', PUBLISH_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:unused',
      PUBLISH_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/unused', DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:us-east-1:000000000000:unused',
    });
    const module = await import('../../../functions/publishing/import-posts.js');
    handler = (event, ctx) => module.importPostsHandler(deps)(event, ctx);
  });
  const call = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    const res = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };

  it('answers 200 with the summary, reading the query options', async () => {
    const file = csv('date,time,message,channel', '01/12/2026,09:30,hello,mastodon-main', '01/12/2026,09:30,,mastodon-main');
    const res = await call(request(file, { query: { dateFormat: 'dmy', timezone: 'Europe/Berlin' }, base64: true }));
    expect(res).toEqual({ status: 200, body: { imported: 1, status: 'scheduled', rejected: [{ line: 3, issues: [{ field: 'text', message: 'required: the text of the post' }] }], postIds: ['post-000001'] } });
    expect(await posts.get(brandId, 'post-000001')).toMatchObject({ createdBy: 'user-9', dueAt: '2026-12-01T08:30:00.000Z' });
  });

  it('answers 400 naming the missing columns', async () => {
    const res = await call(request(csv('date,time,text', '2026-12-01,09:30,x')));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ValidationError', issues: [{ field: 'header', message: expect.stringContaining('add "channel" (or account, account_id)') }] });
  });

  it('answers 400 for bad query options and 415 for a JSON body', async () => {
    const bad = await call(request('datetime,text,account\n', { query: { dateFormat: 'ymd', allowPast: 'yes' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: FieldIssue) => i.field)).toEqual(['dateFormat', 'allowPast']);
    const json = await call(request('{"text":"x"}', { contentType: 'application/json' }));
    expect(json).toMatchObject({ status: 415, body: { error: { message: 'send the CSV file itself as the body with Content-Type: text/csv, not application/json' } } });
  });
});
