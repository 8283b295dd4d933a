/**
 * Evergreen recycling: when an evergreen post goes out, its next repeat is created for
 * `everyDays` later (the account's next free queue slot from then, when it has a queue), until
 * it has gone out `maxTimes` more times. The repeat's Idempotency-Key is derived from the post
 * that went out, so a redelivered PostPublished never creates a second repeat.
 */
import type { Post } from './post.js';
import { createPost, type CreatePostDeps } from './create-post.js';

export type RecycleOutcome =
  | { kind: 'not_evergreen' | 'series_complete' }
  | { kind: 'scheduled'; post: Post; replayed: boolean };

export async function recycleEvergreen(published: Post, deps: CreatePostDeps): Promise<RecycleOutcome> {
  if (!published.evergreen) return { kind: 'not_evergreen' };
  const number = (published.recycleNumber ?? 0) + 1;
  if (number > published.evergreen.maxTimes) return { kind: 'series_complete' };
  const from = Date.parse(published.publishedAt ?? published.dueAt) + published.evergreen.everyDays * 86_400_000;
  const hasQueue = Boolean(deps.queues && (await deps.queues.get(published.brandId, published.accountId)));
  const { post, replayed } = await createPost(published.brandId, {
    accountId: published.accountId,
    text: published.text,
    link: published.link,
    media: published.media ? [...published.media] : undefined,
    thread: published.thread ? [...published.thread] : undefined,
    firstComment: published.firstComment,
    campaign: published.campaign,
    pillar: published.pillar,
    evergreen: published.evergreen,
    ...(hasQueue ? { queue: true } : { dueAt: new Date(from).toISOString() }),
  }, deps, {
    idempotencyKey: `evergreen:${published.postId}`,
    queueFrom: new Date(from),
    recycledFrom: { postId: published.recycledFrom ?? published.postId, number },
  });
  return { kind: 'scheduled', post, replayed };
}
