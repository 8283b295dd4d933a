/**
 * One message for several channels at once, with per-network variants: shared fields plus,
 * per account, the text, link or media that suit that network. Every variant is validated
 * before any is stored, so a group is accepted whole or refused with every reason; each
 * variant then becomes its own post (its own exactly-once state machine) sharing a `groupId`.
 */
import { z } from 'zod';
import type { Post } from './post.js';
import { createPost, type CreatePostDeps } from './create-post.js';
import { ValidationError, type FieldIssue } from '../platform/errors.js';
import { toFieldIssues } from '../platform/middleware/zod-issues.js';
import { validateForNetwork } from './validate-content.js';
import { checkMedia } from './media-check.js';
import { cancelPost } from './workflow.js';
import { createPostInput, postGroupInput } from '../contracts/api/publishing.js';

export type PostGroupInput = z.infer<typeof postGroupInput>;

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
      for (const post of posts) await cancelPost(brandId, post.postId, deps).catch(() => undefined);
      if (error instanceof ValidationError) {
        throw new ValidationError(error.issues.map((i) => ({ field: `variants.${accountId}.${i.field}`, message: i.message })));
      }
      throw error;
    }
  }
  return { groupId: posts[0]?.groupId ?? groupId, posts };
}
