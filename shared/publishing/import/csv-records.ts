/**
 * Reading the import CSV: records streamed from the file's chunks, each with the physical line it starts on
 * (what a rejected row is reported by), and read failures turned into a CsvReadError that says where and why.
 * Kept apart from the import so the line counting and csv-parse quirks live in one place.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/** The file's bytes or text in chunks, split anywhere (a multi-byte character may straddle two Buffers). */
export type CsvSource = AsyncIterable<Buffer | string> | Iterable<Buffer | string> | Readable;

/** A field this long is a missing closing quote swallowing the file, not a post. */
const MAX_RECORD_CHARS = 1_000_000;

/** The file could not be read on from this line (broken quoting, a read error). */
export class CsvReadError extends Error {
  constructor(readonly line: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CsvReadError';
  }
}

interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Non-blank records with the physical line each starts on. Lines are counted here rather than
 * taken from csv-parse's `info.lines`, which counts a CRLF inside a quoted field as two lines:
 * a record spans one line plus the line breaks inside its quoted fields (kept verbatim), and
 * every record delimiter, CRLF included, is one line break.
 *
 * Records are taken synchronously as the parser makes them (`on_record`) instead of reading the
 * parser as a stream: a stream that fails discards what it still buffers, which would lose the
 * good rows just before a broken one. One input chunk is parsed at a time, so at most one
 * chunk's records wait here.
 */
export async function* csvRecords(source: CsvSource): AsyncGenerator<CsvRecord> {
  let parsed: string[][] = [];
  const parser = parse({
    bom: true,
    // Whitespace around fields and quotes (`a, "b, c"`) is not part of the value.
    trim: true,
    // A stray quote inside an unquoted field is text (5" screen), not an error.
    relax_quotes: true,
    // Rows with the wrong number of fields are reported per row, not as a parse failure.
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_CHARS,
    on_record: (record: string[]) => {
      parsed.push(record);
      return null;
    },
  });
  // Failures arrive through the write and end callbacks below; the event would only repeat them.
  parser.on('error', () => undefined);
  parser.resume();

  let line = 1;
  function* take(): Generator<CsvRecord> {
    const records = parsed;
    parsed = [];
    for (const cells of records) {
      const start = line;
      for (const cell of cells) line += cell.match(LINE_BREAK)?.length ?? 0;
      line += 1;
      if (!cells.every((cell) => cell === '')) yield { line: start, cells };
    }
  }

  const chunks: CsvSource = typeof source === 'string' || Buffer.isBuffer(source) ? [source] : source;
  let failure: unknown;
  try {
    try {
      for await (const chunk of chunks) {
        await new Promise<void>((resolve, reject) => parser.write(chunk, (error) => (error ? reject(error) : resolve())));
        yield* take();
      }
      await new Promise<void>((resolve, reject) => {
        parser.once('error', reject);
        parser.end(() => resolve());
      });
    } catch (error) {
      failure = error;
    }
    // The rows parsed before a failure are still good rows.
    yield* take();
    if (failure !== undefined) throw new CsvReadError(line, describeReadError(failure), { cause: failure });
  } finally {
    parser.destroy();
  }
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field opened in this row is never closed (a missing ")';
    case 'CSV_MAX_RECORD_SIZE':
      return `this row is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; probably a quoted field is never closed (a missing ")`;
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows a closing quote in this row; inside a quoted field write a quote as ""';
    default:
      return `the file could not be read from here (${error instanceof Error ? error.message : String(error)})`;
  }
}
