/**
 * Where generated reports live: one folder per report in the reports bucket,
 * `reports/<brandId>/<reportId>/index.html` beside its CSV files, so a report is fetched or
 * shared as a whole and a brand's reports list under one prefix.
 */
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { NotFoundError, ValidationError, type FieldIssue } from '../../platform/errors.js';

export interface ReportStoreDeps {
  readonly s3: S3Client;
  readonly bucket: string;
  /**
   * Set only under the local runtime (its PILLARS_LOCAL_S3_ROOT), where each object is a file at
   * `<localRoot>/<bucket>/<key>`: locations then carry that path, for people to open.
   */
  readonly localRoot?: string;
}

export interface ReportCsv {
  /** A plain file name ending in .csv, e.g. "posts.csv". */
  readonly name: string;
  readonly content: string;
}

export interface ReportFiles {
  readonly brandId: string;
  readonly reportId: string;
  readonly html: string;
  readonly csvs: readonly ReportCsv[];
}

export interface ReportLocation {
  readonly name: string;
  readonly key: string;
  /** s3://<bucket>/<key> */
  readonly uri: string;
  /** The file on disk, when stored by the local runtime. */
  readonly path?: string;
}

export interface StoredReport {
  /** s3://<bucket>/reports/<brandId>/<reportId>/ */
  readonly folder: string;
  readonly index: ReportLocation;
  readonly csvs: readonly ReportLocation[];
}

const INDEX = 'index.html';
const HTML_TYPE = 'text/html; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';

const reportPrefix = (brandId: string, reportId: string) => `reports/${brandId}/${reportId}/`;

export async function storeReport({ s3, bucket, localRoot }: ReportStoreDeps, report: ReportFiles): Promise<StoredReport> {
  const issues = [...idIssues(report), ...csvIssues(report.csvs)];
  if (issues.length > 0) throw new ValidationError(issues);
  const prefix = reportPrefix(report.brandId, report.reportId);
  // Validated ids and names are plain file names, which the local S3 stores under their own names.
  const location = (name: string): ReportLocation => ({
    name, key: prefix + name, uri: `s3://${bucket}/${prefix}${name}`, ...(localRoot ? { path: join(localRoot, bucket, prefix, name) } : {}),
  });
  const put = (name: string, body: string, contentType: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + name, Body: body, ContentType: contentType }));

  // CSVs first: a reader who finds index.html finds the files it links to.
  await Promise.all(report.csvs.map((csv) => put(csv.name, csv.content, CSV_TYPE)));
  await put(INDEX, report.html, HTML_TYPE);
  return { folder: `s3://${bucket}/${prefix}`, index: location(INDEX), csvs: report.csvs.map((csv) => location(csv.name)) };
}

export async function getReport({ s3, bucket }: ReportStoreDeps, id: { brandId: string; reportId: string }): Promise<ReportFiles> {
  const issues = idIssues(id);
  if (issues.length > 0) throw new ValidationError(issues);
  const prefix = reportPrefix(id.brandId, id.reportId);
  const read = async (key: string) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return object.Body!.transformToString('utf-8');
  };
  let html: string;
  try {
    html = await read(prefix + INDEX);
  } catch (error) {
    if (error instanceof NoSuchKey) throw new NotFoundError(`report ${id.reportId}`, { cause: error });
    throw error;
  }
  const names = (await listKeys(s3, bucket, prefix)).map((key) => key.slice(prefix.length)).filter((name) => name.endsWith('.csv'));
  const csvs = await Promise.all(names.map(async (name) => ({ name, content: await read(prefix + name) })));
  return { brandId: id.brandId, reportId: id.reportId, html, csvs };
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** Ids become key segments: a "/" would move the report into another brand's folder. */
function idIssues(id: { brandId: string; reportId: string }): FieldIssue[] {
  return (['brandId', 'reportId'] as const)
    .filter((field) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id[field] ?? ''))
    .map((field) => ({ field, message: `must be letters, digits, ".", "_" or "-" (starting with a letter or digit), got "${id[field]}"` }));
}

function csvIssues(csvs: readonly ReportCsv[]): FieldIssue[] {
  const seen = new Set<string>();
  return csvs.flatMap((csv, index) => {
    const field = `csvs[${index}].name`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/.test(csv.name)) {
      return [{ field, message: `must be a plain file name ending in .csv (letters, digits, ".", "_", "-"), e.g. "posts.csv"; got "${csv.name}"` }];
    }
    if (seen.has(csv.name)) return [{ field, message: `"${csv.name}" is used twice; give each CSV its own name` }];
    seen.add(csv.name);
    return [];
  });
}
