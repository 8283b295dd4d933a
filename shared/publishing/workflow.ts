/**
 * The editorial workflow around publishing: submit for review, approve (which schedules),
 * send back, cancel, and edit. Every step is a conditional transition from the states it is
 * allowed in, so two people acting at once cannot both succeed, and an edit of an approved
 * post sends it back to review where the brand requires approval.
 */
import type { Post, PostStatus } from './post.js';
import type { CreatePostDeps } from './create-post.js';
import { dueInstant, scheduledEvent } from './create-post.js';
import { validateForNetwork } from './validate-content.js';
import { outgoingLink } from './links/outgoing-link.js';
import { checkMedia } from './media-check.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.js';
import { toFieldIssues } from '../platform/middleware/zod-issues.js';
import { editPostInput } from '../contracts/api/publishing.js';

export type WorkflowDeps = CreatePostDeps;

export { ForbiddenError };

export type EditPostInput = ReturnType<typeof editPostInput.parse>;

const EDITABLE: readonly PostStatus[] = ['draft', 'in_review', 'scheduled', 'held', 'failed'];
const CANCELLABLE: readonly PostStatus[] = ['draft', 'in_review', 'scheduled', 'held', 'failed'];

export async function submitForReview(brandId: string, postId: string, deps: WorkflowDeps): Promise<Post> {
  const post = await load(brandId, postId, deps);
  const moved = await deps.posts.transition(brandId, postId, { from: ['draft'], to: 'in_review', remove: ['reviewNote'] });
  if (!moved) throw new ConflictError(`post ${postId} is ${post.status}; only a draft can be submitted for review`);
  if (!(await deps.settings.get(brandId)).requireApproval) return schedule(moved, 'in_review', deps);
  return moved;
}

export async function approvePost(brandId: string, postId: string, userId: string, deps: WorkflowDeps): Promise<Post> {
  const post = await load(brandId, postId, deps);
  if (post.status !== 'in_review') throw new ConflictError(`post ${postId} is ${post.status}; only a post in review can be approved`);
  if (post.createdBy && post.createdBy === userId) throw new ForbiddenError('you wrote this post; someone else must approve it');
  if (Date.parse(post.dueAt) < deps.now().getTime()) {
    throw new ValidationError([{ field: 'dueAt', message: `${post.dueAt} has passed; edit the due time, then approve` }]);
  }
  return schedule(post, 'in_review', deps, { approvedBy: userId, approvedAt: deps.now().toISOString() });
}

export async function rejectPost(brandId: string, postId: string, note: string, deps: WorkflowDeps): Promise<Post> {
  const post = await load(brandId, postId, deps);
  const moved = await deps.posts.transition(brandId, postId, { from: ['in_review'], to: 'draft', set: { reviewNote: note } });
  if (!moved) throw new ConflictError(`post ${postId} is ${post.status}; only a post in review can be sent back`);
  return moved;
}

export async function cancelPost(brandId: string, postId: string, deps: WorkflowDeps): Promise<Post> {
  const post = await load(brandId, postId, deps);
  // Transition first: once cancelled, a trigger that still fires finds nothing to publish.
  const moved = await deps.posts.transition(brandId, postId, { from: CANCELLABLE, to: 'cancelled', remove: ['queueSlot'] });
  if (!moved) throw new ConflictError(`post ${postId} is ${post.status}; it can no longer be cancelled`);
  await deps.scheduler.cancel(postId);
  await freeSlot(post, deps);
  return moved;
}

