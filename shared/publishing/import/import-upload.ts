/**
 * Imports an uploaded CSV (the S3 "Object Created" event of an import job's upload) through the
 * same streamed importer as POST /posts/import, recording progress and the outcome on the job.
 *
 * Exactly once: the run starts only by the conditional transition waiting_for_upload → importing,
 * so a redelivered event, a retried invocation or a second PUT of the file imports nothing twice.
 * A run that dies (timeout, out of memory) is not resumed: the posts it stored are kept and
 * scheduled, and once its lease (the function's timeout) has passed the job reads as failed with
 * the rows seen and imported, so the user imports the rest again rather than Pillars guessing
 * which rows made it — a blind re-run could schedule a post twice.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { PillarsError } from '../../platform/errors.js';
import { logger } from '../../platform/observability.js';
import type { StoredRejectedRow } from '../store/imports-repository.js';
import { errorsKeyOf, parseUploadKey, type ImportJobsDeps } from './import-jobs.js';
import { importPosts, type ImportPostsDeps } from './import-posts.js';

export interface ImportUploadDeps extends ImportJobsDeps, ImportPostsDeps {
  /** How long a run may take (the function's timeout): after that it is known to be dead. */
  readonly leaseSeconds: number;
}

/** Rejected rows kept in the job item; all of them are in errors.csv. */
export const REJECTED_ROWS_IN_JOB = 1000;
/** An item holds at most 400 KB: long reasons are cut, and rows stop at this budget even before a thousand. */
const MAX_REASON_CHARS = 200;
const MAX_REJECTED_BYTES = 300_000;

/** `failed`: the file as a whole is not a post import; the job says why. */
export type UploadOutcome = 'imported' | 'failed' | 'already_claimed' | 'not_an_upload';

export async function importUpload(key: string, deps: ImportUploadDeps): Promise<UploadOutcome> {
  const target = parseUploadKey(key);
  if (!target) return 'not_an_upload';
  const { brandId, importId } = target;
  const job = await deps.imports.get(brandId, importId);
  if (!job) {
    logger.warn('import: an upload for no known job was ignored (expired or never created)', { key });
    return 'not_an_upload';
  }
  const started = deps.now();
  const claimed = await deps.imports.claim(brandId, importId, started.toISOString(), new Date(started.getTime() + deps.leaseSeconds * 1000).toISOString());
  if (!claimed) {
    logger.info('import: upload event for a job already claimed, ignored', { brandId, importId, status: job.status });
    return 'already_claimed';
  }

  try {
    const { Body } = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: key }));
    let rowsSeen = 0;
    const summary = await importPosts(brandId, Body as Readable, {
      ...job.options,
      userId: job.createdBy,
      maxPostIds: 0,
      onProgress: async (progress) => {
        rowsSeen = progress.rowsSeen;
        await deps.imports.progress(brandId, importId, progress, deps.now().toISOString());
      },
    }, deps);
    const errorsKey = summary.rejected.length ? errorsKeyOf(brandId, importId) : undefined;
    if (errorsKey) {
      await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: errorsKey, Body: errorsCsv(summary.rejected), ContentType: 'text/csv; charset=utf-8' }));
    }
    await deps.imports.finish(brandId, importId, {
      status: 'done', rowsSeen, imported: summary.imported, rejected: summary.rejected.length, postStatus: summary.status,
      rejectedRows: firstRejected(summary.rejected), errorsKey, warnings: summary.warnings,
    }, deps.now().toISOString());
    logger.info('import: done', { brandId, importId, imported: summary.imported, rejected: summary.rejected.length });
  } catch (error) {
    // The file as a whole is not an import (no header, an unknown column…): the user fixes the file.
    const failure = error instanceof PillarsError ? error.message : undefined;
    const latest = await deps.imports.get(brandId, importId);
    await deps.imports.finish(brandId, importId, {
      status: 'failed', rowsSeen: latest?.rowsSeen ?? 0, imported: latest?.imported ?? 0, rejected: latest?.rejected ?? 0, rejectedRows: [],
      failure: failure ?? `the import failed (${(error as Error).message}); posts counted as imported are kept, import the other rows again`,
    }, deps.now().toISOString());
    if (failure) return 'failed';
    throw error;
  }
  return 'imported';
}

function firstRejected(rejected: readonly StoredRejectedRow[]): StoredRejectedRow[] {
  const kept: StoredRejectedRow[] = [];
  let bytes = 0;
  for (const row of rejected.slice(0, REJECTED_ROWS_IN_JOB)) {
    const short = shortened(row);
    bytes += Buffer.byteLength(JSON.stringify(short));
    if (bytes > MAX_REJECTED_BYTES) break;
    kept.push(short);
  }
  return kept;
}

function shortened(row: StoredRejectedRow): StoredRejectedRow {
  return { line: row.line, issues: row.issues.map((i) => ({ field: i.field, message: i.message.length > MAX_REASON_CHARS ? `${i.message.slice(0, MAX_REASON_CHARS - 1)}…` : i.message })) };
}

/** One line per reason: line,field,message (a row with two reasons has two lines). */
export function errorsCsv(rejected: readonly StoredRejectedRow[]): string {
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ['line,field,message'];
  for (const row of rejected) for (const issue of row.issues) lines.push([String(row.line), issue.field, issue.message].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
