import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { ApiClient, ApiError } from '../api-client.js';
import { stringFlag, type Command, type Invocation } from '../command.js';
import { resolveApiUrl, resolveToken } from '../config.js';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { importAsync, type ImportJob } from './post-import-async.js';

/** What POST /posts/import answers (shared/publishing/import/import-posts.ts). */
interface ImportSummary {
  readonly imported: number;
  readonly status?: 'scheduled' | 'in_review';
  readonly rejected: readonly { readonly line: number; readonly issues: readonly { readonly field: string; readonly message: string }[] }[];
  readonly postIds?: readonly string[];
  readonly warnings?: readonly string[];
}

const DATE_FORMATS = ['dmy', 'mdy'];
/** Above either, the file goes the asynchronous way: one request could hit API Gateway's 10 MB or 30 s. */
const ASYNC_ABOVE_BYTES = 2 * 1024 * 1024;
const ASYNC_ABOVE_LINES = 2_000;
const POLL_MS = 1_000;

export const postImport: Command = {
  name: 'post import',
  summary: 'schedule the posts of a CSV file (bulk import)',
  help: `Usage: pillars post import <file.csv> [--date-format dmy|mdy] [--timezone <tz>] [--allow-past] [--async]

Schedule every post in a CSV file. The file is streamed to the API, which checks each row as
\`post create\` would and imports the good rows; each bad row is listed with its line number and
every reason. Exits 1 when any row was rejected: fix those lines and import only them again.

Files over 2 MB or 2,000 lines (or any file with --async) are uploaded and imported in the
background: progress is shown on stderr until the import is done, then the same summary is
printed, with a link to errors.csv (every rejected row) when rows were rejected.

The first line names the columns (any case): date + time (or time_24hr) or datetime;
message (or text, message_text); channel (or account, account_id); optional link, media_urls
(several separated by |), timezone, campaign, pillar, first_comment, thread (parts separated by |||).

Flags:
  --date-format <f>  how slash dates read: dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy); needed for
                     them, ISO dates (2026-12-01) need none
  --timezone <tz>    time zone of rows without one, e.g. Europe/Berlin (default: the brand's)
  --allow-past       accept rows due in the past: they are published right away
  --async            import in the background whatever the file's size

Examples:
  pillars post import posts.csv --timezone Europe/Berlin
  pillars post import sprout-export.csv --date-format dmy --timezone Europe/London
  pillars post import hootsuite.csv --date-format mdy --timezone America/New_York --json
  pillars post import year-plan.csv --timezone Europe/Berlin --async`,
  options: {
    'date-format': { type: 'string' },
    timezone: { type: 'string' },
    'allow-past': { type: 'boolean' },
    async: { type: 'boolean' },
  },
  positionals: ['file.csv'],
  usesApi: true,
  run: async (invocation) => {
    const { io } = invocation;
    const query = queryOf(invocation);
    const path = resolve(io.cwd, invocation.positionals[0] ?? '');
    const size = await fileSize(path, invocation.positionals[0] ?? '');
    const apiUrl = resolveApiUrl(stringFlag(invocation, 'api'), io.env);
    const token = resolveToken({ flag: stringFlag(invocation, 'token'), brand: stringFlag(invocation, 'brand'), env: io.env, repoDir: io.repoDir });
    const json = invocation.flags.json === true;
    try {
      if (invocation.flags.async === true || size > ASYNC_ABOVE_BYTES || await hasMoreLinesThan(path, ASYNC_ABOVE_LINES)) {
        const options = { dateFormat: query.dateFormat, timezone: query.timezone, allowPast: query.allowPast === 'true' ? true : undefined };
        const { job, raw } = await importAsync(new ApiClient(apiUrl, token, io.fetch), io, { path, size, options, pollMs: POLL_MS });
        io.stdout(`${json ? raw : render(summaryOf(job), job)}\n`);
        return job.rejected > 0 ? EXIT_FAILURE : EXIT_OK;
      }
      const client = new ApiClient(apiUrl, token, streamingBody(io.fetch, path, size));
      const response = await client.send({ method: 'POST', path: '/posts/import', query });
      const summary = response.body as ImportSummary;
      io.stdout(`${json ? response.raw : render(summary)}\n`);
      return summary.rejected.length > 0 ? EXIT_FAILURE : EXIT_OK;
    } catch (error) {
      // As for every API command: scripts using --json get the error body too.
      if (json && error instanceof ApiError && error.raw !== '') io.stdout(`${error.raw}\n`);
      throw error;
    }
  },
};

function queryOf(invocation: Invocation): Record<string, string | undefined> {
  const dateFormat = stringFlag(invocation, 'date-format');
  if (dateFormat !== undefined && !DATE_FORMATS.includes(dateFormat)) {
    throw new UsageError(`--date-format must be dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy), not "${dateFormat}"`, invocation.usage);
  }
  const timezone = stringFlag(invocation, 'timezone');
  if (timezone !== undefined && timezone.trim() === '') throw new UsageError('--timezone must not be empty', invocation.usage);
  return { dateFormat, timezone, allowPast: invocation.flags['allow-past'] === true ? 'true' : undefined };
}

async function fileSize(path: string, given: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(`${given} is not a file`, 'give the path of a .csv file');
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${given}: ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}`);
  }
}

/**
 * ApiClient sends JSON bodies; for this one route the request goes out with the file instead,
 * streamed from disk (never read into memory) with its length, as API Gateway prefers.
 */
function streamingBody(fetchImpl: typeof fetch, path: string, size: number): typeof fetch {
  return (url, init) => fetchImpl(url, {
    ...init,
    headers: { ...(init?.headers as Record<string, string>), 'content-type': 'text/csv; charset=utf-8', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  });
}

/** Counts newlines, stopping as soon as there are more than `limit` (a small file is read whole). */
async function hasMoreLinesThan(path: string, limit: number): Promise<boolean> {
  let lines = 0;
  // Leaving the loop early destroys the stream, which closes the file.
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) if (++lines > limit) return true;
  }
  return false;
}

function summaryOf(job: ImportJob): ImportSummary {
  return { imported: job.imported, status: job.postStatus, rejected: job.rejectedRows ?? [], warnings: job.warnings };
}

function render(summary: ImportSummary, job?: ImportJob): string {
  const rejected = job?.rejected ?? summary.rejected.length;
  const lines = [`imported ${summary.imported}, rejected ${rejected}`];
  for (const { line, issues } of summary.rejected) {
    lines.push(`line ${line}: ${issues.map((i) => `${i.field}: ${i.message}`).join(' ; ')}`);
  }
  if (rejected > summary.rejected.length) lines.push(`… and ${rejected - summary.rejected.length} more rejected rows`);
  if (job?.errorsUrl) lines.push(`every rejected row: ${job.errorsUrl} (errors.csv, link valid for 15 minutes)`);
  if (summary.status === 'in_review' && summary.imported > 0) {
    lines.push('the imported posts wait for review: the brand requires approval before they are scheduled');
  }
  for (const warning of summary.warnings ?? []) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}
