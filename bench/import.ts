/**
 * Bulk import (importPosts) on DynamoDB Local, with an in-memory scheduler and event publisher,
 * streaming a CSV file from disk. Two figures, each against a baseline from the same run:
 *
 * - memory: the peak growth of the live heap (sampled after a forced GC every 20 ms) while
 *   importing 10,000 rows, against 2,500 rows (medians of 5 rounds, the order alternating). Rows stream through in chunks, so the peak should
 *   not grow with the file (ratio ≈ 1); what does grow is the duplicate index (one short hash per
 *   row). Live heap, not heapUsed: heapUsed peaks with uncollected garbage, which grows with run
 *   length. These runs are not timed.
 * - speed: rows/s of the whole import (parse, validate, store, schedule, announce) against the
 *   raw createMany rate for the same 10,000 posts, already built, in the same 500-post batches:
 *   how close the import comes to the storage bound.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { createSettingsRepository } from '../shared/platform/brand-settings.js';
import type { OutgoingEvent } from '../shared/platform/events/publisher.js';
import { createMastodonAdapter } from '../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../shared/networks/registry.js';
import { importPosts, type ImportPostsDeps } from '../shared/publishing/import/import-posts.js';
import type { Post } from '../shared/publishing/post.js';
import type { PublishScheduler } from '../shared/publishing/publish-schedule.js';
import { createAccountsRepository } from '../shared/networks/accounts/accounts-repository.js';
import { GSI1 } from '../shared/platform/store/keys.js';
import { createPostsRepository, type PostsRepository } from '../shared/publishing/store/posts-repository.js';

export interface ImportBenchResult {
  readonly rows: number;
  readonly baselineRows: number;
  /** Median peak live-heap growth (bytes) while importing `rows`, and `baselineRows`. */
  readonly peakHeapBytes: number;
  readonly baselinePeakHeapBytes: number;
  readonly memoryRatio: number;
  readonly importRowsPerSecond: number;
  readonly rawRowsPerSecond: number;
  readonly speedRatio: number;
}

const ROUNDS = 3;
/** Peaks of a ~1 MB working set are noisy; more rounds, and which size goes first alternates. */
const MEMORY_ROUNDS = 5;
/** The account every row of the bench CSV posts to. */
export const ACCOUNT = 'mastodon-bench';
const BATCH = 500;

