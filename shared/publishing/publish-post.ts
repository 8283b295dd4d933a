/**
 * Publishing one due post, exactly once, whatever the delivery does (duplicates, concurrent
 * invocations, a crash at any step):
 * 1. claim: scheduled|unconfirmed → publishing with a fresh fencing token (a conditional write;
 *    only one invocation wins);
 * 2. call the network with the post id as idempotency key;
 * 3. record the outcome under the same fence.
 * A `publishing` post whose lease expired (its invocation died) is reclaimed only when the
 * network dedupes by idempotency key, so the repeated call returns the first result instead of
 * posting twice. An unknown outcome never triggers a blind retry: the post becomes
 * `unconfirmed` and is reconciled the same way.
 */
import type { Post } from './post.js';
import type { PostsRepository } from '../store/posts-repository.js';
import type { AccountsRepository } from '../store/accounts-repository.js';
import type { AdapterRegistry } from '../networks/registry.js';
import type { CredentialsLookup } from '../networks/credentials.js';
import { NetworkError } from '../networks/contract.js';
import type { PublishScheduler, PublishTrigger } from './publish-schedule.js';
import { event, type OutgoingEvent } from '../events/publisher.js';
import { PostFailed, PostPublished, PostUnconfirmed } from '../events/catalogue.js';
import { PillarsError } from '../errors.js';
import { composeText } from './create-post.js';

export interface PublishPostDeps {
  readonly posts: PostsRepository;
  readonly accounts: AccountsRepository;
  readonly credentials: CredentialsLookup;
  readonly adapters: AdapterRegistry;
  readonly scheduler: PublishScheduler;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly policy?: Partial<PublishPolicy>;
}

export interface PublishPolicy {
  /** How long a claim holds before another invocation may take over; longer than the function timeout. */
  readonly leaseMs: number;
  /** Attempts before a transient failure becomes final. */
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly reconcileDelayMs: number;
}

export const DEFAULT_POLICY: PublishPolicy = { leaseMs: 120_000, maxAttempts: 5, retryBaseMs: 30_000, reconcileDelayMs: 30_000 };

export type PublishOutcome =
  | { kind: 'published'; post: Post }
  | { kind: 'skipped'; reason: string }
  | { kind: 'retry_scheduled'; at: string; reason: string }
  | { kind: 'unconfirmed'; reason: string }
  | { kind: 'failed'; reason: string };

/** Thrown while another invocation holds a live claim, so Lambda's retry comes back after the lease. */
export class PublishInProgressError extends PillarsError {
  constructor(postId: string) {
    super(`post ${postId} is being published by another invocation`, 409);
  }
}

export async function publishPost(trigger: PublishTrigger, deps: PublishPostDeps): Promise<PublishOutcome> {
  const policy = { ...DEFAULT_POLICY, ...deps.policy };
  const post = await deps.posts.get(trigger.brandId, trigger.postId);
  if (!post) return { kind: 'skipped', reason: 'post no longer exists' };
  if (post.announcePending) {
    await announce(post, deps);
    return { kind: 'skipped', reason: `announced its earlier outcome (${post.status})` };
  }

  const account = await deps.accounts.get(post.brandId, post.accountId);
  const adapter = deps.adapters(post.network);
  const claimable = claimableFrom(post, deps.now(), policy, adapter?.idempotentPublish === true);
  if (claimable === 'in_progress') throw new PublishInProgressError(post.postId);
  if (claimable === undefined) return { kind: 'skipped', reason: `post is ${post.status}` };

  const attemptId = deps.newId();
  const claimed = await deps.posts.transition(post.brandId, post.postId, {
    from: [claimable],
    attemptId: claimable === 'publishing' ? post.attemptId : undefined,
    to: 'publishing',
    set: { attemptId, publishingSince: deps.now().toISOString(), attempts: post.attempts + 1 },
  });
  if (!claimed) return { kind: 'skipped', reason: 'another invocation claimed the post first' };

  if (!account || !adapter) return fail(claimed, attemptId, 'disconnected', `account ${post.accountId} is no longer connected; reconnect it and reschedule the post`, deps);
  const credentials = await deps.credentials(account.accountId);
  if (!credentials) return fail(claimed, attemptId, 'refresh_credentials', `no credentials stored for account ${account.accountId}; reconnect it`, deps);

  try {
    const ref = await adapter.publish(account, credentials, { text: composeText(claimed.text, claimed.link), idempotencyKey: claimed.postId });
    const published = await deps.posts.transition(claimed.brandId, claimed.postId, {
      from: ['publishing'],
      attemptId,
      to: 'published',
      set: { networkPostId: ref.networkPostId, url: ref.url, publishedAt: ref.publishedAt, announcePending: true },
      remove: ['attemptId', 'publishingSince', 'failureReason', 'failureKind'],
    });
    if (!published) return { kind: 'skipped', reason: 'lost the claim while publishing; the newer claim records the outcome' };
    return { kind: 'published', post: await announce(published, deps) };
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    return handleNetworkError(claimed, attemptId, error, policy, deps, adapter.idempotentPublish === true);
  }
}

