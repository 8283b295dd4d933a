/** Evergreen recycling against DynamoDB Local: the next repeat, its limit, and no duplicate on redelivery. */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsRepository } from '../../../shared/platform/brand-settings.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createPost, type CreatePostDeps } from '../../../shared/publishing/create-post.js';
import { recycleEvergreen } from '../../../shared/publishing/evergreen.js';
import type { Post } from '../../../shared/publishing/post.js';
import { createQueueRepository } from '../../../shared/publishing/queue-slots.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const NOW = Date.parse('2026-06-01T09:00:00.000Z');
const DAY = 86_400_000;

let table: TestTable;
let deps: CreatePostDeps;
let brandId: string;

beforeAll(async () => { table = await createTestTable('evergreen'); });
afterAll(() => table?.drop());

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  await accounts.put({ brandId, accountId: 'm', network: 'mastodon', handle: '@b', baseUrl: 'http://127.0.0.1:9' });
  deps = {
    posts: createPostsRepository(table.documentClient, table.tableName),
    accounts,
    settings: createSettingsRepository(table.documentClient, table.tableName),
    queues: createQueueRepository(table.documentClient, table.tableName),
    adapters: createAdapterRegistry([createMastodonAdapter()]),
    scheduler: { schedule: async () => {}, cancel: async () => {} },
    publish: async () => {},
    now: () => new Date(NOW),
    newId: () => ulid(),
  };
});

/** A post as the publisher leaves it once it went out. */
const publishedPost = async (evergreen?: Post['evergreen']) => {
  const { post } = await createPost(brandId, { accountId: 'm', text: 'Our evergreen guide', campaign: 'guides', dueAt: new Date(NOW + 60_000).toISOString(), evergreen }, deps);
  return { ...post, status: 'published', publishedAt: new Date(NOW + 61_000).toISOString() } as Post;
};

describe('recycleEvergreen', () => {
  it('schedules the next repeat everyDays after it went out, keeping the content and the series', async () => {
    const original = await publishedPost({ everyDays: 30, maxTimes: 2 });
    const outcome = await recycleEvergreen(original, deps);
    expect(outcome.kind).toBe('scheduled');
    const repeat = (outcome as { post: Post }).post;
    expect(repeat).toMatchObject({
      status: 'scheduled', text: 'Our evergreen guide', campaign: 'guides', recycledFrom: original.postId, recycleNumber: 1,
      dueAt: new Date(NOW + 61_000 + 30 * DAY).toISOString(),
    });
  });

  it('creates one repeat when PostPublished is delivered twice', async () => {
    const original = await publishedPost({ everyDays: 7, maxTimes: 3 });
    const [first, second] = [await recycleEvergreen(original, deps), await recycleEvergreen(original, deps)];
    expect((second as { replayed: boolean }).replayed).toBe(true);
    expect((second as { post: Post }).post.postId).toBe((first as { post: Post }).post.postId);
    expect((await deps.posts.list(brandId)).items).toHaveLength(2);
  });

  it('stops after maxTimes repeats, and ignores posts that are not evergreen', async () => {
    const original = await publishedPost({ everyDays: 7, maxTimes: 1 });
    const repeat = (await recycleEvergreen(original, deps) as { post: Post }).post;
    expect(await recycleEvergreen({ ...repeat, status: 'published', publishedAt: repeat.dueAt }, deps)).toEqual({ kind: 'series_complete' });
    expect(await recycleEvergreen(await publishedPost(), deps)).toEqual({ kind: 'not_evergreen' });
  });

  it('takes the first queue slot after the interval when the account has a queue', async () => {
    await deps.queues!.put(brandId, 'm', { timezone: 'UTC', slots: [{ day: 'fri', time: '12:00' }] });
    const original = await publishedPost({ everyDays: 7, maxTimes: 1 });
    const repeat = (await recycleEvergreen(original, deps) as { post: Post }).post;
    // Published Mon 1 June 09:01; +7 days = Mon 8 June; next Friday slot: 12 June 12:00.
    expect(repeat.dueAt).toBe('2026-06-12T12:00:00.000Z');
    expect(repeat.queueSlot).toBe(repeat.dueAt);
  });
});
