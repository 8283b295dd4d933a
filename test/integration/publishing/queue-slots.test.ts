/** Channel queues against DynamoDB Local: next free slot, no double booking, slots freed on cancel or move. */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/platform/errors.js';
import { createSettingsRepository } from '../../../shared/platform/brand-settings.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createPost, type CreatePostDeps } from '../../../shared/publishing/create-post.js';
import { createQueueRepository, slotTimes, type QueueRepository } from '../../../shared/publishing/queue-slots.js';
import { cancelPost, editPost } from '../../../shared/publishing/workflow.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { failure } from '../../helpers/failure.js';

// Wednesday 3 June 2026, 10:00 in Berlin (CEST, UTC+2).
const NOW = Date.parse('2026-06-03T08:00:00.000Z');
const BERLIN_SLOTS = { timezone: 'Europe/Berlin', slots: [{ day: 'mon', time: '09:00' }, { day: 'wed', time: '09:00' }, { day: 'wed', time: '17:30' }] } as const;

let table: TestTable;
let queues: QueueRepository;
let deps: CreatePostDeps;
let brandId: string;

beforeAll(async () => {
  table = await createTestTable('queue-slots');
  queues = createQueueRepository(table.documentClient, table.tableName);
});
afterAll(() => table?.drop());

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  await accounts.put({ brandId, accountId: 'm', network: 'mastodon', handle: '@b', baseUrl: 'http://127.0.0.1:9' });
  deps = {
    posts: createPostsRepository(table.documentClient, table.tableName),
    accounts,
    settings: createSettingsRepository(table.documentClient, table.tableName),
    queues,
    adapters: createAdapterRegistry([createMastodonAdapter()]),
    scheduler: { schedule: async () => {}, cancel: async () => {} },
    publish: async () => {},
    now: () => new Date(NOW),
    newId: () => ulid(),
  };
});

const addToQueue = async (text: string) => (await createPost(brandId, { accountId: 'm', text, queue: true }, deps)).post;

describe('slotTimes', () => {
  it('lists weekly slots in wall-clock time across a DST change', () => {
    const config = { timezone: 'Europe/Berlin', slots: [{ day: 'sun' as const, time: '09:00' }] };
    // 22 March is CET (08:00Z), 29 March the clocks go forward, so 09:00 CEST is 07:00Z.
    expect(slotTimes(config, new Date('2026-03-21T00:00:00Z'), 2).slice(0, 2).map((d) => d.toISOString()))
      .toEqual(['2026-03-22T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
  });
});

describe('add to queue', () => {
  beforeEach(() => queues.put(brandId, 'm', { ...BERLIN_SLOTS, slots: [...BERLIN_SLOTS.slots] }));

  it('takes the next free slots in order, skipping the one already passed today', async () => {
    const a = await addToQueue('first');
    const b = await addToQueue('second');
    const c = await addToQueue('third');
    // Wed 09:00 has passed; next: Wed 17:30, Mon 09:00, Wed 09:00 (next week).
    expect([a.dueAt, b.dueAt, c.dueAt]).toEqual(['2026-06-03T15:30:00.000Z', '2026-06-08T07:00:00.000Z', '2026-06-10T07:00:00.000Z']);
    expect(a.queueSlot).toBe(a.dueAt);
  });

  it('never gives one slot to two posts added at the same time', async () => {
    const posts = await Promise.all(Array.from({ length: 6 }, (_, i) => addToQueue(`race ${i}`)));
    expect(new Set(posts.map((p) => p.dueAt)).size).toBe(6);
  });

  it('frees the slot when its post is cancelled or given its own time', async () => {
    const a = await addToQueue('to cancel');
    const b = await addToQueue('to move');
    await cancelPost(brandId, a.postId, deps);
    await editPost(brandId, b.postId, { dueAt: '2026-07-01T12:00:00+02:00' }, deps);
    const next = await queues.upcoming(brandId, 'm', new Date(NOW), 2);
    expect(next).toEqual([{ at: a.dueAt, taken: false }, { at: b.dueAt, taken: false }]);
    expect((await addToQueue('refill')).dueAt).toBe(a.dueAt);
  });

  it('refuses queue: true for an account without a queue, naming the fix', async () => {
    await createAccountsRepository(table.documentClient, table.tableName)
      .put({ brandId, accountId: 'unqueued', network: 'mastodon', handle: '@c', baseUrl: 'http://127.0.0.1:9' });
    const error = await failure(createPost(brandId, { accountId: 'unqueued', text: 'x', queue: true }, deps), ValidationError);
    expect(error.issues[0]).toMatchObject({ field: 'queue', message: expect.stringContaining('PUT /accounts/unqueued/queue') });
  });
});
