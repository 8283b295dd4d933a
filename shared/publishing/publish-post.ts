/**
 * Publishing one due post, exactly once, whatever the delivery does (duplicates, concurrent
 * invocations, a crash at any step):
 * 1. claim: scheduled|unconfirmed → publishing with a fresh fencing token (a conditional write;
 *    only one invocation wins);
 * 2. call the network with the post id as idempotency key;
 * 3. record the outcome under the same fence.
 * An unknown outcome never triggers a blind retry: the post becomes `unconfirmed` (as does a
 * `publishing` post whose invocation died, once its lease expires) and is reconciled — by
 * replaying the idempotency key where the network dedupes by it, otherwise by looking for the
 * post among the account's recent posts, and publishing only after two lookups found nothing.
 * A rejected token is refreshed per the network's policy and the call retried once.
 *
 * Rate limits are honoured before the call: an account the network reported exhausted, or whose
 * documented quota window is used up, does not get the post now; the claim is handed back and the
 * post rescheduled to the reset (plus jitter, so a backlog does not land in one burst), without
 * spending an attempt. Every answer's rate-limit headers, and every 429, update that state.
 *
 * A post whose main part went out is `published` even when a thread reply or the first comment
 * did not: re-sending would duplicate the main part. What is missing is recorded on the post
 * (`partialFailure`) and never retried on its own (see README, "Partial success").
 */
import type { Post } from './post.js';
import type { PostsRepository } from './store/posts-repository.js';
import type { AccountsRepository } from '../networks/accounts/accounts-repository.js';
import type { AdapterRegistry } from '../networks/registry.js';
import type { CredentialsLookup } from '../networks/accounts/credentials.js';
import {
  NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials, type PublishedRef, type PublishRequest, type RecentPost,
} from '../networks/contract.js';
import type { RateLimitRepository } from './store/rate-limit-repository.js';
import { findOurPost } from './reconcile.js';
import { rateLimitWait, type RateLimitWait } from './rate-limit.js';
import { tagLink } from './utm.js';
import type { PauseRepository } from './queue-pause.js';
import type { PublishScheduler, PublishTrigger } from './publish-schedule.js';
import { event, type OutgoingEvent } from '../platform/events/publisher.js';
import { PostFailed, PostPublished, PostUnconfirmed } from '../contracts/events/catalogue.js';
import { PillarsError } from '../platform/errors.js';

export interface PublishPostDeps {
  readonly posts: PostsRepository;
  readonly accounts: AccountsRepository;
  readonly credentials: CredentialsLookup;
  /** The brand's queue pause (crisis mode); absent means never paused. */
  readonly pauses?: PauseRepository;
  /** Each account's rate-limit state; absent means only the network's 429s slow publishing down. */
  readonly rateLimits?: RateLimitRepository;
  /** Refreshes and stores an account's credentials; absent where refreshing is not wired. */
  readonly refreshCredentials?: (account: NetworkAccount, adapter: NetworkAdapter, current: NetworkCredentials) => Promise<NetworkCredentials>;
  readonly adapters: AdapterRegistry;
  readonly scheduler: PublishScheduler;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
  /** In [0, 1), for the jitter of rate-limit waits. @default Math.random */
  readonly random?: () => number;
  readonly policy?: Partial<PublishPolicy>;
}

export interface PublishPolicy {
  /** How long a claim holds before another invocation may take over; longer than the function timeout. */
  readonly leaseMs: number;
  /** Attempts before a transient failure becomes final. */
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly reconcileDelayMs: number;
  /** Up to this much is added to a rate-limit reset, so the posts held back do not all fire at once. */
  readonly rateLimitJitterMs: number;
}

export const DEFAULT_POLICY: PublishPolicy = { leaseMs: 120_000, maxAttempts: 5, retryBaseMs: 30_000, reconcileDelayMs: 30_000, rateLimitJitterMs: 30_000 };

