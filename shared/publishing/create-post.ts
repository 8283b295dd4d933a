/**
 * Accepting a post: validated against its network's rules now, not at the due time; stored,
 * then given its one-off publish trigger. If the trigger cannot be created the post is removed
 * again, so a caller never sees a post that would silently never go out.
 */
import type { z } from 'zod';
import { OFFSET_TIME, type createPostInput } from '../contracts/api/publishing.js';
import type { Post } from './post.js';
import { DuplicateRequestError, type PostsRepository } from './store/posts-repository.js';
import type { AccountsRepository } from '../networks/accounts/accounts-repository.js';
import type { AdapterRegistry } from '../networks/registry.js';
import type { SettingsRepository } from '../platform/brand-settings.js';
import type { QueueRepository } from './queue-slots.js';
import type { PublishScheduler } from './publish-schedule.js';
import { event, type OutgoingEvent } from '../platform/events/publisher.js';
import { PostScheduled } from '../contracts/events/catalogue.js';
import { ValidationError, type FieldIssue } from '../platform/errors.js';
import type { MediaItem } from '../networks/contract.js';
import { validateForNetwork } from './validate-content.js';
import { checkMedia } from './media-check.js';
import { localToInstant } from '../platform/time/zoned.js';
import { outgoingLink } from './links/outgoing-link.js';
import type { ShortenerFor } from './links/resolve-shortener.js';

/** The due instant: an offset time as given, or a local time in the post's time zone (DST-safe). */
export function dueInstant(input: Pick<CreatePostInput, 'dueAt' | 'timezone'>): Date | undefined {
  if (input.dueAt === undefined) return undefined;
  if (OFFSET_TIME.test(input.dueAt)) {
    const at = new Date(input.dueAt);
    if (Number.isNaN(at.getTime())) throw new ValidationError([{ field: 'dueAt', message: `"${input.dueAt}" is not a real date-time` }]);
    return at;
  }
  try {
    return localToInstant(input.dueAt, input.timezone!);
  } catch (error) {
    throw new ValidationError([{ field: 'dueAt', message: (error as Error).message }]);
  }
}

export type CreatePostInput = z.infer<typeof createPostInput>;

export interface CreatePostDeps {
  readonly posts: PostsRepository;
  readonly accounts: AccountsRepository;
  readonly adapters: AdapterRegistry;
  readonly scheduler: PublishScheduler;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly settings: SettingsRepository;
  /** Channel queues, for `queue: true`. */
  readonly queues?: QueueRepository;
  /** The brand's link shortener, if its settings choose one; absent means links are not shortened. */
  readonly shortenerFor?: ShortenerFor;
  /** Checks that media URLs answer with the declared kind. @default checkMedia over fetch */
  readonly checkMedia?: (media: readonly MediaItem[]) => Promise<FieldIssue[]>;
}

/** Small tolerance so a due time sent "now" from a client with a slightly slow clock is not rejected. */
const PAST_TOLERANCE_MS = 5_000;

export interface CreatePostResult {
  readonly post: Post;
  /** True when an earlier request with the same Idempotency-Key had created the post. */
  readonly replayed: boolean;
}

