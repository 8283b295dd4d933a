/**
 * Bulk import of posts from a CSV (see csv-columns.ts for the columns), streamed: rows are parsed
 * one at a time and handled in chunks, so memory stays flat however long the file is.
 *
 * This file is the entry point: the options and summary, the checks on the file as a whole, and the loop
 * that feeds each record to the run. Reading the CSV with its line numbers is csv-records.ts; the checks a
 * row must pass (those of `POST /posts` plus a duplicate check) are row-validation.ts; storing, scheduling
 * and announcing the good rows in batches is import-run.ts. A bad row is rejected with its line in the
 * file (header = line 1, counting the lines inside quoted fields) and every reason.
 */
import type { ImportOptions, ImportPostsDeps, ImportSummary } from './import-types.js';
import { ValidationError, type FieldIssue } from '../../platform/errors.js';
import { isTimeZone } from '../../platform/time/zoned.js';
import { resolveHeader, type CsvHeader } from './csv-columns.js';
import { CsvReadError, csvRecords, type CsvSource } from './csv-records.js';
import { ImportRun } from './import-run.js';
import { DATE_FORMATS } from '../../contracts/api/publishing.js';

export type { ImportOptions, ImportPostsDeps, ImportProgress, ImportSummary, RejectedRow } from './import-types.js';

/**
 * Rows of one parsed chunk are validated in microtasks only; every few milliseconds the loop
 * lets I/O callbacks run, so the chunk being stored keeps its writes flowing meanwhile.
 */
const YIELD_EVERY_MS = 4;

/**
 * Imports the posts of a CSV for one brand. Throws a ValidationError (400) only when the file
 * cannot be read as a post import at all: bad options, an empty file, a header row that lacks
 * or doubles a column. Everything about single rows is in the summary.
 */
export async function importPosts(brandId: string, source: CsvSource, options: ImportOptions, deps: ImportPostsDeps): Promise<ImportSummary> {
  checkOptions(options);
  const settings = await deps.settings.get(brandId);
  const run = new ImportRun(brandId, { ...options, timezone: options.timezone ?? settings.timezone }, settings.requireApproval ? 'in_review' : 'scheduled', deps);
  let header: CsvHeader | undefined;
  let rowsSeen = 0;
  const progressEvery = options.progressEvery ?? 1000;
  let yielded = performance.now();
  try {
    for await (const { line, cells } of csvRecords(source)) {
      if (performance.now() - yielded > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
      if (!header) {
        header = resolveHeader(cells);
        continue;
      }
      await run.row(cells, line, header);
      rowsSeen++;
      if (options.onProgress && rowsSeen % progressEvery === 0) await options.onProgress({ rowsSeen, ...run.counts() });
    }
  } catch (error) {
    if (!(error instanceof CsvReadError)) {
      await run.abandon();
      throw error;
    }
    if (!header) throw new ValidationError([{ field: 'header', message: `line ${error.line}: ${error.message}` }], { cause: error });
    // Rows before the break are kept; the summary says where reading stopped and why.
    run.reject(error.line, [{ field: 'csv', message: `${error.message}; this row and the rest of the file were not imported` }]);
  }
  if (!header) {
    throw new ValidationError([{ field: 'header', message: 'the file is empty; the first line must be a header row such as date,time,message,channel' }]);
  }
  await run.flush();
  await options.onProgress?.({ rowsSeen, ...run.counts() });
  return run.summary();
}

function checkOptions(options: ImportOptions): void {
  const issues: FieldIssue[] = [];
  if (options.dateFormat !== undefined && !DATE_FORMATS.includes(options.dateFormat)) {
    issues.push({ field: 'dateFormat', message: `must be dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy), not "${String(options.dateFormat)}"` });
  }
  if (options.timezone !== undefined && !isTimeZone(options.timezone)) {
    issues.push({ field: 'timezone', message: `"${options.timezone}" is not an IANA time zone such as Europe/Berlin` });
  }
  for (const key of ['batchSize', 'scheduleConcurrency', 'mediaConcurrency', 'progressEvery'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) issues.push({ field: key, message: 'must be a whole number of at least 1' });
  }
  if (issues.length) throw new ValidationError(issues);
}