/** Lookups that must find nothing before a non-idempotent network is sent the post again. */
const RECONCILE_LOOKUPS = 2;

export type PublishOutcome =
  | { kind: 'published'; post: Post; reconciled?: boolean }
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

  if (post.status === 'scheduled' && (await deps.pauses?.get(post.brandId))?.paused) {
    const held = await deps.posts.transition(post.brandId, post.postId, { from: ['scheduled'], to: 'held' });
    return { kind: 'skipped', reason: held ? 'the brand queue is paused; the post is held until it resumes' : `post is ${post.status}` };
  }

  const account = await deps.accounts.get(post.brandId, post.accountId);
  const adapter = deps.adapters(post.network);
  const claimable = claimableFrom(post, deps.now(), policy);
  if (claimable === 'in_progress') throw new PublishInProgressError(post.postId);
  if (claimable === undefined) return { kind: 'skipped', reason: `post is ${post.status}` };

  // Read before the claim: a failed read then leaves nothing claimed to wait out.
  const limits = await deps.rateLimits?.get(post.brandId, post.accountId);
  const attemptId = deps.newId();
  const claimed = await deps.posts.transition(post.brandId, post.postId, {
    from: [claimable],
    attemptId: claimable === 'publishing' ? post.attemptId : undefined,
    to: 'publishing',
    set: { attemptId, publishingSince: deps.now().toISOString(), attempts: post.attempts + 1, firstAttemptAt: post.firstAttemptAt ?? deps.now().toISOString() },
  });
  if (!claimed) return { kind: 'skipped', reason: 'another invocation claimed the post first' };

  if (!account || !adapter) return fail(claimed, attemptId, 'disconnected', `account ${post.accountId} is no longer connected; reconnect it and reschedule the post`, deps);
  const credentials = await deps.credentials(account);
  if (!credentials) return fail(claimed, attemptId, 'refresh_credentials', `no credentials stored for account ${account.accountId}; reconnect it`, deps);

  const request: PublishRequest = {
    text: claimed.text,
    link: claimed.shortLink ?? (claimed.link && tagLink(claimed.link, { source: claimed.network, campaign: claimed.campaign })),
    media: claimed.media,
    thread: claimed.thread,
    firstComment: claimed.firstComment,
    idempotencyKey: claimed.postId,
  };
  try {
    const outcomeUnknown = claimable === 'unconfirmed' || claimable === 'publishing';
    if (outcomeUnknown && !adapter.idempotentPublish) {
      const check = await reconcile(claimed, attemptId, account, adapter, credentials, request, deps, policy);
      if (check) return check;
    }
    const wait = rateLimitWait(limits, adapter.limits.publishQuota, deps.now());
    if (wait) return holdBack(claimed, attemptId, outcomeUnknown ? 'unconfirmed' : 'scheduled', wait, policy, deps);
    const ref = await publishWithRefresh(account, adapter, credentials, request, deps);
    const outcome = await recordPublished(claimed, attemptId, ref, missingParts(request, ref), false, deps);
    // The post is recorded by now: a failure here costs a redelivery that finds it published.
    await noteQuotaUsed(claimed, adapter, ref, deps);
    return outcome;
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    return handleNetworkError(claimed, attemptId, error, policy, deps);
  }
}

async function recordPublished(
  post: Post, attemptId: string, ref: { networkPostId: string; url?: string; publishedAt: string }, partialFailure: string | undefined,
  reconciled: boolean, deps: PublishPostDeps,
): Promise<PublishOutcome> {
  const published = await deps.posts.transition(post.brandId, post.postId, {
    from: ['publishing'],
    attemptId,
    to: 'published',
    set: { networkPostId: ref.networkPostId, url: ref.url, publishedAt: ref.publishedAt, partialFailure, announcePending: true },
    remove: ['attemptId', 'publishingSince', 'failureReason', 'failureKind', 'reconcileChecks'],
  });
  if (!published) return { kind: 'skipped', reason: 'lost the claim while publishing; the newer claim records the outcome' };
  return { kind: 'published', post: await announce(published, deps), reconciled };
}

