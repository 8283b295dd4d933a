/**
 * The asynchronous path of `pillars post import`, for files too big for one API request
 * (API Gateway takes 10 MB and 30 s): POST /imports for a job and an upload URL, the file PUT
 * there straight from disk, then GET /imports/{importId} until the job is done or failed, with a
 * progress line on stderr.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ApiClient } from '../api-client.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

/** What GET /imports/{importId} answers (shared/publishing/import/import-jobs.ts). */
export interface ImportJob {
  readonly importId: string;
  readonly status: 'waiting_for_upload' | 'importing' | 'done' | 'failed';
  readonly rowsSeen: number;
  readonly imported: number;
  readonly rejected: number;
  readonly postStatus?: 'scheduled' | 'in_review';
  readonly rejectedRows?: readonly { readonly line: number; readonly issues: readonly { readonly field: string; readonly message: string }[] }[];
  readonly errorsUrl?: string;
  readonly warnings?: readonly string[];
  readonly failure?: string;
}

interface CreatedImport {
  readonly importId: string;
  readonly uploadUrl: string;
  readonly expiresAt: string;
}

export interface AsyncImportInput {
  readonly path: string;
  readonly size: number;
  readonly options: { readonly dateFormat?: string; readonly timezone?: string; readonly allowPast?: boolean };
  /** Between two looks at the job. */
  readonly pollMs: number;
}

/** S3 events reach the function within seconds; a job still waiting after this will not start. */
const START_WITHIN_MS = 5 * 60_000;

export async function importAsync(client: ApiClient, io: CliIo, input: AsyncImportInput): Promise<{ job: ImportJob; raw: string }> {
  const created = (await client.send({ method: 'POST', path: '/imports', body: input.options })).body as CreatedImport;
  await upload(io.fetch, created, input);
  io.stderr(`uploaded ${input.size} bytes; import ${created.importId} runs on the server\n`);
  let shown = '';
  const uploadedAt = io.now().getTime();
  for (;;) {
    const response = await client.send({ method: 'GET', path: `/imports/${encodeURIComponent(created.importId)}` });
    const job = response.body as ImportJob;
    if (job.status === 'done') return { job, raw: response.raw };
    if (job.status === 'failed') {
      throw new CliError(`import ${job.importId} failed: ${job.failure ?? 'no reason given'}`, job.imported > 0 ? `${job.imported} posts were imported before it stopped` : undefined);
    }
    if (job.status === 'waiting_for_upload' && io.now().getTime() - uploadedAt > START_WITHIN_MS) {
      throw new CliError(`import ${job.importId} has not started ${START_WITHIN_MS / 60_000} minutes after the upload`,
        'the upload is stored, but its S3 event did not start the import: check the ImportUpload function\'s logs and its dead-letter queue');
    }
    const line = job.status === 'importing'
      ? `importing: ${job.rowsSeen} rows read, ${job.imported} imported, ${job.rejected} rejected`
      : 'waiting for the server to pick up the upload';
    if (line !== shown) io.stderr(`${line}\n`);
    shown = line;
    await new Promise((resolve) => setTimeout(resolve, input.pollMs));
  }
}

/** Streamed from disk with its length; the URL is signed for exactly this Content-Type. */
async function upload(fetchImpl: typeof fetch, created: CreatedImport, input: AsyncImportInput): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(created.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', 'content-length': String(input.size) },
      body: Readable.toWeb(createReadStream(input.path)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    throw new CliError(`uploading the file failed: ${(error as Error).message}`, 'check the connection and run the import again');
  }
  if (!response.ok) {
    const text = await response.text();
    const reason = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? (text.slice(0, 200) || response.statusText);
    throw new CliError(`uploading the file failed: ${response.status} ${reason}`, `the upload URL is valid until ${created.expiresAt}; run the import again for a new one`);
  }
}
