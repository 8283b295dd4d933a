/**
 * A 10,000-row CSV import through the local runtime, wired as `npm start` wires it (state in
 * memory), and driven the way `pillars post import` drives a file that size: POST /imports, the
 * file PUT to its presigned URL on the local S3, S3 → EventBridge → the ImportUpload function in
 * its worker, which stores the posts in DynamoDB Local, creates one schedule per post on the local
 * Scheduler through the SDK and announces them on the local bus. The clock runs from POST /imports
 * until GET /imports/{id} (polled every 250 ms; the CLI polls every second) says done.
 *
 * Not with `--data`: DynamoDB Local on disk syncs every write and is then the bound of both sides
 * alike; what the data folder costs the Scheduler is bench/schedule-store.ts's figure.
 *
 * Baseline, in the same run and on the same DynamoDB Local and table: the same file through
 * importPosts called directly, with an in-memory scheduler and bus (the library path, as in
 * bench/import.ts). Rounds alternate which side goes first; medians.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { REGION, startRuntime, type Runtime } from '../local/runtime.js';
import { consoleReporter, silentReporter, type Reporter } from '../local/reporter.js';
import { importPosts } from '../shared/publishing/import/import-posts.js';
import { createAccountsRepository } from '../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../shared/publishing/store/posts-repository.js';
import { ACCOUNT, depsFor, median, writeCsv } from './import.js';

export interface RuntimeImportBenchResult {
  readonly rows: number;
  readonly rounds: number;
  readonly runtimeRowsPerSecond: number;
  readonly libraryRowsPerSecond: number;
  /** Runtime time over library time: how many times longer the import takes through `npm start`. */
  readonly ratio: number;
}

const POLL_MS = 250;
/** Not measured, and on a loaded machine a first start can outlast Lambda's 10 s init limit. */
const COLD_START_MS = 120_000;
/** Past a cold start and the function's retries, an import still waiting will not start: its upload went to the dead-letter queue. */
const NOT_STARTED_MS = COLD_START_MS + 60_000;
const TIMEZONE = 'Europe/Berlin';

export async function benchRuntimeImport(rows = 10_000, rounds = 3): Promise<RuntimeImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pillars-bench-runtime-import-'));
  // One brand per import, so no round meets the posts of another in its duplicate check.
  const brands = Array.from({ length: 1 + rounds }, (_, i) => ({ brandId: `bench-runtime-${i}-${ulid()}`, token: `bench-token-${i}-${ulid()}` }));
  let runtime: Runtime | undefined;
  let client: DynamoDBClient | undefined;
  try {
    runtime = await startRuntime({
      port: 0, filesDir: join(dir, 'files'),
      config: { tokens: brands.map(({ brandId, token }) => ({ token, brandId, user: `bench@${brandId}`, groups: ['admin'] })) },
      secrets: {}, reporter: problemsOnly(), initTimeoutMs: COLD_START_MS,
    });
    // DynamoDB Local keeps tables per access key and region: the functions' own, as runtime.ts sets them.
    client = new DynamoDBClient({ endpoint: runtime.dynamoDbEndpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const tableName = runtime.wiring.tables[0]?.TableName;
    if (!tableName) throw new Error('the runtime has no table');
    const posts = createPostsRepository(doc, tableName);
    const accounts = createAccountsRepository(doc, tableName);
    const addAccount = (brandId: string) => accounts.put({ brandId, accountId: ACCOUNT, network: 'mastodon', handle: '@bench', baseUrl: 'http://127.0.0.1:1' });
    const files = new Map([rows, 500].map((n) => [n, writeCsv(dir, n)]));

    const throughRuntime = async (n: number, brand: { brandId: string; token: string }) => {
      await addAccount(brand.brandId);
      return timed(n, () => importThroughApi(runtime!.apiUrl, brand.token, readFileSync(files.get(n)!)));
    };
    const throughLibrary = async (n: number) => {
      const brandId = `bench-library-${ulid()}`;
      await addAccount(brandId);
      return timed(n, async () => {
        const summary = await importPosts(brandId, createReadStream(files.get(n)!), { timezone: TIMEZONE }, depsFor(doc, tableName, posts, accounts));
        return { imported: summary.imported, rejected: summary.rejected.length };
      });
    };

    // Warm the functions (their cold starts), connections, JIT and DynamoDB Local.
    await throughRuntime(500, brands[0]!);
    await throughLibrary(500);

    const runtimeMs: number[] = [];
    const libraryMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const brand = brands[1 + round]!;
      if (round % 2 === 0) {
        runtimeMs.push(await throughRuntime(rows, brand));
        libraryMs.push(await throughLibrary(rows));
      } else {
        libraryMs.push(await throughLibrary(rows));
        runtimeMs.push(await throughRuntime(rows, brand));
      }
    }
    return {
      rows,
      rounds,
      runtimeRowsPerSecond: rows / (median(runtimeMs) / 1000),
      libraryRowsPerSecond: rows / (median(libraryMs) / 1000),
      ratio: median(runtimeMs) / median(libraryMs),
    };
  } finally {
    client?.destroy();
    await runtime?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Quiet about requests and events, loud about function failures and warnings: a failing import shows why. */
function problemsOnly(): Reporter {
  const loud = consoleReporter({ write: (line) => process.stderr.write(`${line}\n`) });
  return { ...silentReporter, failure: loud.failure, deadLetter: loud.deadLetter, functionLog: loud.functionLog };
}

/** Milliseconds `run` took; throws unless it imported all `rows` and rejected none. */
async function timed(rows: number, run: () => Promise<{ imported: number; rejected: number }>): Promise<number> {
  const start = performance.now();
  const { imported, rejected } = await run();
  const ms = performance.now() - start;
  if (imported !== rows || rejected !== 0) throw new Error(`bench import of ${rows} rows: ${imported} imported, ${rejected} rejected`);
  return ms;
}

/** What `pillars post import` does for a big file, with a tighter poll so the clock stops close to the end. */
async function importThroughApi(apiUrl: string, token: string, csv: Buffer): Promise<{ imported: number; rejected: number }> {
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, any>> => {
    const res = await fetch(`${apiUrl}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, any>;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const created = await call('POST', '/imports', { timezone: TIMEZONE });
  const upload = await fetch(created.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
  if (!upload.ok) throw new Error(`PUT of the CSV to its upload URL → ${upload.status}: ${await upload.text()}`);
  const uploadedAt = Date.now();
  for (;;) {
    const job = await call('GET', `/imports/${created.importId}`);
    if (job.status === 'done') return { imported: job.imported, rejected: job.rejected };
    if (job.status === 'failed') throw new Error(`import ${created.importId} failed: ${job.failure}`);
    if (job.status === 'waiting_for_upload' && Date.now() - uploadedAt > NOT_STARTED_MS) throw new Error(`import ${created.importId} did not start`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
