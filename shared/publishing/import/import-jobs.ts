/**
 * Asynchronous bulk import, for files too big for one API request: POST /imports creates a job and
 * a presigned URL the client PUTs the CSV to; S3's "Object Created" event starts the import
 * (import-upload.ts); GET /imports/{importId} reports its progress and outcome.
 *
 * Objects live at `imports/<brandId>/<importId>/upload.csv`, rejected rows at `…/errors.csv` next to it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { z } from 'zod';
import { NotFoundError } from '../../platform/errors.js';
import type { ImportJob, ImportsRepository } from '../store/imports-repository.js';
import { presignGet, presignPut } from './presigned-url.js';
import type { createImportFields } from '../../contracts/api/publishing.js';

export interface ImportJobsDeps {
  readonly imports: ImportsRepository;
  readonly s3: S3Client;
  /** Signs the upload and errors.csv URLs; see presignPut for how it must be made. */
  readonly presigner: S3Client;
  readonly bucket: string;
  readonly now: () => Date;
  readonly newId: () => string;
}

export type CreateImportInput = z.infer<typeof createImportFields>;

export const UPLOAD_CONTENT_TYPE = 'text/csv';
export const UPLOAD_URL_SECONDS = 15 * 60;
const ERRORS_URL_SECONDS = 15 * 60;
/** Jobs (and the records of what they imported) expire after this long. */
const JOB_DAYS = 30;
const UPLOAD_PREFIX = 'imports/';
const UPLOAD_NAME = 'upload.csv';

export const uploadKeyOf = (brandId: string, importId: string) => `${UPLOAD_PREFIX}${brandId}/${importId}/${UPLOAD_NAME}`;
export const errorsKeyOf = (brandId: string, importId: string) => `${UPLOAD_PREFIX}${brandId}/${importId}/errors.csv`;

/** The brand and import an uploaded object belongs to; undefined for any other key (errors.csv among them). */
export function parseUploadKey(key: string): { brandId: string; importId: string } | undefined {
  const match = /^imports\/([^/]+)\/([^/]+)\/upload\.csv$/.exec(key);
  return match ? { brandId: match[1]!, importId: match[2]! } : undefined;
}

export interface CreatedImport {
  readonly importId: string;
  readonly uploadUrl: string;
  /** Until when uploadUrl takes the file. */
  readonly expiresAt: string;
  readonly contentType: typeof UPLOAD_CONTENT_TYPE;
}

export async function createImport(brandId: string, input: CreateImportInput, userId: string | undefined, deps: ImportJobsDeps): Promise<CreatedImport> {
  const now = deps.now();
  const importId = deps.newId();
  const uploadKey = uploadKeyOf(brandId, importId);
  const upload = await presignPut(deps.presigner, deps.bucket, uploadKey, UPLOAD_CONTENT_TYPE, UPLOAD_URL_SECONDS, now);
  const timestamp = now.toISOString();
  await deps.imports.create({
    brandId, importId, status: 'waiting_for_upload', options: input, uploadKey, createdBy: userId,
    createdAt: timestamp, updatedAt: timestamp, uploadExpiresAt: upload.expiresAt.toISOString(),
    rowsSeen: 0, imported: 0, rejected: 0,
  }, new Date(now.getTime() + JOB_DAYS * 86_400_000));
  return { importId, uploadUrl: upload.url, expiresAt: upload.expiresAt.toISOString(), contentType: UPLOAD_CONTENT_TYPE };
}

export type ImportJobView = ImportJob & {
  /** A presigned GET URL of errors.csv (every rejected row), valid for 15 minutes. */
  readonly errorsUrl?: string;
};

/**
 * The job as the API shows it. A run that died (timeout, out of memory) leaves the job importing
 * past its lease: it is shown as failed, since nothing will finish it (see import-upload.ts).
 */
export async function getImport(brandId: string, importId: string, deps: ImportJobsDeps): Promise<ImportJobView> {
  const job = await deps.imports.get(brandId, importId);
  if (!job) throw new NotFoundError(`import ${importId} (jobs expire after ${JOB_DAYS} days)`);
  const now = deps.now();
  if (job.status === 'importing' && job.leaseUntil && new Date(job.leaseUntil) < now) {
    return {
      ...job,
      status: 'failed',
      failure: `the import stopped after about ${job.rowsSeen} rows and did not finish; the ${job.imported} posts counted as imported are kept `
        + '(see `pillars post list`); import the rows after them again with a new import',
    };
  }
  if (!job.errorsKey) return job;
  const errors = await presignGet(deps.presigner, deps.bucket, job.errorsKey, ERRORS_URL_SECONDS, now);
  return { ...job, errorsUrl: errors.url };
}