/**
 * For a network without an idempotency key: is the post already there? Found → published.
 * Not found → look once more later (a fresh post may not be listed yet); after that, the
 * first attempt never landed and publishing goes ahead (undefined).
 */
async function reconcile(
  post: Post, attemptId: string, account: NetworkAccount, adapter: NetworkAdapter, credentials: NetworkCredentials,
  request: PublishRequest, deps: PublishPostDeps, policy: PublishPolicy,
): Promise<PublishOutcome | undefined> {
  const since = new Date(post.firstAttemptAt ?? post.dueAt);
  const recent = await adapter.findRecent(account, credentials, since);
  const found = findOurPost(adapter.composeText(request), since, recent);
  if (found) {
    const ref = { networkPostId: found.networkPostId, url: found.url, publishedAt: found.createdAt };
    return recordPublished(post, attemptId, ref, missingAfterReconcile(request, since, recent), true, deps);
  }
  const checks = (post.reconcileChecks ?? 0) + 1;
  if (checks >= RECONCILE_LOOKUPS) return undefined;
  const moved = await deps.posts.transition(post.brandId, post.postId, {
    from: ['publishing'], attemptId, to: 'unconfirmed', set: { reconcileChecks: checks }, remove: ['attemptId', 'publishingSince'],
  });
  if (!moved) return { kind: 'skipped', reason: 'lost the claim' };
  await deps.scheduler.schedule(refOf(post), new Date(deps.now().getTime() + policy.reconcileDelayMs));
  return { kind: 'unconfirmed', reason: `not among ${account.handle}'s recent posts yet; looking again` };
}

/** A rejected token is refreshed once per the network's policy, then the call is retried once. */
async function publishWithRefresh(account: NetworkAccount, adapter: NetworkAdapter, credentials: NetworkCredentials, request: PublishRequest, deps: PublishPostDeps) {
  try {
    return await adapter.publish(account, credentials, request);
  } catch (error) {
    const refreshable = error instanceof NetworkError && error.kind === 'refresh_credentials' && adapter.credentialPolicy !== 'static' && deps.refreshCredentials;
    if (!refreshable) throw error;
    let fresh: NetworkCredentials;
    try {
      fresh = await deps.refreshCredentials!(account, adapter, credentials);
    } catch (refreshError) {
      throw new NetworkError(adapter.network, 'refresh_credentials', `token refresh failed: ${(refreshError as Error).message}`, { cause: refreshError });
    }
    return adapter.publish(account, fresh, request);
  }
}

function claimableFrom(post: Post, now: Date, policy: PublishPolicy): 'scheduled' | 'unconfirmed' | 'publishing' | 'in_progress' | undefined {
  if (post.status === 'scheduled' || post.status === 'unconfirmed') return post.status;
  if (post.status !== 'publishing') return undefined;
  const since = post.publishingSince ? Date.parse(post.publishingSince) : 0;
  // Past the lease the holder died mid-call: its outcome is unknown, so the post is reconciled.
  return now.getTime() - since < policy.leaseMs ? 'in_progress' : 'publishing';
}

async function handleNetworkError(post: Post, attemptId: string, error: NetworkError, policy: PublishPolicy, deps: PublishPostDeps): Promise<PublishOutcome> {
  switch (error.kind) {
    case 'retry_later': {
      if (error.httpStatus === 429 && error.retryAfterMs !== undefined) {
        // The account's other posts wait for the same reset instead of each meeting its own 429.
        await deps.rateLimits?.recordHeaders(post.brandId, post.accountId, { remaining: 0, resetAt: new Date(deps.now().getTime() + error.retryAfterMs).toISOString() });
      }
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
      // Replaying the key (idempotent networks) or looking up recent posts (the others) settles it.
      await deps.scheduler.schedule(refOf(post), new Date(deps.now().getTime() + policy.reconcileDelayMs));
      return { kind: 'unconfirmed', reason: error.message };
    }
    case 'refresh_credentials':
      return fail(post, attemptId, error.kind, `${error.message}: the account's token was rejected and could not be refreshed; reconnect the account`, deps);
    case 'bad_content':
    case 'disconnected':
      return fail(post, attemptId, error.kind, error.message, deps);
  }
}