export async function createPost(
  brandId: string,
  input: CreatePostInput,
  deps: CreatePostDeps,
  options: {
    idempotencyKey?: string;
    userId?: string;
    recycledFrom?: { postId: string; number: number };
    /** With `queue: true`: the first slot at or after this time (evergreen repeats). */
    queueFrom?: Date;
    /** The group of per-network variants this post belongs to. */
    groupId?: string;
  } = {},
): Promise<CreatePostResult> {
  const { idempotencyKey } = options;
  if (idempotencyKey) {
    const earlier = await deps.posts.findByIdempotencyKey(brandId, idempotencyKey, deps.now());
    if (earlier) return replay(earlier, deps);
  }
  const now = deps.now();
  const account = await deps.accounts.get(brandId, input.accountId);
  if (!account) {
    throw new ValidationError([{ field: 'accountId', message: `unknown network account "${input.accountId}" for this brand; connect it first (POST /accounts) or pick one from GET /accounts` }]);
  }
  const adapter = deps.adapters(account.network);
  if (!adapter) throw new ValidationError([{ field: 'accountId', message: `network "${account.network}" has no adapter in this deployment` }]);

  const shortened = await outgoingLink(input.link, { network: account.network, campaign: input.campaign }, await deps.shortenerFor?.(brandId));
  const issues = validateForNetwork(adapter, { ...input, link: shortened.shortLink ?? input.link });
  if (issues.length === 0 && input.media?.length) issues.push(...await (deps.checkMedia ?? checkMedia)(input.media));
  if (issues.length) throw new ValidationError(issues);

  const due = dueInstant(input) ?? now;
  if (input.dueAt && !input.publishNow && due.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw new ValidationError([{ field: 'dueAt', message: `${input.dueAt} is in the past; pick a future time or set publishNow: true` }]);
  }
  const postId = deps.newId();
  const queueFrom = options.queueFrom && options.queueFrom > now ? options.queueFrom : now;
  const queueSlot = input.queue ? await claimSlot(brandId, account.accountId, postId, queueFrom, deps) : undefined;
  const dueAt = queueSlot ?? (input.publishNow ? now : due);
  // Only a post that needs no review goes straight onto the schedule.
  const { requireApproval } = await deps.settings.get(brandId);
  const status = input.draft ? 'draft' : requireApproval ? 'in_review' : 'scheduled';

  const timestamp = now.toISOString();
  const post: Post = {
    brandId,
    postId,
    accountId: account.accountId,
    network: account.network,
    text: input.text,
    link: input.link,
    ...shortened,
    media: input.media,
    thread: input.thread,
    firstComment: input.firstComment,
    campaign: input.campaign,
    pillar: input.pillar,
    timezone: input.timezone,
    queueSlot: queueSlot?.toISOString(),
    evergreen: input.evergreen,
    groupId: options.groupId,
    recycledFrom: options.recycledFrom?.postId,
    recycleNumber: options.recycledFrom?.number,
    dueAt: dueAt.toISOString(),
    status,
    attempts: 0,
    createdBy: options.userId,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  try {
    await deps.posts.create(post, { idempotencyKey });
  } catch (error) {
    if (queueSlot) await deps.queues!.release(brandId, account.accountId, queueSlot.toISOString());
    // A concurrent request with the same key won the race: answer with its post.
    const earlier = error instanceof DuplicateRequestError ? await deps.posts.findByIdempotencyKey(brandId, idempotencyKey!, deps.now()) : undefined;
    if (earlier) return replay(earlier, deps);
    throw error;
  }
  if (status !== 'scheduled') return { post, replayed: false };
  try {
    await deps.scheduler.schedule({ brandId, postId: post.postId }, dueAt);
  } catch (error) {
    await deps.posts.remove(brandId, post.postId, idempotencyKey);
    if (queueSlot) await deps.queues!.release(brandId, account.accountId, queueSlot.toISOString());
    throw error;
  }
  await deps.publish([scheduledEvent(post)]);
  return { post, replayed: false };
}

async function claimSlot(brandId: string, accountId: string, postId: string, now: Date, deps: CreatePostDeps): Promise<Date> {
  if (!deps.queues || !(await deps.queues.get(brandId, accountId))) {
    throw new ValidationError([{ field: 'queue', message: `account ${accountId} has no queue; give it weekly slots with PUT /accounts/${accountId}/queue, or give a dueAt` }]);
  }
  const slot = await deps.queues.claimNextSlot(brandId, accountId, postId, now);
  if (!slot) throw new ValidationError([{ field: 'queue', message: `account ${accountId}'s queue has no free slot in the next 12 weeks; add slots or give a dueAt` }]);
  return slot;
}

/**
 * A retried request: the first may have died after storing the post, so its trigger is put in
 * place again (an upsert) and PostScheduled re-announced; consumers treat events at least once.
 */
async function replay(post: Post, deps: CreatePostDeps): Promise<CreatePostResult> {
  if (post.status === 'scheduled') {
    await deps.scheduler.schedule({ brandId: post.brandId, postId: post.postId }, new Date(post.dueAt));
    await deps.publish([scheduledEvent(post)]);
  }
  return { post, replayed: true };
}

export const scheduledEvent = (post: Post) =>
  event(PostScheduled, { schemaVersion: 1, brandId: post.brandId, postId: post.postId, accountId: post.accountId, network: post.network, dueAt: post.dueAt });
