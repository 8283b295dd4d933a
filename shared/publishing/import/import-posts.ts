/**
 * Bulk import of posts from a CSV (see csv-columns.ts for the columns), streamed: rows are parsed
 * one at a time and handled in chunks, so memory stays flat however long the file is.
 *
 * Each row gets the checks `POST /posts` applies (the same schema, the account's network rules,
 * media URLs fetched, a due time not in the past) plus one of its own: a row with the account,
 * due minute and text of an earlier row is a duplicate. A bad row is rejected with its line in
 * the file (header = line 1, counting the lines inside quoted fields) and every reason; the good
 * ones are stored in batches, each given its publish schedule, and announced as PostScheduled.
 * As in createPost, a post whose schedule cannot be created is removed again and its row is
 * rejected: no stored post is left without its trigger; and where the brand requires approval,
 * imported posts wait in review (no schedule yet), as created ones do.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { createPostInput, scheduledEvent, type CreatePostDeps, type CreatePostInput } from '../create-post.js';
import type { Post } from '../post.js';
import type { OutgoingEvent } from '../../events/publisher.js';
import { PillarsError, ValidationError, type FieldIssue } from '../../errors.js';
import type { MediaItem, NetworkAccount, NetworkAdapter } from '../../networks/contract.js';
import { toFieldIssues } from '../../middleware/zod-issues.js';
import { logger } from '../../observability.js';
import { isTimeZone } from '../../time/zoned.js';
import { validateForNetwork } from '../validate-content.js';
import { checkMedia } from '../media-check.js';
import { DATE_FORMATS, mapRow, resolveHeader, type CsvHeader, type DateFormat } from './csv-columns.js';

export interface ImportOptions {
  /** How slash dates read: dd/mm/yyyy (`dmy`) or mm/dd/yyyy (`mdy`). ISO dates need none. */
  readonly dateFormat?: DateFormat;
  /** IANA zone of local date-times in rows without a timezone cell. @default the brand's time zone setting */
  readonly timezone?: string;
  /** Accept rows due in the past: they go out right away. */
  readonly allowPast?: boolean;
  /** Rows stored per createMany. @default 500 */
  readonly batchSize?: number;
  /** Schedules created at once. @default 16 */
  readonly scheduleConcurrency?: number;
  /** Media URLs fetched at once. @default 8 */
  readonly mediaConcurrency?: number;
  /** The ids of the imported posts are returned only up to this many. @default 100 */
  readonly maxPostIds?: number;
  /** The caller, recorded as each post's author (`createdBy`). */
  readonly userId?: string;
}

export type ImportPostsDeps = CreatePostDeps;

/** The query of POST /posts/import: the import options a caller sets (routes.ts, the handler). */
export const importPostsQuery = z.object({
  dateFormat: z.enum(DATE_FORMATS, { error: 'must be dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy)' }).optional(),
  timezone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Berlin' }).optional(),
  allowPast: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
}).strict();

export interface RejectedRow {
  /** 1-based line in the file where the row starts; the header is line 1. */
  readonly line: number;
  readonly issues: readonly FieldIssue[];
}

export interface ImportSummary {
  readonly imported: number;
  /** What the imported posts are: `in_review` where the brand requires approval (nothing scheduled yet). */
  readonly status: 'scheduled' | 'in_review';
  /** In line order. */
  readonly rejected: RejectedRow[];
  /** The new posts' ids in line order, when at most `maxPostIds` were imported. */
  readonly postIds?: string[];
  /** Problems that did not stop a row, e.g. PostScheduled events the bus did not take. */
  readonly warnings?: string[];
}

/** The file's bytes or text in chunks, split anywhere (a multi-byte character may straddle two Buffers). */
export type CsvSource = AsyncIterable<Buffer | string> | Iterable<Buffer | string> | Readable;

