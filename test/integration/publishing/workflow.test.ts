/**
 * The editorial workflow against DynamoDB Local: drafts, review, approval by someone else,
 * edits that send approved posts back to review, cancellation. The scheduler and the event
 * publisher are our own interfaces, recorded here.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../shared/platform/errors.js';
import { createSettingsRepository, type SettingsRepository } from '../../../shared/platform/brand-settings.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createPost, type CreatePostDeps } from '../../../shared/publishing/create-post.js';
import { approvePost, cancelPost, editPost, ForbiddenError, rejectPost, submitForReview } from '../../../shared/publishing/workflow.js';
import type { PublishScheduler, PublishTrigger } from '../../../shared/publishing/publish-schedule.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { failure } from '../../helpers/failure.js';

const NOW = Date.parse('2026-06-01T09:00:00.000Z');
const IN_AN_HOUR = new Date(NOW + 3_600_000).toISOString();

class RecordingScheduler implements PublishScheduler {
  readonly scheduled = new Map<string, Date>();
  readonly cancelled: string[] = [];
  async schedule(trigger: PublishTrigger, at: Date) { this.scheduled.set(trigger.postId, at); }
  async cancel(postId: string) { this.cancelled.push(postId); this.scheduled.delete(postId); }
}

let table: TestTable;
let settings: SettingsRepository;
let scheduler: RecordingScheduler;
let events: string[];
let deps: CreatePostDeps;
let brandId: string;

beforeAll(async () => {
  table = await createTestTable('workflow');
  settings = createSettingsRepository(table.documentClient, table.tableName);
});
afterAll(() => table?.drop());

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  scheduler = new RecordingScheduler();
  events = [];
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  await accounts.put({ brandId, accountId: 'mastodon-main', network: 'mastodon', handle: '@brand', baseUrl: 'http://127.0.0.1:9' });
  deps = {
    posts: createPostsRepository(table.documentClient, table.tableName),
    accounts,
    settings,
    adapters: createAdapterRegistry([createMastodonAdapter()]),
    scheduler,
    publish: async (es) => { events.push(...es.map((e) => e.entry.detailType)); },
    now: () => new Date(NOW),
    newId: () => ulid(),
  };
});

const draft = async (userId = 'editor') =>
  (await createPost(brandId, { accountId: 'mastodon-main', text: 'Summer launch', dueAt: IN_AN_HOUR, draft: true }, deps, { userId })).post;

describe('with approval required', () => {
  beforeEach(() => settings.put(brandId, { requireApproval: true }));

  it('puts a new post in review, unscheduled, until someone else approves it', async () => {
    const { post } = await createPost(brandId, { accountId: 'mastodon-main', text: 'Needs a look', dueAt: IN_AN_HOUR }, deps, { userId: 'editor' });
    expect(post.status).toBe('in_review');
    expect(scheduler.scheduled.size).toBe(0);

    expect(await failure(approvePost(brandId, post.postId, 'editor', deps))).toBeInstanceOf(ForbiddenError);
    const approved = await approvePost(brandId, post.postId, 'approver', deps);

    expect(approved).toMatchObject({ status: 'scheduled', approvedBy: 'approver', approvedAt: new Date(NOW).toISOString() });
    expect(scheduler.scheduled.get(post.postId)).toEqual(new Date(IN_AN_HOUR));
    expect(events).toEqual(['PostScheduled']);
  });

  it('sends an approved post back to review when it is edited, and removes its trigger', async () => {
    const post = await draft();
    await submitForReview(brandId, post.postId, deps);
    await approvePost(brandId, post.postId, 'approver', deps);

    const edited = await editPost(brandId, post.postId, { text: 'Summer launch — now with prices' }, deps);

    expect(edited).toMatchObject({ status: 'in_review', text: 'Summer launch — now with prices' });
    expect(edited.approvedBy).toBeUndefined();
    expect(scheduler.cancelled).toEqual([post.postId]);
  });

  it('sends a post in review back to draft with the reviewer note', async () => {
    const post = await draft();
    await submitForReview(brandId, post.postId, deps);
    const rejected = await rejectPost(brandId, post.postId, 'Add the price', deps);
    expect(rejected).toMatchObject({ status: 'draft', reviewNote: 'Add the price' });
    expect(await failure(approvePost(brandId, post.postId, 'approver', deps))).toBeInstanceOf(ConflictError);
  });

  it('refuses to approve a post whose due time has passed', async () => {
    const post = await draft();
    await submitForReview(brandId, post.postId, deps);
    deps = { ...deps, now: () => new Date(NOW + 2 * 3_600_000) };
    const error = await failure(approvePost(brandId, post.postId, 'approver', deps));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('dueAt');
  });
});

describe('without approval', () => {
  it('schedules a submitted draft directly', async () => {
    const post = await draft();
    expect(scheduler.scheduled.size).toBe(0);
    const submitted = await submitForReview(brandId, post.postId, deps);
    expect(submitted.status).toBe('scheduled');
    expect(scheduler.scheduled.get(post.postId)).toEqual(new Date(IN_AN_HOUR));
  });

  it('moves the trigger and the due-time index when a scheduled post is rescheduled', async () => {
    const { post } = await createPost(brandId, { accountId: 'mastodon-main', text: 'Move me', dueAt: IN_AN_HOUR }, deps);
    const later = '2026-06-01T12:30:00+02:00';

    const edited = await editPost(brandId, post.postId, { dueAt: later, link: 'https://example.com/x' }, deps);
    const cleared = await editPost(brandId, post.postId, { link: null }, deps);

    expect(edited).toMatchObject({ status: 'scheduled', dueAt: '2026-06-01T10:30:00.000Z', link: 'https://example.com/x' });
    expect(cleared.link).toBeUndefined();
    expect(scheduler.scheduled.get(post.postId)).toEqual(new Date('2026-06-01T10:30:00.000Z'));
    const due = await deps.posts.listDue(brandId, '2026-06-01T10:00:00Z', '2026-06-01T11:00:00Z');
    expect(due.map((p) => p.postId)).toEqual([post.postId]);
  });

  it('refuses an edit that breaks the network rules, naming the field', async () => {
    const { post } = await createPost(brandId, { accountId: 'mastodon-main', text: 'Short', dueAt: IN_AN_HOUR }, deps);
    const error = await failure(editPost(brandId, post.postId, { text: 'x'.repeat(600) }, deps));
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'text' })]);
    expect((await deps.posts.get(brandId, post.postId))?.text).toBe('Short');
  });

  it('cancels a scheduled post and removes its trigger; a published one cannot be', async () => {
    const { post } = await createPost(brandId, { accountId: 'mastodon-main', text: 'Cancel me', dueAt: IN_AN_HOUR }, deps);
    const cancelled = await cancelPost(brandId, post.postId, deps);
    expect(cancelled.status).toBe('cancelled');
    expect(scheduler.cancelled).toEqual([post.postId]);
    expect(await failure(cancelPost(brandId, post.postId, deps))).toBeInstanceOf(ConflictError);
  });

  it('lets only one of two concurrent edits win', async () => {
    const { post } = await createPost(brandId, { accountId: 'mastodon-main', text: 'Race', dueAt: IN_AN_HOUR }, deps);
    // Both edits read the post before either writes, as two editors saving at once would, however the machine schedules them.
    let reads = 0;
    let bothRead!: () => void;
    const bothHaveRead = new Promise<void>((resolve) => { bothRead = resolve; });
    const racing = {
      ...deps,
      posts: {
        ...deps.posts,
        get: async (...args: Parameters<typeof deps.posts.get>) => {
          const read = await deps.posts.get(...args);
          if (++reads === 2) bothRead();
          await bothHaveRead;
          return read;
        },
      },
    };
    const results = await Promise.allSettled([
      editPost(brandId, post.postId, { text: 'Race A' }, racing),
      editPost(brandId, post.postId, { text: 'Race B' }, racing),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(ConflictError)]);
  });
});
