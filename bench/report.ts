/**
 * Report generation for one brand × 10 channels × 90 days (2,700 posts, 10,800 snapshots, 910
 * account days, 3 campaigns with GA4 rows and conversions) on DynamoDB Local, the report stored in
 * the local S3, no mail: seconds and peak memory, each against two baselines from the same run:
 *
 * - the same 90-day report of a brand with 1 channel (a tenth of the data): a report that scales
 *   linearly with its posts takes ≈ 10× as long; far more means a quadratic step somewhere;
 * - the store reads the 10-channel report starts with, alone: what building, rendering and
 *   storing add on top of reading.
 *
 * Times are medians of rounds whose order rotates, after a warm-up; memory is each run's peak
 * resident set growth in a fresh process (bench/report-memory.ts), medians of rounds.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { startAwsServices } from '../local/aws/server.js';
import type { ReportMemoryRequest } from './report-memory.js';
import { REPORTS_BUCKET, reportBenchDeps } from './report-deps.js';
import { seedReportFixture, type ReportFixture } from './report-fixture.js';
import { loadReportInputs, runReport } from './report-runs.js';
import { createBenchTable } from './table.js';

export interface ReportBenchResult {
  readonly channels: number;
  readonly days: number;
  readonly posts: number;
  readonly snapshots: number;
  readonly accountDays: number;
  readonly reportSeconds: number;
  readonly oneChannelSeconds: number;
  readonly loadSeconds: number;
  readonly reportPeakRssBytes: number;
  readonly oneChannelPeakRssBytes: number;
  readonly loadPeakRssBytes: number;
  /** The whole process' peak resident set while building the 10-channel report. */
  readonly reportProcessPeakRssBytes: number;
  readonly htmlBytes: number;
  readonly csvBytes: number;
  readonly csvFiles: number;
}

/** The CreateReport function's timeout and memory (infra/analytics-stack.ts): an on-demand report must fit them. */
export const REPORT_LIMITS = { seconds: 29, megabytes: 1_536 } as const;

const DAYS = 90;
const ROUNDS = 3;
const MEMORY_ROUNDS = 3;
const LAST_DAY = '2026-11-22';
const run = promisify(execFile);

export async function benchReport(endpoint: string, channels = 10): Promise<ReportBenchResult> {
  const table = await createBenchTable(endpoint, 'bench-report');
  const services = await startAwsServices({ onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, buckets: [REPORTS_BUCKET] });
  const s3 = new S3Client({ endpoint: services.url, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    const big = await seedReportFixture(table.doc, table.name, { channels, days: DAYS, lastDay: LAST_DAY });
    const small = await seedReportFixture(table.doc, table.name, { channels: 1, days: DAYS, lastDay: LAST_DAY });
    // Late enough that every post's 30-day snapshot has been taken.
    const now = new Date(Date.parse(`${LAST_DAY}T06:00:00Z`) + 31 * 86_400_000);
    const deps = reportBenchDeps(table.doc, table.name, s3, now);

    const sides = {
      report: () => runReport(deps, big),
      oneChannel: () => runReport(deps, small),
      load: () => loadReportInputs(deps, big),
    };
    type Side = keyof typeof sides;
    const order = Object.keys(sides) as Side[];
    const record = await sides.report();
    for (const side of order) await sides[side]();

    const times: Record<Side, number[]> = { report: [], oneChannel: [], load: [] };
    const rss: Record<Side, number[]> = { report: [], oneChannel: [], load: [] };
    const processPeaks: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < order.length; i++) {
        const side = order[(round + i) % order.length]!;
        const start = performance.now();
        await sides[side]();
        times[side].push((performance.now() - start) / 1000);
      }
    }
    const memoryRequest = (fixture: ReportFixture, mode: ReportMemoryRequest['mode']): ReportMemoryRequest => ({
      brandId: fixture.brandId, from: fixture.from, to: fixture.to, mode,
      ddbEndpoint: endpoint, tableName: table.name, s3Endpoint: services.url, now: now.toISOString(),
    });
    const memoryRequests: Record<Side, ReportMemoryRequest> = {
      report: memoryRequest(big, 'report'), oneChannel: memoryRequest(small, 'report'), load: memoryRequest(big, 'load'),
    };
    for (let round = 0; round < MEMORY_ROUNDS; round++) {
      for (let i = 0; i < order.length; i++) {
        const side = order[(round + i) % order.length]!;
        const memory = await peakRss(memoryRequests[side]);
        rss[side].push(memory.peakRssGrowthBytes);
        if (side === 'report') processPeaks.push(memory.peakRssBytes);
      }
    }

    const [html, ...csvs] = record.files;
    return {
      channels, days: DAYS, posts: big.posts, snapshots: big.snapshots, accountDays: big.accountDays,
      reportSeconds: median(times.report), oneChannelSeconds: median(times.oneChannel), loadSeconds: median(times.load),
      reportPeakRssBytes: median(rss.report), oneChannelPeakRssBytes: median(rss.oneChannel), loadPeakRssBytes: median(rss.load),
      reportProcessPeakRssBytes: median(processPeaks),
      htmlBytes: html!.bytes, csvBytes: csvs.reduce((sum, f) => sum + f.bytes, 0), csvFiles: csvs.length,
    };
  } finally {
    s3.destroy();
    await services.close();
    await table.drop();
  }
}

async function peakRss(request: ReportMemoryRequest): Promise<{ peakRssBytes: number; peakRssGrowthBytes: number }> {
  const child = fileURLToPath(new URL('./report-memory.ts', import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child, JSON.stringify(request)], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { peakRssBytes: number; peakRssGrowthBytes: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
