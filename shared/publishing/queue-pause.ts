/**
 * Crisis mode for the publishing queue. While a brand's queue is paused, a post whose trigger
 * fires is held (not published). On resume, held posts are rescheduled by one stated policy:
 * - held posts go out again in their original order, the first `gapMinutes` after the resume and
 *   then `gapMinutes` apart, so a backlog does not burst onto the networks;
 * - a post whose due time passed more than `staleAfterHours` ago goes back to draft instead, since
 *   yesterday's message may no longer fit after a crisis;
 * - posts not yet due were never touched and keep their time.
 * A queue paused by a crisis resumes when the crisis is resolved; one paused by hand only by hand.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Post } from './post.js';
import type { PostsRepository } from './store/posts-repository.js';
import type { PublishScheduler } from './publish-schedule.js';
import { event, type OutgoingEvent } from '../platform/events/publisher.js';
import { QueuePaused, QueueResumed } from '../contracts/events/catalogue.js';
import { keys } from '../platform/store/keys.js';
import { scheduledEvent } from './create-post.js';

export interface PauseState {
  readonly paused: boolean;
  readonly cause?: 'crisis' | 'manual';
  readonly reason?: string;
  readonly since?: string;
}

export interface PauseRepository {
  get(brandId: string): Promise<PauseState>;
  put(brandId: string, state: PauseState): Promise<void>;
}

export function createPauseRepository(client: DynamoDBDocumentClient, tableName: string): PauseRepository {
  const key = (brandId: string) => ({ pk: keys.brand(brandId), sk: keys.queuePause });
  return {
    async get(brandId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(brandId), ConsistentRead: true }));
      return Item ? { paused: Boolean(Item.paused), cause: Item.cause, reason: Item.reason, since: Item.since } : { paused: false };
    },
    async put(brandId, state) {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...key(brandId), type: 'queue-pause', ...state } }));
    },
  };
}

export interface ResumePolicy {
  readonly gapMinutes: number;
  readonly staleAfterHours: number;
}

export const DEFAULT_RESUME_POLICY: ResumePolicy = { gapMinutes: 5, staleAfterHours: 24 };

export interface QueueDeps {
  readonly pauses: PauseRepository;
  readonly posts: PostsRepository;
  readonly scheduler: PublishScheduler;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
}

export async function pauseQueue(brandId: string, cause: 'crisis' | 'manual', reason: string, deps: QueueDeps): Promise<PauseState> {
  const current = await deps.pauses.get(brandId);
  if (current.paused) return current;
  const state: PauseState = { paused: true, cause, reason, since: deps.now().toISOString() };
  await deps.pauses.put(brandId, state);
  await deps.publish([event(QueuePaused, { schemaVersion: 1, brandId, reason, cause })]);
  return state;
}

/** Resumes the queue (a crisis resolution only resumes a crisis pause) and reschedules held posts. */
export async function resumeQueue(
  brandId: string, cause: 'crisis' | 'manual', deps: QueueDeps, policy: ResumePolicy = DEFAULT_RESUME_POLICY,
): Promise<{ resumed: boolean; rescheduled: number; returnedToDraft: number }> {
  const current = await deps.pauses.get(brandId);
  if (!current.paused || (cause === 'crisis' && current.cause === 'manual')) return { resumed: false, rescheduled: 0, returnedToDraft: 0 };
  await deps.pauses.put(brandId, { paused: false });
  const now = deps.now().getTime();
  const held = (await deps.posts.listByStatus(brandId, 'held')).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  let rescheduled = 0;
  let returnedToDraft = 0;
  for (const post of held) {
    if (now - Date.parse(post.dueAt) > policy.staleAfterHours * 3_600_000) {
      const moved = await deps.posts.transition(brandId, post.postId, {
        from: ['held'], to: 'draft', set: { reviewNote: `held during a paused queue for more than ${policy.staleAfterHours} h; check it still fits, then submit it again` },
      });
      if (moved) returnedToDraft++;
      continue;
    }
    const at = new Date(now + (rescheduled + 1) * policy.gapMinutes * 60_000);
    const moved = await deps.posts.transition(brandId, post.postId, { from: ['held'], to: 'scheduled', set: { dueAt: at.toISOString() } });
    if (!moved) continue;
    await deps.scheduler.schedule({ brandId, postId: post.postId }, at);
    await deps.publish([scheduledEvent(moved as Post)]);
    rescheduled++;
  }
  await deps.publish([event(QueueResumed, { schemaVersion: 1, brandId, rescheduled, returnedToDraft })]);
  return { resumed: true, rescheduled, returnedToDraft };
}
