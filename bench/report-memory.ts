/**
 * One report (or its data load alone) in a fresh process, for the report benchmark's memory
 * figure: the peak resident set the OS recorded (getrusage maxrss, which also sees the
 * synchronous building and rendering that no sampling timer could interrupt), over the resident
 * set just before (and the peak itself, which is what a Lambda's memory size bounds). Run by bench/report.ts with one JSON argument; prints one JSON line.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { reportBenchDeps } from './report-deps.js';
import { loadReportInputs, runReport, type ReportRun } from './report-runs.js';

export interface ReportMemoryRequest extends ReportRun {
  readonly ddbEndpoint: string;
  readonly tableName: string;
  readonly s3Endpoint: string;
  readonly now: string;
  readonly mode: 'report' | 'load';
}

const request = JSON.parse(process.argv[2] ?? '') as ReportMemoryRequest;
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const client = new DynamoDBClient({ endpoint: request.ddbEndpoint, region: 'us-east-1', credentials });
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const s3 = new S3Client({ endpoint: request.s3Endpoint, forcePathStyle: true, region: 'us-east-1', credentials });
const deps = reportBenchDeps(doc, request.tableName, s3, new Date(request.now));

const before = process.memoryUsage().rss;
await (request.mode === 'report' ? runReport(deps, request) : loadReportInputs(deps, request));
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ peakRssBytes: peak, peakRssGrowthBytes: Math.max(0, peak - before) }));
client.destroy();
s3.destroy();
