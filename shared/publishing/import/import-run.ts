/**
 * One bulk import run: validated rows are queued and handed over a chunk at a time to be stored, scheduled
 * and announced while the next chunk is validated. As in createPost, a post whose schedule cannot be created
 * is removed again and its row rejected, so no stored post is left without its trigger; where the brand
 * requires approval, imported posts wait in review (no schedule yet). The run also keeps the summary.
 */
import { scheduledEvent } from '../create-post.js';
import type { Post } from '../post.js';
import type { OutgoingEvent } from '../../platform/events/publisher.js';
import type { FieldIssue } from '../../platform/errors.js';
import type { MediaItem } from '../../networks/contract.js';
import { logger } from '../../platform/observability.js';
import { checkMedia } from '../media-check.js';
import { reasonOf } from './caller-reason.js';
import { forEachLimited, limiter, type Limiter } from '../../platform/concurrency.js';
import type { CsvHeader } from './csv-columns.js';
import type { ImportOptions, ImportPostsDeps, ImportSummary, RejectedRow } from './import-types.js';
import { RowValidator, type GoodRow } from './row-validation.js';

/** Events per publish call: the publisher sends them 10 per PutEvents. */
const EVENT_SLICE = 100;
const EVENT_CONCURRENCY = 4;
/** Distinct media URLs whose check result is remembered for later rows. */
const MEDIA_CACHE_LIMIT = 10_000;

export class ImportRun {
  private readonly batchSize: number;
  private readonly scheduleConcurrency: number;
  private readonly maxPostIds: number;
  private readonly checkMediaFn: NonNullable<ImportPostsDeps['checkMedia']>;
  private readonly mediaSlots: Limiter;
  private readonly validator: RowValidator;
  private readonly mediaResults = new Map<string, Promise<string | undefined>>();
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
    this.validator = new RowValidator(brandId, options, deps);
  }

  reject(line: number, issues: readonly FieldIssue[]): void {
    this.rejected.push({ line, issues });
  }

  counts(): { imported: number; rejected: number } {
    return { imported: this.imported, rejected: this.rejected.length };
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
    const checked = await this.validator.check(cells, line, header);
    if ('issues' in checked) {
      this.reject(line, checked.issues);
      return;
    }
    this.pending.push(checked);
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