/**
 * Hands the claim back without calling the network and without spending an attempt: the post
 * returns to the state it was claimed from (an unknown outcome stays unconfirmed, so it is still
 * reconciled before it is sent) and its trigger moves to the reset.
 */
async function holdBack(
  post: Post, attemptId: string, back: 'scheduled' | 'unconfirmed', wait: RateLimitWait, policy: PublishPolicy, deps: PublishPostDeps,
): Promise<PublishOutcome> {
  const jitter = Math.floor((deps.random ?? Math.random)() * policy.rateLimitJitterMs);
  const at = new Date(wait.until.getTime() + jitter);
  const reason = `rate limited: ${wait.reason}; rescheduled to ${at.toISOString()}`;
  const moved = await deps.posts.transition(post.brandId, post.postId, {
    from: ['publishing'], attemptId, to: back, set: { failureReason: reason, attempts: post.attempts - 1 }, remove: ['attemptId', 'publishingSince'],
  });
  if (!moved) return { kind: 'skipped', reason: 'lost the claim' };
  await deps.scheduler.schedule(refOf(post), at);
  return { kind: 'retry_scheduled', at: at.toISOString(), reason };
}

/** Keeps the account's rate-limit state current: the network's headers and, against its documented quota, Pillars' own count. */
async function noteQuotaUsed(post: Post, adapter: NetworkAdapter, ref: PublishedRef, deps: PublishPostDeps): Promise<void> {
  if (!deps.rateLimits) return;
  if (ref.rateLimit) await deps.rateLimits.recordHeaders(post.brandId, post.accountId, ref.rateLimit);
  const quota = adapter.limits.publishQuota;
  // Each thread reply is a post of its own against the quota.
  if (quota) await deps.rateLimits.countPosts(post.brandId, post.accountId, 1 + (ref.threadPostIds?.length ?? 0), quota, deps.now());
}

/** What of the request did not go out with the main post, as the network's answer shows. */
function missingParts(request: PublishRequest, ref: PublishedRef): string | undefined {
  return describeMissing(request, ref.threadPostIds?.length ?? 0, request.firstComment !== undefined && ref.firstCommentId === undefined ? 'was not posted' : undefined);
}

/** After reconciling, the thread replies found among the account's recent posts; a first comment is not listed there, so it cannot be confirmed. */
function missingAfterReconcile(request: PublishRequest, since: Date, recent: readonly RecentPost[]): string | undefined {
  const parts = request.thread ?? [];
  const found = parts.findIndex((part) => !findOurPost(part, since, recent));
  return describeMissing(request, found === -1 ? parts.length : found, request.firstComment !== undefined ? 'could not be confirmed' : undefined);
}

function describeMissing(request: PublishRequest, repliesPosted: number, firstComment: string | undefined): string | undefined {
  const missing: string[] = [];
  const total = 1 + (request.thread?.length ?? 0);
  if (repliesPosted + 1 < total) {
    const first = repliesPosted + 2;
    missing.push(first === total ? `thread part ${total} of ${total} was not posted` : `thread parts ${first}-${total} of ${total} were not posted`);
  }
  if (firstComment) missing.push(`the first comment ${firstComment}`);
  return missing.length ? missing.join('; ') : undefined;
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
      schemaVersion: 2, ...refOf(post), networkPostId: post.networkPostId!, url: post.url, dueAt: post.dueAt, publishedAt: post.publishedAt!,
      partialFailure: post.partialFailure, text: post.text, link: post.link, campaign: post.campaign, pillar: post.pillar,
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
