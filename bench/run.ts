/**
 * `npm run bench`: each figure is a ratio against a baseline measured in the same run, on this
 * machine, so a noisy or slower machine moves both sides together.
 */
import { startDynamoDbLocal } from '../local/aws/dynamodb-local.js';
import { benchStoreWrite } from './store-write.js';
import { benchDispatch } from './dispatch.js';
import { benchImport } from './import.js';
import { benchRuntimeImport } from './import-runtime.js';
import { benchScheduleStore } from './schedule-store.js';
import { benchPublishBurst } from './publish-burst.js';
import { benchSnapshotIngest } from './snapshot-ingest.js';
import { benchReport, REPORT_LIMITS } from './report.js';
import { benchScheduleSearch } from './schedule-search.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const ddb = await startDynamoDbLocal();
try {
  const store = await benchStoreWrite(ddb.endpoint);
  console.log(`store batched write: ${fmt(store.storeItemsPerSecond)} items/s vs raw sequential BatchWriteItem ${fmt(store.rawItemsPerSecond)} items/s `
    + `(${fmt(store.items)} items × 5 alternating rounds, medians, DynamoDB Local) → ratio ${fmt(store.ratio, 2)}`);
  const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 1);
  const goal = (met: boolean) => (met ? 'met' : 'NOT met');
  const ingest = await benchSnapshotIngest(ddb.endpoint, Number(process.env.BENCH_SNAPSHOTS ?? 10_000));
  console.log(`post snapshot ingestion: ${fmt(ingest.repositoryItemsPerSecond)} items/s through putPostSnapshots vs raw sequential BatchWriteItem ${fmt(ingest.rawSequentialItemsPerSecond)} items/s `
    + `(${fmt(ingest.snapshots)} snapshots × ${ingest.rounds} rotating rounds, medians, same table on DynamoDB Local) → ratio ${fmt(ingest.ratio, 2)} (goal ≥ 0.8: ${goal(ingest.ratio >= 0.8)}); `
    + `vs raw with ${ingest.concurrency} in flight like the writer ${fmt(ingest.rawParallelItemsPerSecond)} items/s → ratio ${fmt(ingest.parallelRatio, 2)}`);
  const report = await benchReport(ddb.endpoint);
  const scope = `${report.channels} channels × ${report.days} days (${fmt(report.posts)} posts, ${fmt(report.snapshots)} snapshots, ${fmt(report.accountDays)} account days, campaigns with GA4 rows and conversions)`;
  console.log(`report generation, ${scope}: ${fmt(report.reportSeconds, 2)} s vs ${fmt(report.oneChannelSeconds, 2)} s for 1 channel → ratio ${fmt(report.reportSeconds / report.oneChannelSeconds, 1)} `
    + `(10× the data; linear is ≤ 10); vs its store reads alone ${fmt(report.loadSeconds, 2)} s → ratio ${fmt(report.reportSeconds / report.loadSeconds, 2)} (medians of 3 rotating rounds, DynamoDB Local, local S3)`);
  console.log(`report peak memory (RSS growth, fresh process each): +${mb(report.reportPeakRssBytes)} MB vs +${mb(report.oneChannelPeakRssBytes)} MB for 1 channel → ratio ${fmt(report.reportPeakRssBytes / report.oneChannelPeakRssBytes, 1)}; `
    + `vs its store reads alone +${mb(report.loadPeakRssBytes)} MB → ratio ${fmt(report.reportPeakRssBytes / report.loadPeakRssBytes, 2)}; `
    + `HTML ${fmt(report.htmlBytes / 1024)} KB, ${report.csvFiles} CSVs ${fmt(report.csvBytes / 1024)} KB; `
    + `process peak ${mb(report.reportProcessPeakRssBytes)} MB; within POST /reports' ${REPORT_LIMITS.seconds} s and ${fmt(REPORT_LIMITS.megabytes)} MB: `
    + goal(report.reportSeconds < REPORT_LIMITS.seconds && report.reportProcessPeakRssBytes < REPORT_LIMITS.megabytes * 1024 * 1024));
  const csv = await benchImport(ddb.endpoint);
  console.log(`bulk import memory: peak live heap +${mb(csv.peakHeapBytes)} MB importing ${fmt(csv.rows)} rows vs +${mb(csv.baselinePeakHeapBytes)} MB for ${fmt(csv.baselineRows)} rows `
    + '(streamed from a file, sampled after GC every 20 ms, medians of 5 alternating rounds) → ratio ' + fmt(csv.memoryRatio, 2));
  console.log(`bulk import speed: ${fmt(csv.importRowsPerSecond)} rows/s (parse, validate, store, schedule, announce) vs raw createMany ${fmt(csv.rawRowsPerSecond)} rows/s `
    + `(${fmt(csv.rows)} rows, 500 per batch, 3 alternating rounds, medians, DynamoDB Local, in-memory scheduler and bus) → ratio ${fmt(csv.speedRatio, 2)}`);
  const burst = await benchPublishBurst(ddb.endpoint, Number(process.env.BENCH_BURST_POSTS ?? 10_000));
  console.log(`${fmt(burst.posts)} posts due in the same minute (publisher concurrency ${burst.concurrency}): ${fmt(burst.publishedOnNetwork)} on the sandbox network, `
    + `${burst.duplicates} twice; lateness after the due time p50 ${fmt(burst.p50LateMs / 1000, 1)} s, p99 ${fmt(burst.p99LateMs / 1000, 1)} s`);
  console.log(`publishing pipeline: ${fmt(burst.pipelineMsPerPost, 2)} ms/post (claim, network call, record, announce on DynamoDB Local) `
    + `vs the sandbox call alone ${fmt(burst.sandboxMsPerPost, 2)} ms/post → ratio ${fmt(burst.ratio, 1)}`);
} finally {
  await ddb.stop();
}