export async function benchImport(endpoint: string, rows = 10_000, baselineRows = 2_500): Promise<ImportBenchResult> {
  const gc = exposeGc();
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `bench-import-${Date.now()}`;
  await client.send(new CreateTableCommand({
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    GlobalSecondaryIndexes: [{
      IndexName: GSI1,
      KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  }));
  const dir = mkdtempSync(join(tmpdir(), 'pillars-bench-import-'));
  try {
    const posts = createPostsRepository(doc, tableName);
    const accounts = createAccountsRepository(doc, tableName);
    const files = new Map([rows, baselineRows, 500].map((n) => [n, writeCsv(dir, n)]));

    const run = async (n: number, measure: 'time' | 'memory') => {
      const brandId = `bench-${ulid()}`;
      await accounts.put({ brandId, accountId: ACCOUNT, network: 'mastodon', handle: '@bench', baseUrl: 'http://127.0.0.1:1' });
      const sampler = measure === 'memory' ? liveHeapSampler(gc) : undefined;
      const start = performance.now();
      const summary = await importPosts(brandId, createReadStream(files.get(n)!), { timezone: 'Europe/Berlin' }, depsFor(doc, tableName, posts, accounts));
      const ms = performance.now() - start;
      const heap = sampler?.stop() ?? 0;
      if (summary.imported !== n || summary.rejected.length) throw new Error(`bench import of ${n} rows: ${summary.imported} imported, ${summary.rejected.length} rejected (${JSON.stringify(summary.rejected[0])})`);
      return { ms, heap };
    };
    const raw = async (n: number) => {
      const built = buildPosts(`bench-raw-${ulid()}`, n);
      const start = performance.now();
      for (let i = 0; i < built.length; i += BATCH) await posts.createMany(built.slice(i, i + BATCH));
      return performance.now() - start;
    };

    // Warm connections, JIT and DynamoDB Local before measuring.
    await run(500, 'time');
    await raw(500);

    // Alternate the sides over several rounds and take medians, so drift favours neither.
    const importMs: number[] = [];
    const rawMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      importMs.push((await run(rows, 'time')).ms);
      rawMs.push(await raw(rows));
    }
    const bigHeap: number[] = [];
    const smallHeap: number[] = [];
    for (let round = 0; round < MEMORY_ROUNDS; round++) {
      const order = round % 2 === 0 ? [baselineRows, rows] : [rows, baselineRows];
      for (const n of order) (n === rows ? bigHeap : smallHeap).push((await run(n, 'memory')).heap);
    }
    const peakHeapBytes = median(bigHeap);
    const baselinePeakHeapBytes = median(smallHeap);
    const importRowsPerSecond = rows / (median(importMs) / 1000);
    const rawRowsPerSecond = rows / (median(rawMs) / 1000);
    return {
      rows,
      baselineRows,
      peakHeapBytes,
      baselinePeakHeapBytes,
      memoryRatio: peakHeapBytes / baselinePeakHeapBytes,
      importRowsPerSecond,
      rawRowsPerSecond,
      speedRatio: importRowsPerSecond / rawRowsPerSecond,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
  }
}

/** In-memory scheduler and publisher; the publisher validates each detail as publishEvents does. */
export function depsFor(doc: DynamoDBDocumentClient, tableName: string, posts: PostsRepository, accounts: ImportPostsDeps['accounts']): ImportPostsDeps {
  let scheduled = 0;
  const scheduler: PublishScheduler = {
    schedule: async () => { scheduled++; },
    cancel: async () => {},
  };
  return {
    posts,
    accounts,
    settings: createSettingsRepository(doc, tableName),
    adapters: createAdapterRegistry([createMastodonAdapter()]),
    scheduler,
    publish: async (events: OutgoingEvent[]) => {
      for (const e of events) e.entry.schema.parse(e.detail);
    },
    now: () => new Date(),
    newId: () => ulid(),
    checkMedia: async () => [],
  };
}

/** A Sprout-style file: one row a minute from 2030, ~150 characters of text, a link on every third row. */
export function writeCsv(dir: string, n: number): string {
  const path = join(dir, `posts-${n}.csv`);
  const lines = ['date,time_24hr,message_text,channel,link'];
  for (let i = 0; i < n; i++) {
    const due = new Date(Date.UTC(2030, 0, 1, 9, i));
    const [date, time] = due.toISOString().slice(0, 16).split('T');
    const text = `"Post ${i}: our spring collection is here, with ""new"" colours and fabrics for every season. Come and see it in store or online, this week only."`;
    lines.push(`${date},${time},${text},${ACCOUNT},${i % 3 === 0 ? `https://shop.example/spring?item=${i}` : ''}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function buildPosts(brandId: string, n: number): Post[] {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i): Post => ({
    brandId, postId: ulid(), accountId: ACCOUNT, network: 'mastodon',
    text: `Post ${i}: our spring collection is here, with "new" colours and fabrics for every season. Come and see it in store or online, this week only.`,
    link: i % 3 === 0 ? `https://shop.example/spring?item=${i}` : undefined,
    timezone: 'Europe/Berlin', dueAt: new Date(Date.UTC(2030, 0, 1, 8, i)).toISOString(),
    status: 'scheduled', attempts: 0, createdAt: now, updatedAt: now,
  }));
}

/** Peak growth of the live heap over its size at the start: a full GC before every sample. */
function liveHeapSampler(gc: () => void) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const sample = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  };
  const timer = setInterval(sample, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Node's gc(), without starting node with --expose-gc. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  return gc ?? (() => undefined);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