/** As in createPost: a due time a few seconds old is "now" from a client with a slow clock. */
const PAST_TOLERANCE_MS = 5_000;
/** A field this long is a missing closing quote swallowing the file, not a post. */
const MAX_RECORD_CHARS = 1_000_000;
/** Events per publish call: the publisher sends them 10 per PutEvents. */
const EVENT_SLICE = 100;
const EVENT_CONCURRENCY = 4;
/** Distinct media URLs whose check result is remembered for later rows. */
const MEDIA_CACHE_LIMIT = 10_000;
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
  for (const key of ['batchSize', 'scheduleConcurrency', 'mediaConcurrency'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) issues.push({ field: key, message: 'must be a whole number of at least 1' });
  }
  if (issues.length) throw new ValidationError(issues);
}

// ---------------------------------------------------------------------------------------------
// Reading: records with the line each starts on

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

// ---------------------------------------------------------------------------------------------
// One import run: validate rows, then store, schedule and announce them a chunk at a time

interface Target {
  readonly account: NetworkAccount;
  readonly adapter: NetworkAdapter;
}

interface GoodRow {
  readonly line: number;
  readonly input: CreatePostInput;
  readonly target: Target;
  readonly due: Date;
}

class ImportRun {
  private readonly batchSize: number;
  private readonly scheduleConcurrency: number;
  private readonly maxPostIds: number;
  private readonly checkMediaFn: NonNullable<ImportPostsDeps['checkMedia']>;
  private readonly mediaSlots: Limiter;
  private readonly targets = new Map<string, Promise<Target | FieldIssue>>();
  private readonly mediaResults = new Map<string, Promise<string | undefined>>();
  /** Account, due minute and text of each accepted row → the line that had them first. */
  private readonly seen = new DuplicateIndex();
  private pending: GoodRow[] = [];
  private inFlight: Promise<void> | undefined;
  private failure: unknown;
  private readonly rejected: RejectedRow[] = [];
  private readonly warnings: string[] = [];
  private postIds: string[] | undefined = [];
  private imported = 0;

  constructor(
    private readonly brandId: string,
    private readonly options: ImportOptions,
    private readonly status: ImportSummary['status'],
    private readonly deps: ImportPostsDeps,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.scheduleConcurrency = options.scheduleConcurrency ?? 16;
    this.maxPostIds = options.maxPostIds ?? 100;
    this.checkMediaFn = deps.checkMedia ?? ((media) => checkMedia(media));
    this.mediaSlots = limiter(options.mediaConcurrency ?? 8);
  }

  reject(line: number, issues: readonly FieldIssue[]): void {
    this.rejected.push({ line, issues });
  }

  summary(): ImportSummary {
    const rejected = [...this.rejected].sort((a, b) => a.line - b.line);
    return {
      imported: this.imported,
      status: this.status,
      rejected,
      ...(this.postIds ? { postIds: this.postIds } : {}),
      ...(this.warnings.length ? { warnings: this.warnings } : {}),
    };
  }

  /** Validates one row: rejected at once, or queued for the next chunk. */
  async row(cells: readonly string[], line: number, header: CsvHeader): Promise<void> {
    const mapped = mapRow(cells, header, this.options);
    const issues = [...mapped.issues];
    // The schema sees the due instant mapRow resolved, without the zone it has already checked
    // (each isTimeZone builds an Intl.DateTimeFormat); the zone goes back onto the post.
    const { timezone, ...fields } = mapped.input;
    const checked = createPostInput.safeParse(mapped.due ? { ...fields, dueAt: mapped.due.toISOString() } : fields);
    const parsed = checked.success ? { success: true as const, data: { ...checked.data, timezone: timezone as string | undefined } } : checked;
    if (!parsed.success) issues.push(...toFieldIssues(parsed.error, 'row').filter((i) => !mapped.explained.has(i.field)));

    const accountId = mapped.input.accountId;
    const found = typeof accountId === 'string' ? await this.target(accountId) : undefined;
    const target = found && 'account' in found ? found : undefined;
    if (found && !target) issues.push(found as FieldIssue);
    if (target && typeof mapped.input.text === 'string') {
      // The network's rules on what could be read, even when another field is wrong: every reason at once.
      issues.push(...validateForNetwork(target.adapter, contentOf(parsed.success ? parsed.data : mapped.input)));
    }
    const now = this.deps.now();
    if (mapped.due && !this.options.allowPast && mapped.due.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
      issues.push({ field: 'dueAt', message: `${mapped.dueText} (${mapped.due.toISOString()}) is in the past; pick a future time, or import with allowPast to publish such rows right away` });
    }
    if (issues.length === 0 && parsed.success && mapped.due && target) {
      const first = this.seen.firstLine(target.account.accountId, mapped.due, parsed.data.text, line);
      if (first !== undefined) issues.push({ field: 'row', message: `duplicate of line ${first}: same account, due minute and text` });
    }
    if (issues.length || !parsed.success || !mapped.due || !target) {
      this.reject(line, issues.length ? unique(issues) : [{ field: 'row', message: 'cannot be imported' }]);
      return;
    }
    this.pending.push({ line, input: parsed.data, target, due: mapped.due });
    if (this.pending.length >= this.batchSize) await this.handOver();
  }