const scheduleStore = await benchScheduleStore();
console.log(`local Scheduler store: ${fmt(scheduleStore.persistedPerSecond)} CreateSchedule/s through the SDK with a data folder (append-only schedules.jsonl) `
  + `vs ${fmt(scheduleStore.inMemoryPerSecond)}/s in memory (${fmt(scheduleStore.schedules)} schedules, 16 in flight, medians of ${scheduleStore.rounds} alternating rounds) → ratio ${fmt(scheduleStore.ratio, 2)}`);

// After the shared DynamoDB Local has stopped: the runtime starts its own, as `npm start` does.
const runtimeImport = await benchRuntimeImport();
console.log(`CSV import through the local runtime (npm start): ${fmt(runtimeImport.runtimeRowsPerSecond)} rows/s (POST /imports, upload to local S3, ImportUpload in its worker, `
  + `one schedule and one event per post through the SDK) vs the library path ${fmt(runtimeImport.libraryRowsPerSecond)} rows/s (importPosts on the same DynamoDB Local, in-memory scheduler and bus), `
  + `${fmt(runtimeImport.rows)} rows, medians of ${runtimeImport.rounds} alternating rounds → ratio ${fmt(runtimeImport.ratio, 2)} (goal ≤ 2: ${runtimeImport.ratio <= 2 ? 'met' : 'NOT met'})`);

const dispatch = await benchDispatch();
console.log(`local event dispatch (pattern match + worker invoke): ${fmt(dispatch.dispatchMicros, 1)} µs/event vs direct call ${fmt(dispatch.directMicros, 1)} µs/event `
  + `(${fmt(dispatch.events)} events) → ratio ${fmt(dispatch.ratio, 1)}`);

const search = benchScheduleSearch();
console.log(`local cron search with no fire time through 2199: ${fmt(search.neverMicros, 1)} µs vs the next minute of an every-minute cron ${fmt(search.everyMinuteMicros, 1)} µs `
  + `(${search.rounds} rounds × 2 time zones) → ratio ${fmt(search.ratio, 1)}`);