export async function editPost(brandId: string, postId: string, patch: EditPostInput, deps: WorkflowDeps): Promise<Post> {
  const post = await load(brandId, postId, deps);
  if (!EDITABLE.includes(post.status)) throw new ConflictError(`post ${postId} is ${post.status}; it can no longer be edited`);
  const merged = mergeEdit(post, patch);
  const adapter = deps.adapters(post.network);
  if (!adapter) throw new ValidationError([{ field: 'accountId', message: `network "${post.network}" has no adapter in this deployment` }]);
  // A new link or campaign changes the tagged link, so it is shortened again.
  const relink = patch.link !== undefined || patch.campaign !== undefined;
  const shortened = relink ? await outgoingLink(merged.link, { network: post.network, campaign: merged.campaign }, await deps.shortenerFor?.(brandId)) : undefined;
  const issues = validateForNetwork(adapter, { ...merged, link: (shortened ? shortened.shortLink : post.shortLink) ?? merged.link });
  if (issues.length === 0 && patch.media?.length) issues.push(...await (deps.checkMedia ?? checkMedia)(patch.media));
  if (issues.length) throw new ValidationError(issues);

  const due = patch.dueAt !== undefined ? dueInstant({ dueAt: patch.dueAt, timezone: merged.timezone })! : new Date(post.dueAt);
  const goesOut = post.status === 'scheduled' || post.status === 'failed';
  if (goesOut && due.getTime() < deps.now().getTime()) {
    throw new ValidationError([{ field: 'dueAt', message: `${due.toISOString()} is in the past; pick a future time` }]);
  }
  const { requireApproval } = await deps.settings.get(brandId);
  const next: PostStatus = goesOut && requireApproval ? 'in_review' : post.status === 'failed' ? 'scheduled' : post.status;
  const edited = await deps.posts.transition(brandId, postId, {
    from: [post.status],
    ifVersion: post.version ?? 0,
    to: next === 'scheduled' ? post.status : next,
    set: { ...merged, ...shortened, dueAt: due.toISOString() },
    remove: [
      ...clearedFields(patch),
      ...(shortened && !shortened.shortLink ? ['shortLink'] as const : []),
      ...(shortened && !shortened.linkNote ? ['linkNote'] as const : []),
      ...(next === 'in_review' ? ['approvedBy', 'approvedAt'] as const : []),
      ...(patch.dueAt !== undefined ? ['queueSlot'] as const : []),
    ],
  });
  if (!edited) throw new ConflictError(`post ${postId} changed while you edited it; reload and try again`);
  // A post given its own time leaves the queue slot it held.
  if (patch.dueAt !== undefined) await freeSlot(post, deps);
  if (next === 'in_review' && goesOut) {
    await deps.scheduler.cancel(postId);
    return edited;
  }
  if (next === 'scheduled') return schedule(edited, edited.status, deps);
  return edited;
}

/** Puts the post on the schedule at its due time and announces it. */
async function schedule(post: Post, from: PostStatus, deps: WorkflowDeps, set: Partial<Post> = {}): Promise<Post> {
  const moved = from === 'scheduled' ? post : await deps.posts.transition(post.brandId, post.postId, {
    from: [from], to: 'scheduled', set: { ...set, attempts: 0 }, remove: ['failureReason', 'failureKind', 'reviewNote'],
  });
  if (!moved) throw new ConflictError(`post ${post.postId} changed meanwhile; reload and try again`);
  await deps.scheduler.schedule({ brandId: post.brandId, postId: post.postId }, new Date(moved.dueAt));
  await deps.publish([scheduledEvent(moved)]);
  return moved;
}

async function freeSlot(post: Post, deps: WorkflowDeps): Promise<void> {
  if (post.queueSlot && deps.queues) await deps.queues.release(post.brandId, post.accountId, post.queueSlot);
}

async function load(brandId: string, postId: string, deps: WorkflowDeps): Promise<Post> {
  const post = await deps.posts.get(brandId, postId);
  if (!post) throw new NotFoundError(`post ${postId}`);
  return post;
}

function mergeEdit(post: Post, patch: EditPostInput) {
  const pick = <K extends keyof EditPostInput>(key: K, current: unknown) => (patch[key] === undefined ? current : patch[key] ?? undefined);
  return {
    text: (patch.text ?? post.text) as string,
    link: pick('link', post.link) as string | undefined,
    media: (patch.media ?? post.media) as Post['media'],
    thread: (patch.thread ?? post.thread) as Post['thread'],
    firstComment: pick('firstComment', post.firstComment) as string | undefined,
    campaign: pick('campaign', post.campaign) as string | undefined,
    pillar: pick('pillar', post.pillar) as string | undefined,
    timezone: (patch.timezone ?? post.timezone) as string | undefined,
  };
}

function clearedFields(patch: EditPostInput): (keyof Post)[] {
  return (['link', 'firstComment', 'campaign', 'pillar'] as const).filter((key) => patch[key] === null);
}

export function parseEdit(body: unknown): EditPostInput {
  const parsed = editPostInput.safeParse(body);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'body'));
  return parsed.data;
}
