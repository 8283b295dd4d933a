/**
 * One message for several channels at once, with per-network variants: shared fields plus,
 * per account, the text, link or media that suit that network. Every variant is validated
 * before any is stored, so a group is accepted whole or refused with every reason; each
 * variant then becomes its own post (its own exactly-once state machine) sharing a `groupId`.
 *
 * When a variant fails to be stored, the ones already scheduled are cancelled. Should one of them
 * not cancel, the caller is told which posts may still go out (409, not the original 5xx a client
 * would retry): sending the group again would otherwise publish those twice.
 */
import { z } from 'zod';
import type { Post } from './post.js';
import { createPost, type CreatePostDeps } from './create-post.js';
import { ConflictError, PillarsError, ValidationError, type FieldIssue } from '../platform/errors.js';
import { logger } from '../platform/observability.js';
import { toFieldIssues } from '../platform/middleware/zod-issues.js';
import { validateForNetwork } from './validate-content.js';
import { checkMedia } from './media-check.js';
import { cancelPost } from './workflow.js';
import { createPostInput, postGroupInput } from '../contracts/api/publishing.js';

export type PostGroupInput = z.infer<typeof postGroupInput>;

/** A variant already scheduled that could not be cancelled after another variant failed. */
export interface VariantLeftScheduled {
  readonly accountId: string;
  readonly postId: string;
  readonly reason: string;
}

/** The group was not created, and some of its variants may still go out. */
export class PostGroupLeftScheduledError extends ConflictError {
  readonly left: readonly VariantLeftScheduled[];
  constructor(failedAccountId: string, failure: unknown, left: readonly VariantLeftScheduled[]) {
    super(`the group was not created: the "${failedAccountId}" variant failed (${exposedReason(failure)}), and ${left.length} variant(s) `
      + 'already scheduled could not be cancelled and may still go out: '
      + `${left.map((l) => `post ${l.postId} on "${l.accountId}" (${l.reason})`).join(', ')}. `
      + 'Check each with GET /posts/{postId} (pillars post get) and cancel it with DELETE /posts/{postId} (pillars post cancel) before sending the group again.', { cause: failure });
    this.left = left;
  }
}

export async function createPostGroup(
  brandId: string, input: PostGroupInput, deps: CreatePostDeps, options: { idempotencyKey?: string; userId?: string } = {},
): Promise<{ groupId: string; posts: Post[] }> {
  const { variants, ...shared } = input;
  const groupId = deps.newId();
  // Each variant must be a valid post on its own: check them all before storing any.
  const inputs = Object.entries(variants).map(([accountId, variant]) => ({ accountId, body: { ...shared, ...variant, accountId } }));
  const issues: FieldIssue[] = inputs.flatMap(({ accountId, body }) => {
    const parsed = createPostInput.safeParse(body);
    return parsed.success ? [] : toFieldIssues(parsed.error, 'body').map((i) => ({ field: `variants.${accountId}.${i.field}`, message: i.message }));
  });
  for (const { accountId, body } of issues.length ? [] : inputs) {
    const account = await deps.accounts.get(brandId, accountId);
    const adapter = account && deps.adapters(account.network);
    if (!account || !adapter) {
      issues.push({ field: `variants.${accountId}`, message: account ? `network "${account.network}" has no adapter` : `unknown network account "${accountId}" for this brand` });
      continue;
    }
    const content = createPostInput.parse(body);
    const found = validateForNetwork(adapter, content);
    if (!found.length && content.media?.length) found.push(...await (deps.checkMedia ?? checkMedia)(content.media));
    issues.push(...found.map((i) => ({ field: `variants.${accountId}.${i.field}`, message: i.message })));
  }
  if (issues.length) throw new ValidationError(issues);

  const posts: Post[] = [];
  for (const { accountId, body } of inputs) {
    try {
      const { post } = await createPost(brandId, createPostInput.parse(body), deps, {
        userId: options.userId, groupId,
        idempotencyKey: options.idempotencyKey ? `${options.idempotencyKey}:${accountId}` : undefined,
      });
      posts.push(post);
    } catch (error) {
      // Accepted whole or not at all: take back the variants already scheduled.
      const left: VariantLeftScheduled[] = [];
      for (const post of posts) {
        try {
          await cancelPost(brandId, post.postId, deps);
        } catch (cancelError) {
          left.push({ accountId: post.accountId, postId: post.postId, reason: exposedReason(cancelError) });
          logger.error('post group: a variant already scheduled could not be cancelled', { groupId, postId: post.postId, accountId: post.accountId, error: cancelError });
        }
      }
      if (left.length > 0) {
        logger.error('post group: a variant failed', { groupId, accountId, error });
        throw new PostGroupLeftScheduledError(accountId, error, left);
      }
      if (error instanceof ValidationError) {
        throw new ValidationError(error.issues.map((i) => ({ field: `variants.${accountId}.${i.field}`, message: i.message })));
      }
      throw error;
    }
  }
  return { groupId: posts[0]?.groupId ?? groupId, posts };
}

/** What the caller may read of an error: the message of a 4xx, not the details of a 5xx. */
function exposedReason(error: unknown): string {
  return error instanceof PillarsError && error.expose ? error.message : 'an internal error';
}