function claimableFrom(post: Post, now: Date, policy: PublishPolicy, idempotent: boolean): 'scheduled' | 'unconfirmed' | 'publishing' | 'in_progress' | undefined {
  if (post.status === 'scheduled' || post.status === 'unconfirmed') return post.status;
  if (post.status !== 'publishing') return undefined;
  const since = post.publishingSince ? Date.parse(post.publishingSince) : 0;
  if (now.getTime() - since < policy.leaseMs) return 'in_progress';
  // The holder died mid-call. Only a network that dedupes by key makes a second call safe.
  return idempotent ? 'publishing' : undefined;
}

async function handleNetworkError(post: Post, attemptId: string, error: NetworkError, policy: PublishPolicy, deps: PublishPostDeps, idempotent: boolean): Promise<PublishOutcome> {
  switch (error.kind) {
    case 'retry_later': {
      if (post.attempts >= policy.maxAttempts) {
        return fail(post, attemptId, 'retry_later', `${error.message} (gave up after ${post.attempts} attempts)`, deps);
      }
      const delay = Math.max(error.retryAfterMs ?? 0, policy.retryBaseMs * 2 ** (post.attempts - 1));
      const at = new Date(deps.now().getTime() + delay);
      const moved = await deps.posts.transition(post.brandId, post.postId, {
        from: ['publishing'], attemptId, to: 'scheduled', set: { failureReason: error.message }, remove: ['attemptId', 'publishingSince'],
      });
      if (!moved) return { kind: 'skipped', reason: 'lost the claim' };
      await deps.scheduler.schedule(refOf(post), at);
      return { kind: 'retry_scheduled', at: at.toISOString(), reason: error.message };
    }
    case 'unknown_outcome': {
      const moved = await deps.posts.transition(post.brandId, post.postId, {
        from: ['publishing'], attemptId, to: 'unconfirmed', set: { failureReason: error.message }, remove: ['attemptId', 'publishingSince'],
      });
      if (!moved) return { kind: 'skipped', reason: 'lost the claim' };
      await deps.publish([event(PostUnconfirmed, { schemaVersion: 1, ...refOf(post), reason: error.message })]);
      // Reconcile by replaying the idempotency key, which returns the first result if it landed.
      if (idempotent) await deps.scheduler.schedule(refOf(post), new Date(deps.now().getTime() + policy.reconcileDelayMs));
      return { kind: 'unconfirmed', reason: error.message };
    }
    case 'refresh_credentials':
      return fail(post, attemptId, error.kind, `${error.message}: the account's token was rejected; reconnect the account`, deps);
    case 'bad_content':
    case 'disconnected':
      return fail(post, attemptId, error.kind, error.message, deps);
  }
}

async function fail(post: Post, attemptId: string, kind: NonNullable<Post['failureKind']>, reason: string, deps: PublishPostDeps): Promise<PublishOutcome> {
  const moved = await deps.posts.transition(post.brandId, post.postId, {
    from: ['publishing'], attemptId, to: 'failed', set: { failureReason: reason, failureKind: kind, announcePending: true }, remove: ['attemptId', 'publishingSince'],
  });
  if (!moved) return { kind: 'skipped', reason: 'lost the claim' };
  await announce(moved, deps);
  return { kind: 'failed', reason };
}

/**
 * Puts a final outcome's event on the bus, then clears the pending flag. If the bus fails, the
 * error propagates (the invocation is retried) and the flag stays for the retry to announce.
 */
async function announce(post: Post, deps: PublishPostDeps): Promise<Post> {
  if (post.status === 'published') {
    await deps.publish([event(PostPublished, {
      schemaVersion: 1, ...refOf(post), networkPostId: post.networkPostId!, url: post.url, dueAt: post.dueAt, publishedAt: post.publishedAt!,
    })]);
  } else if (post.status === 'failed') {
    await deps.publish([event(PostFailed, {
      schemaVersion: 1, ...refOf(post), reason: post.failureReason ?? 'unknown', errorKind: post.failureKind ?? 'internal',
    })]);
  }
  const cleared = await deps.posts.transition(post.brandId, post.postId, { from: [post.status], to: post.status, remove: ['announcePending'] });
  return cleared ?? post;
}

const refOf = (post: Post) => ({ brandId: post.brandId, postId: post.postId, accountId: post.accountId, network: post.network });
