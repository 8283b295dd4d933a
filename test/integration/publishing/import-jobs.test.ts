/**
 * Asynchronous bulk import against real parts: DynamoDB Local for jobs and posts, the local S3
 * (presigned upload with fetch, errors.csv, the Object Created event it sends for the bucket) and
 * the real SDK clients. As in import-posts.test.ts, only our own publish scheduler and event
 * publisher are stand-ins, recording what the import asked of them.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices, type BusEvent } from '../../../local/aws/server.js';
import { createSettingsRepository } from '../../../shared/platform/brand-settings.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createImport, getImport, UPLOAD_URL_SECONDS } from '../../../shared/publishing/import/import-jobs.js';
import { importUpload, REJECTED_ROWS_IN_JOB, type ImportUploadDeps } from '../../../shared/publishing/import/import-upload.js';
import type { PublishScheduler, PublishTrigger } from '../../../shared/publishing/publish-schedule.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createImportsRepository, type ImportCounts, type ImportsRepository } from '../../../shared/publishing/store/imports-repository.js';
import { keys } from '../../../shared/platform/store/keys.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { LOCAL_CREDENTIALS } from '../../helpers/local-clients.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const BUCKET = 'pillars-imports';
const ACCOUNT = 'mastodon-main';
const LEASE_SECONDS = 900;

class RecordingScheduler implements PublishScheduler {
  readonly calls: PublishTrigger[] = [];
  async schedule(trigger: PublishTrigger): Promise<void> {
    this.calls.push(trigger);
  }
  async cancel(): Promise<void> {}
}

let table: TestTable;
let services: AwsServices;
let s3: S3Client;
let presigner: S3Client;
const objectEvents: BusEvent[] = [];

beforeAll(async () => {
  [table, services] = await Promise.all([
    createTestTable('import-jobs'),
    startAwsServices({
      onEvents: (bus, events) => { if (bus === 'default') objectEvents.push(...events); },
      onScheduleDue: () => {}, nextFireTime: () => undefined, buckets: [BUCKET],
    }),
  ]);
  services.enableEventBridge(BUCKET);
  const config = { endpoint: services.url, forcePathStyle: true, region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
  s3 = new S3Client(config);
  presigner = new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });
});

afterAll(async () => {
  s3?.destroy();
  presigner?.destroy();
  await Promise.all([table?.drop(), services?.close()]);
});

let brandId: string;
let scheduler: RecordingScheduler;
let progress: ImportCounts[];
let imports: ImportsRepository;
let deps: ImportUploadDeps;

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  scheduler = new RecordingScheduler();
  progress = [];
  objectEvents.length = 0;
  const store = createImportsRepository(table.documentClient, table.tableName);
  imports = { ...store, progress: async (b, i, counts, now) => { progress.push(counts); await store.progress(b, i, counts, now); } };
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  // Validation reads only the adapter's limits; nothing is published here.
  await accounts.put({ brandId, accountId: ACCOUNT, network: 'mastodon', handle: '@pillars', baseUrl: 'http://127.0.0.1:9' });
  deps = {
    imports,
    s3,
    presigner,
    bucket: BUCKET,
    posts: createPostsRepository(table.documentClient, table.tableName),
    accounts,
    settings: createSettingsRepository(table.documentClient, table.tableName),
    adapters: createAdapterRegistry([createMastodonAdapter()]),
    scheduler,
    publish: async () => {},
    // Presigned URLs are checked against the real time by the local S3.
    now: () => new Date(),
    newId: () => ulid(),
    leaseSeconds: LEASE_SECONDS,
  };
});

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
/** Distinct posts, one a minute from 2030-01-01 09:00 Berlin time. */
const goodRows = (count: number) => Array.from({ length: count }, (_, i) => {
  const minutes = 9 * 60 + i;
  const day = 1 + Math.floor(minutes / 1440);
  const time = `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `2030-01-${String(day).padStart(2, '0')},${time},Post number ${i + 1},${ACCOUNT}`;
});

async function upload(uploadUrl: string, body: string): Promise<void> {
  const response = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body });
  expect(response.status, await response.text()).toBe(200);
}

/** The key of the one Object Created event the upload caused, as the rule would hand it to the function. */
function uploadedKey(): string {
  expect(objectEvents.map((e) => e['detail-type'])).toEqual(['Object Created']);
  return (objectEvents[0]!.detail as { object: { key: string } }).object.key;
}

describe('createImport', () => {
  it('stores a job waiting for its upload, expiring after 30 days, and answers a presigned PUT URL valid for 15 minutes', async () => {
    const before = Date.now();
    const created = await createImport(brandId, { timezone: 'Europe/Berlin' }, 'user-1', deps);
    const after = Date.now();

    // Counted from the moment it was created, to the whole second.
    expect(Date.parse(created.expiresAt)).toBeGreaterThanOrEqual(before + UPLOAD_URL_SECONDS * 1000 - 1000);
    expect(Date.parse(created.expiresAt)).toBeLessThanOrEqual(after + UPLOAD_URL_SECONDS * 1000 + 1000);
    const url = new URL(created.uploadUrl);
    expect(url.pathname).toBe(`/${BUCKET}/imports/${brandId}/${created.importId}/upload.csv`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    const job = await getImport(brandId, created.importId, deps);
    expect(job).toMatchObject({ status: 'waiting_for_upload', options: { timezone: 'Europe/Berlin' }, createdBy: 'user-1', rowsSeen: 0, imported: 0, rejected: 0 });
    const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: { pk: keys.brand(brandId), sk: keys.importJob(created.importId) } }));
    expect(Item!.expiresAt * 1000).toBeGreaterThanOrEqual(before + 30 * 86_400_000 - 1000);
    expect(Item!.expiresAt * 1000).toBeLessThanOrEqual(after + 30 * 86_400_000 + 1000);
  });

  it('answers 404 for an import of another brand', async () => {
    const created = await createImport(brandId, {}, 'user-1', deps);
    await expect(getImport(`other-${brandId}`, created.importId, deps)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('importUpload', () => {
  it('imports a 10,000-row file uploaded to the presigned URL, recording progress, and schedules every post', async () => {
    const created = await createImport(brandId, { timezone: 'Europe/Berlin' }, 'user-1', deps);
    await upload(created.uploadUrl, csv('date,time,message,channel', ...goodRows(10_000)));

    const outcome = await importUpload(uploadedKey(), deps);

    expect(outcome).toBe('imported');
    const job = await getImport(brandId, created.importId, deps);
    expect(job).toMatchObject({ status: 'done', rowsSeen: 10_000, imported: 10_000, rejected: 0, postStatus: 'scheduled', rejectedRows: [] });
    expect(job.errorsUrl).toBeUndefined();
    expect(job.leaseUntil).toBeUndefined();
    expect(scheduler.calls).toHaveLength(10_000);
    expect(new Set(scheduler.calls.map((c) => c.postId)).size).toBe(10_000);
    expect(progress.map((p) => p.rowsSeen)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 10_000]);
    expect(progress.at(-1)).toEqual({ rowsSeen: 10_000, imported: 10_000, rejected: 0 });
  }, 180_000);

  it('rejects bad rows with their line numbers, in the job and in errors.csv next to the upload', async () => {
    const created = await createImport(brandId, { timezone: 'Europe/Berlin' }, 'user-1', deps);
    await upload(created.uploadUrl, csv(
      'date,time,message,channel',
      '2030-01-01,09:00,"Good, with a comma",mastodon-main',
      '2030-01-01,25:00,Bad time,mastodon-main',
      '2030-01-01,09:05,,mastodon-main',
      '2030-01-01,09:10,Also good,mastodon-main',
    ));

    await importUpload(uploadedKey(), deps);

    const job = await getImport(brandId, created.importId, deps);
    expect(job).toMatchObject({ status: 'done', rowsSeen: 4, imported: 2, rejected: 2, errorsKey: `imports/${brandId}/${created.importId}/errors.csv` });
    expect(job.rejectedRows).toEqual([
      { line: 3, issues: [{ field: 'dueAt', message: expect.stringContaining('"25:00" is not a time of day') }] },
      { line: 4, issues: [{ field: 'text', message: 'required: the text of the post' }] },
    ]);
    const errorsCsv = await (await fetch(job.errorsUrl!)).text();
    expect(errorsCsv.split('\r\n')).toEqual([
      'line,field,message',
      `3,dueAt,"${job.rejectedRows![0]!.issues[0]!.message.replace(/"/g, '""')}"`,
      '4,text,required: the text of the post',
      '',
    ]);
  });

  it('keeps the first 1,000 rejected rows in the job and every one of them in errors.csv', async () => {
    const created = await createImport(brandId, {}, 'user-1', deps);
    const bad = Array.from({ length: 1_200 }, (_, i) => `2030-01-01,09:${String(i % 60).padStart(2, '0')},,${ACCOUNT}`);
    await upload(created.uploadUrl, csv('date,time,message,channel', ...bad));

    await importUpload(uploadedKey(), deps);

    const job = await getImport(brandId, created.importId, deps);
    expect(job).toMatchObject({ status: 'done', rowsSeen: 1_200, imported: 0, rejected: 1_200 });
    expect(job.rejectedRows).toHaveLength(REJECTED_ROWS_IN_JOB);
    expect(job.rejectedRows!.at(-1)!.line).toBe(REJECTED_ROWS_IN_JOB + 1);
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: job.errorsKey! }));
    const lines = (await Body!.transformToString()).trim().split('\r\n');
    expect([...new Set(lines.slice(1).map((l) => Number(l.split(',')[0])))]).toEqual(Array.from({ length: 1_200 }, (_, i) => i + 2));
    expect(lines).toContain('1201,text,required: the text of the post');
  }, 60_000);

  it('keeps the job item within DynamoDB\'s 400 KB when rejected rows carry many long reasons', async () => {
    const created = await createImport(brandId, {}, 'user-1', deps);
    // Every cell wrong: an unknown account, a bad date and time, a long bad link and bad media on each row.
    const longLink = `not-a-link-${'x'.repeat(400)}`;
    const bad = Array.from({ length: 1_000 }, (_, i) => `2030-13-${i},99:99,Row ${i},nobody-${i},${longLink},ftp://${'m'.repeat(300)}.bmp`);
    await upload(created.uploadUrl, csv('date,time,message,channel,link,media_urls', ...bad));

    await importUpload(uploadedKey(), deps);

    const job = await getImport(brandId, created.importId, deps);
    expect(job).toMatchObject({ status: 'done', rejected: 1_000 });
    expect(job.rejectedRows!.length).toBeGreaterThan(0);
    expect(job.rejectedRows!.length).toBeLessThan(1_000);
    expect(Buffer.byteLength(JSON.stringify(job))).toBeLessThan(400_000);
    expect(job.rejectedRows!.flatMap((r) => r.issues).every((i) => i.message.length <= 200)).toBe(true);
  }, 60_000);

  it('imports once when the upload event is delivered twice, also at the same time', async () => {
    const created = await createImport(brandId, { timezone: 'Europe/Berlin' }, 'user-1', deps);
    await upload(created.uploadUrl, csv('date,time,message,channel', ...goodRows(50)));
    const key = uploadedKey();

    const outcomes = await Promise.all([importUpload(key, deps), importUpload(key, deps)]);
    const later = await importUpload(key, deps);

    expect(outcomes.sort()).toEqual(['already_claimed', 'imported']);
    expect(later).toBe('already_claimed');
    expect(scheduler.calls).toHaveLength(50);
    expect(await deps.posts.listDue(brandId, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).toHaveLength(50);
    expect(await getImport(brandId, created.importId, deps)).toMatchObject({ status: 'done', imported: 50 });
  });

  it('fails the job, naming the problem, when the file is not a post import at all', async () => {
    const created = await createImport(brandId, {}, 'user-1', deps);
    await upload(created.uploadUrl, csv('when,words', '2030-01-01,hello'));

    expect(await importUpload(uploadedKey(), deps)).toBe('failed');

    const job = await getImport(brandId, created.importId, deps);
    expect(job.status).toBe('failed');
    expect(job.failure).toMatch(/^header: /);
    expect(scheduler.calls).toHaveLength(0);
  });

  it('shows a run that died past its lease as failed with what it got through, and never starts it again', async () => {
    const created = await createImport(brandId, {}, 'user-1', deps);
    // A run that claimed the job, recorded progress and then died (its lease is long over).
    await imports.claim(brandId, created.importId, '2026-01-01T00:00:00.000Z', '2026-01-01T00:15:00.000Z');
    await imports.progress(brandId, created.importId, { rowsSeen: 3000, imported: 2500, rejected: 10 }, '2026-01-01T00:05:00.000Z');

    const job = await getImport(brandId, created.importId, deps);
    await upload(created.uploadUrl, csv('date,time,message,channel', ...goodRows(5)));
    const redelivered = await importUpload(uploadedKey(), deps);

    expect(job.status).toBe('failed');
    expect(job.failure).toContain('stopped after about 3000 rows');
    expect(job.failure).toContain('2500 posts');
    expect(redelivered).toBe('already_claimed');
    expect(scheduler.calls).toHaveLength(0);
  });

  it('ignores objects that are not an upload of a job, such as its own errors.csv', async () => {
    expect(await importUpload(`imports/${brandId}/${ulid()}/errors.csv`, deps)).toBe('not_an_upload');
    expect(await importUpload(`imports/${brandId}/${ulid()}/upload.csv`, deps)).toBe('not_an_upload');
  });
});
