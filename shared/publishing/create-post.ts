/**
 * Accepting a post: validated against its network's rules now, not at the due time; stored,
 * then given its one-off publish trigger. If the trigger cannot be created the post is removed
 * again, so a caller never sees a post that would silently never go out.
 */
import { z } from 'zod';
import type { Post } from './post.js';
import { DuplicateRequestError, type PostsRepository } from '../store/posts-repository.js';
import type { AccountsRepository } from '../store/accounts-repository.js';
import type { AdapterRegistry } from '../networks/registry.js';
import type { PublishScheduler } from './publish-schedule.js';
import { event, type OutgoingEvent } from '../events/publisher.js';
import { PostScheduled } from '../events/catalogue.js';
import { ValidationError } from '../errors.js';

export const createPostInput = z
  .object({
    accountId: z.string({ error: 'required: the id of a connected network account (GET /accounts lists them)' }).min(1),
    text: z.string({ error: 'required: the text of the post' }).trim().min(1, 'must not be empty'),
    link: z.url({ error: 'must be an absolute http(s) URL' }).optional(),
    dueAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T09:30:00+01:00' }).optional(),
    publishNow: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict()
  .refine((input) => input.dueAt !== undefined || input.publishNow === true, {
    path: ['dueAt'],
    message: 'required: when to publish (ISO 8601), or set publishNow: true',
  });

export type CreatePostInput = z.infer<typeof createPostInput>;

/** Clients may send this header so a retried request never creates a second post. */
export const idempotencyKeyHeader = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'use 1-255 visible ASCII characters, e.g. a UUID').optional();

export interface CreatePostDeps {
  readonly posts: PostsRepository;
  readonly accounts: AccountsRepository;
  readonly adapters: AdapterRegistry;
  readonly scheduler: PublishScheduler;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
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
  options: { idempotencyKey?: string } = {},
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

  const length = adapter.measureText(adapter.composeText({ text: input.text, link: input.link }));
  if (length > adapter.limits.maxTextLength) {
    throw new ValidationError([{
      field: 'text',
      message: `is ${length} characters as ${account.network} counts them (link included); ${account.network}'s limit is ${adapter.limits.maxTextLength}`,
    }]);
  }

  const due = input.dueAt ? new Date(input.dueAt) : now;
  if (input.dueAt && !input.publishNow && due.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw new ValidationError([{ field: 'dueAt', message: `${input.dueAt} is in the past; pick a future time or set publishNow: true` }]);
  }
  const dueAt = input.publishNow ? now : due;

  const timestamp = now.toISOString();
  const post: Post = {
    brandId,
    postId: deps.newId(),
    accountId: account.accountId,
    network: account.network,
    text: input.text,
    link: input.link,
    dueAt: dueAt.toISOString(),
    status: 'scheduled',
    attempts: 0,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  try {
    await deps.posts.create(post, { idempotencyKey });
  } catch (error) {
    // A concurrent request with the same key won the race: answer with its post.
    const earlier = error instanceof DuplicateRequestError ? await deps.posts.findByIdempotencyKey(brandId, idempotencyKey!, deps.now()) : undefined;
    if (earlier) return replay(earlier, deps);
    throw error;
  }
  try {
    await deps.scheduler.schedule({ brandId, postId: post.postId }, dueAt);
  } catch (error) {
    await deps.posts.remove(brandId, post.postId, idempotencyKey);
    throw error;
  }
  await deps.publish([scheduledEvent(post)]);
  return { post, replayed: false };
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

const scheduledEvent = (post: Post) =>
  event(PostScheduled, { schemaVersion: 1, brandId: post.brandId, postId: post.postId, accountId: post.accountId, network: post.network, dueAt: post.dueAt });
