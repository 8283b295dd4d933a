/**
 * Crisis mode against DynamoDB Local and the Mastodon sandbox: a paused queue holds due posts
 * instead of publishing them, and resuming reschedules them by the stated policy.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxNetwork, type SandboxNetwork } from '../../../local/stand-ins/mastodon/server.js';
import { createSettingsRepository } from '../../../shared/platform/brand-settings.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createPost } from '../../../shared/publishing/create-post.js';
import { publishPost, type PublishPostDeps } from '../../../shared/publishing/publish-post.js';
import { createPauseRepository, pauseQueue, resumeQueue, type QueueDeps } from '../../../shared/publishing/queue-pause.js';
import type { PublishScheduler, PublishTrigger } from '../../../shared/publishing/publish-schedule.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const START = Date.parse('2026-06-01T09:00:00.000Z');
const MINUTE = 60_000;

class RecordingScheduler implements PublishScheduler {
  readonly scheduled = new Map<string, Date>();
  async schedule(trigger: PublishTrigger, at: Date) { this.scheduled.set(trigger.postId, at); }
  async cancel(postId: string) { this.scheduled.delete(postId); }
}

let table: TestTable;
let sandbox: SandboxNetwork;
let clock: number;
let brandId: string;
let scheduler: RecordingScheduler;
let events: string[];
let deps: PublishPostDeps & QueueDeps & Parameters<typeof createPost>[2];

beforeAll(async () => {
  table = await createTestTable('queue-pause');
  sandbox = await startSandboxNetwork();
  sandbox.addAccount({ username: 'brand', token: 'tok' });
});
afterAll(async () => {
  await sandbox?.close();
  await table?.drop();
});

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  clock = START;
  scheduler = new RecordingScheduler();
  events = [];
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  await accounts.put({ brandId, accountId: 'm', network: 'mastodon', handle: '@brand', baseUrl: sandbox.url });
  deps = {
    posts: createPostsRepository(table.documentClient, table.tableName),
    accounts,
    settings: createSettingsRepository(table.documentClient, table.tableName),
    pauses: createPauseRepository(table.documentClient, table.tableName),
    credentials: async () => ({ accessToken: 'tok' }),
    adapters: createAdapterRegistry([createMastodonAdapter()]),
    scheduler,
    publish: async (es) => { events.push(...es.map((e) => e.entry.detailType)); },
    now: () => new Date(clock),
    newId: () => ulid(),
  };
});

const schedulePost = async (text: string, dueInMinutes: number) =>
  (await createPost(brandId, { accountId: 'm', text, dueAt: new Date(START + dueInMinutes * MINUTE).toISOString() }, deps)).post;
const fire = async (postId: string, atMinutes: number) => {
  clock = START + atMinutes * MINUTE;
  return publishPost({ brandId, postId }, deps);
};

describe('crisis mode', () => {
  it('holds posts that come due while paused, and publishes none of them', async () => {
    const a = await schedulePost(`held A ${brandId}`, 10);
    await pauseQueue(brandId, 'crisis', 'negative spike', deps);

    const outcome = await fire(a.postId, 10);

    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('paused') });
    expect((await deps.posts.get(brandId, a.postId))?.status).toBe('held');
    expect(sandbox.statuses().some((s) => s.text === `held A ${brandId}`)).toBe(false);
    expect(events).toContain('QueuePaused');
  });

  it('reschedules held posts in order, spaced out, returns stale ones to draft, and leaves future ones alone', async () => {
    const stale = await schedulePost('stale', 10);
    const first = await schedulePost('first', 20);
    const second = await schedulePost('second', 30);
    const future = await schedulePost('future', 60 * 30);
    await pauseQueue(brandId, 'manual', 'quiet period', deps);
    for (const post of [stale, first, second]) await fire(post.postId, Number(post.dueAt.slice(14, 16)));

    // Resume 24 h 5 min after stale's due time; first and second are 23 h 55 min and 23 h 45 min late.
    clock = START + 24 * 60 * MINUTE + 15 * MINUTE;
    const result = await resumeQueue(brandId, 'manual', deps);

    expect(result).toEqual({ resumed: true, rescheduled: 2, returnedToDraft: 1 });
    expect((await deps.posts.get(brandId, stale.postId))).toMatchObject({ status: 'draft', reviewNote: expect.stringContaining('24 h') });
    expect(scheduler.scheduled.get(first.postId)).toEqual(new Date(clock + 5 * MINUTE));
    expect(scheduler.scheduled.get(second.postId)).toEqual(new Date(clock + 10 * MINUTE));
    expect((await deps.posts.get(brandId, future.postId))?.status).toBe('scheduled');
    expect(scheduler.scheduled.get(future.postId)).toEqual(new Date(future.dueAt));

    const published = await fire(first.postId, 24 * 60 + 20);
    expect(published.kind).toBe('published');
    expect(await resumeQueue(brandId, 'manual', deps)).toEqual({ resumed: false, rescheduled: 0, returnedToDraft: 0 });
  });

  it('does not let a resolved crisis resume a queue someone paused by hand', async () => {
    await pauseQueue(brandId, 'manual', 'legal review', deps);
    expect((await resumeQueue(brandId, 'crisis', deps)).resumed).toBe(false);
    expect((await deps.pauses.get(brandId)).paused).toBe(true);
  });
});