  /**
   * Starts storing the queued chunk while the next one is validated. One chunk at most is in
   * flight, so memory holds two chunks whatever the file's length.
   */
  private async handOver(): Promise<void> {
    await this.settle();
    const chunk = this.pending;
    this.pending = [];
    this.inFlight = this.process(chunk).catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Waits for the chunk in flight; rethrows what went wrong there outside any row (a bug). */
  private async settle(): Promise<void> {
    await this.inFlight;
    this.inFlight = undefined;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stores the rows still queued and waits until every chunk is done. */
  async flush(): Promise<void> {
    await this.handOver();
    await this.settle();
  }

  /** Waits for the chunk in flight, ignoring its failure: for when the import is failing anyway. */
  async abandon(): Promise<void> {
    await this.inFlight;
  }

  /** Stores, schedules and announces one chunk. Never throws for a row's sake. */
  private async process(chunk: readonly GoodRow[]): Promise<void> {
    if (chunk.length === 0) return;

    const mediaIssues = await this.checkChunkMedia(chunk);
    const rows = chunk.filter((row, i) => {
      const issues = mediaIssues[i];
      if (issues?.length) this.reject(row.line, issues);
      return !issues?.length;
    });
    if (rows.length === 0) return;

    const timestamp = this.deps.now().toISOString();
    const posts = rows.map((row) => this.toPost(row, timestamp));
    try {
      await this.deps.posts.createMany(posts);
    } catch (error) {
      logger.error('import: storing a chunk of posts failed', { brandId: this.brandId, posts: posts.length, error: error as Error });
      // Some of the batch may be in; none has a schedule, so none may stay.
      await forEachLimited(posts, this.scheduleConcurrency, (post) => this.discard(post));
      for (const row of rows) this.reject(row.line, [{ field: 'row', message: `could not be stored (${reasonOf(error)}); nothing was kept for this row, import it again` }]);
      return;
    }

    if (this.status !== 'scheduled') {
      // Waiting for review: approval schedules them, as for posts created one by one.
      this.count(posts);
      return;
    }

    const scheduled: (Post | undefined)[] = Array.from({ length: posts.length });
    await forEachLimited(posts, this.scheduleConcurrency, async (post, i) => {
      const now = this.deps.now();
      const at = new Date(post.dueAt).getTime() < now.getTime() ? now : new Date(post.dueAt);
      try {
        await this.deps.scheduler.schedule({ brandId: this.brandId, postId: post.postId }, at);
        scheduled[i] = post;
      } catch (error) {
        logger.error('import: creating a publish schedule failed', { brandId: this.brandId, postId: post.postId, error: error as Error });
        const kept = await this.discard(post);
        this.reject(rows[i]!.line, [{
          field: 'schedule',
          message: `its publish schedule could not be created (${reasonOf(error)}); ${kept ? `post ${post.postId} could not be removed either and is marked failed` : 'the post was not kept'}, import this row again`,
        }]);
      }
    });

    const done = scheduled.filter((post): post is Post => post !== undefined);
    await this.announce(done);
    this.count(done);
  }

  private count(posts: readonly Post[]): void {
    this.imported += posts.length;
    if (this.postIds) this.postIds = this.imported <= this.maxPostIds ? [...this.postIds, ...posts.map((p) => p.postId)] : undefined;
  }

  private toPost(row: GoodRow, timestamp: string): Post {
    const { input, target } = row;
    const now = this.deps.now();
    // allowPast: a past row goes out right away, so that is its due time.
    const due = row.due.getTime() < now.getTime() ? now : row.due;
    return {
      brandId: this.brandId,
      postId: this.deps.newId(),
      accountId: target.account.accountId,
      network: target.account.network,
      text: input.text,
      link: input.link,
      media: input.media,
      thread: input.thread,
      firstComment: input.firstComment,
      campaign: input.campaign,
      pillar: input.pillar,
      timezone: input.timezone,
      dueAt: due.toISOString(),
      status: this.status,
      attempts: 0,
      createdBy: this.options.userId,
      createdAt: timestamp,
      updatedAt: timestamp,
    };
  }

  /** The account and its adapter, looked up once per id (failed look-ups are not remembered). */
  private target(accountId: string): Promise<Target | FieldIssue> {
    let found = this.targets.get(accountId);
    if (!found) {
      found = this.lookUp(accountId);
      this.targets.set(accountId, found);
      found.catch(() => this.targets.delete(accountId));
    }
    return found.catch((error: unknown) => {
      logger.error('import: looking up an account failed', { brandId: this.brandId, accountId, error: error as Error });
      return { field: 'accountId', message: `could not be looked up (${reasonOf(error)}); import this row again` };
    });
  }

  private async lookUp(accountId: string): Promise<Target | FieldIssue> {
    const account = await this.deps.accounts.get(this.brandId, accountId);
    if (!account) return { field: 'accountId', message: `unknown network account "${accountId}" for this brand; connect it first (POST /accounts) or pick one from GET /accounts` };
    const adapter = this.deps.adapters(account.network);
    if (!adapter) return { field: 'accountId', message: `network "${account.network}" has no adapter in this deployment` };
    return { account, adapter };
  }

  /** Each row's media issues; a URL used by many rows is fetched once per import. */
  private async checkChunkMedia(chunk: readonly GoodRow[]): Promise<FieldIssue[][]> {
    return Promise.all(chunk.map(async (row) => {
      const media = row.input.media ?? [];
      const messages = await Promise.all(media.map((item) => this.checkOne(item)));
      return messages.flatMap((message, index) => (message === undefined ? [] : [{ field: `media.${index}.url`, message }]));
    }));
  }

  private checkOne(item: MediaItem): Promise<string | undefined> {
    const key = `${item.kind} ${item.url}`;
    let result = this.mediaResults.get(key);
    if (!result) {
      if (this.mediaResults.size >= MEDIA_CACHE_LIMIT) this.mediaResults.clear();
      result = this.mediaSlots(async () => {
        try {
          return (await this.checkMediaFn([{ url: item.url, kind: item.kind }]))[0]?.message;
        } catch (error) {
          return `could not be checked (${reasonOf(error)})`;
        }
      });
      this.mediaResults.set(key, result);
    }
    return result;
  }

  /**
   * Takes back a stored post that has no schedule. Returns true when it could not be removed
   * (it is then marked failed, so it never sits as "scheduled" without a trigger).
   */
  private async discard(post: Post): Promise<boolean> {
    try {
      await this.deps.posts.remove(post.brandId, post.postId);
      return false;
    } catch (error) {
      logger.error('import: removing an unscheduled post failed', { brandId: post.brandId, postId: post.postId, error: error as Error });
      try {
        await this.deps.posts.transition(post.brandId, post.postId, {
          from: [post.status], to: 'failed', set: { failureReason: 'bulk import could not store or schedule it', failureKind: 'internal' },
        });
      } catch (again) {
        logger.error('import: marking an unscheduled post failed also failed', { brandId: post.brandId, postId: post.postId, error: again as Error });
      }
      return true;
    }
  }

  private async announce(posts: readonly Post[]): Promise<void> {
    const slices: OutgoingEvent[][] = [];
    for (let i = 0; i < posts.length; i += EVENT_SLICE) slices.push(posts.slice(i, i + EVENT_SLICE).map(scheduledEvent));
    let failed = 0;
    await forEachLimited(slices, EVENT_CONCURRENCY, async (events) => {
      try {
        await this.deps.publish(events);
      } catch (error) {
        // The posts are stored and scheduled and will go out; only the announcement is missing.
        failed += events.length;
        logger.error('import: publishing PostScheduled failed', { brandId: this.brandId, events: events.length, error: error as Error });
      }
    });
    if (failed) this.warnings.push(`${failed} imported post(s) are scheduled but their PostScheduled event could not be published`);
  }
}

/** What validateForNetwork reads, from a row that may not have passed the schema. */
function contentOf(input: Record<string, unknown> | CreatePostInput) {
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  const media = Array.isArray(input.media)
    ? (input.media as { url?: unknown; kind?: unknown }[]).filter((m): m is MediaItem => typeof m.url === 'string' && typeof m.kind === 'string')
    : undefined;
  return {
    text: String(input.text),
    link: typeof input.link === 'string' ? input.link : undefined,
    media,
    thread: strings(input.thread),
    firstComment: typeof input.firstComment === 'string' ? input.firstComment : undefined,
  };
}

/**
 * Which earlier row had the same account, due minute and text: the one structure that grows
 * with the file, so it keeps 64 bits of a SHA-256 per row and its line in typed arrays (an
 * open-addressing table, 12 bytes a slot, at most 3/4 full) instead of strings in a Map. Two
 * different rows share 64 bits with a chance of about n²/2⁶⁵: 3·10⁻¹² for 10⁴ rows.
 */
export class DuplicateIndex {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  private size = 0;

  /** The line of an earlier row with these values; otherwise records `line` and returns undefined. */
  firstLine(accountId: string, due: Date, text: string, line: number): number | undefined {
    const digest = createHash('sha256').update(`${accountId}\u0000${Math.floor(due.getTime() / 60_000)}\u0000${text}`).digest();
    // 0/0 marks an empty slot.
    const high = digest.readUInt32BE(0);
    const low = digest.readUInt32BE(4) || 1;
    const slot = this.find(high, low);
    if (this.low[slot] !== 0) return this.lines[slot];
    this.high[slot] = high;
    this.low[slot] = low;
    this.lines[slot] = line;
    if (++this.size * 4 > this.low.length * 3) this.grow();
    return undefined;
  }

  private find(high: number, low: number): number {
    const mask = this.low.length - 1;
    let slot = low & mask;
    while (this.low[slot] !== 0 && (this.low[slot] !== low || this.high[slot] !== high)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const [high, low, lines] = [this.high, this.low, this.lines];
    this.high = new Uint32Array(low.length * 2);
    this.low = new Uint32Array(low.length * 2);
    this.lines = new Uint32Array(low.length * 2);
    for (let i = 0; i < low.length; i++) {
      if (low[i] === 0) continue;
      const slot = this.find(high[i]!, low[i]!);
      this.high[slot] = high[i]!;
      this.low[slot] = low[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}

function unique(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A reason safe to show the caller: our own errors' messages, otherwise only the error's name. */
function reasonOf(error: unknown): string {
  if (error instanceof PillarsError && error.expose) return error.message;
  return error instanceof Error && error.name !== 'Error' ? error.name : 'internal error';
}

type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `slots` tasks at once, in the order they were asked for. */
function limiter(slots: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (active < slots) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

async function forEachLimited<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
