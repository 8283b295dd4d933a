import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/platform/errors.js';
import type { Post } from '../../../shared/publishing/post.js';
import { batchPut } from '../../../shared/platform/store/batch-writer.js';
import { createPostsRepository, type PostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const newId = monotonicFactory();

function newPost(brandId: string, overrides: Partial<Post> = {}): Post {
  const postId = newId();
  return {
    brandId,
    postId,
    accountId: 'mastodon-main',
    network: 'mastodon',
    text: `post ${postId}`,
    dueAt: '2026-06-01T09:00:00.000Z',
    status: 'scheduled',
    attempts: 0,
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    ...overrides,
  };
}

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable('posts-repository');
});

afterAll(async () => {
  await table?.drop();
});

describe('Class: PostsRepository (DynamoDB Local)', () => {
  let posts: PostsRepository;
  let brandId: string;

  beforeEach(() => {
    posts = createPostsRepository(table.documentClient, table.tableName);
    brandId = `brand-${randomUUID()}`;
  });

  async function createMany(count: number, overrides: (i: number) => Partial<Post> = () => ({})): Promise<Post[]> {
    const created: Post[] = [];
    for (let i = 0; i < count; i++) {
      const post = newPost(brandId, overrides(i));
      await posts.create(post);
      created.push(post);
    }
    return created;
  }

  describe('Method: create / get', () => {
    it('stores a post and reads it back without the table keys', async () => {
      // Prepare
      const post = newPost(brandId, { link: 'https://example.com/a' });

      // Act
      await posts.create(post);
      const read = await posts.get(brandId, post.postId);

      // Assess
      expect(read).toEqual(post);
    });

    it('returns undefined for a post of another brand', async () => {
      const post = newPost(brandId);
      await posts.create(post);

      await expect(posts.get(`brand-${randomUUID()}`, post.postId)).resolves.toBeUndefined();
    });

    it('rejects a second create with the same id with ConflictError and keeps the first post', async () => {
      // Prepare
      const post = newPost(brandId, { text: 'first' });
      await posts.create(post);

      // Act
      const duplicate = posts.create({ ...post, text: 'second' });

      // Assess
      await expect(duplicate).rejects.toBeInstanceOf(ConflictError);
      await expect(duplicate).rejects.toThrow(`post ${post.postId} already exists`);
      expect((await posts.get(brandId, post.postId))?.text).toBe('first');
    });
  });

  describe('Method: list', () => {
    it('returns the brand\'s posts newest first', async () => {
      const created = await createMany(3);

      const { items, cursor } = await posts.list(brandId);

      expect(items.map((p) => p.postId)).toEqual(created.map((p) => p.postId).reverse());
      expect(cursor).toBeUndefined();
    });

    it('pages with the cursor until every post was returned once', async () => {
      // Prepare
      const created = await createMany(5);

      // Act
      const first = await posts.list(brandId, { limit: 2 });
      const second = await posts.list(brandId, { limit: 2, cursor: first.cursor });
      const third = await posts.list(brandId, { limit: 2, cursor: second.cursor });

      // Assess
      const ids = created.map((p) => p.postId).reverse();
      expect(first.items.map((p) => p.postId)).toEqual(ids.slice(0, 2));
      expect(second.items.map((p) => p.postId)).toEqual(ids.slice(2, 4));
      expect(third.items.map((p) => p.postId)).toEqual(ids.slice(4));
      expect(third.cursor).toBeUndefined();
    });

    it('filters by status', async () => {
      const created = await createMany(4, (i) => ({ status: i % 2 === 0 ? 'published' : 'scheduled' }));

      const { items } = await posts.list(brandId, { status: 'published' });

      expect(items.map((p) => p.postId)).toEqual([created[2]?.postId, created[0]?.postId]);
      expect(items.every((p) => p.status === 'published')).toBe(true);
    });

    it('ignores a cursor issued for another brand and starts from the first page', async () => {
      // Prepare
      const otherBrand = `brand-${randomUUID()}`;
      for (let i = 0; i < 3; i++) await posts.create(newPost(otherBrand));
      const foreign = await posts.list(otherBrand, { limit: 1 });
      const own = await createMany(2);

      // Act
      const page = await posts.list(brandId, { cursor: foreign.cursor });

      // Assess
      expect(foreign.cursor).toBeDefined();
      expect(page.items.map((p) => p.postId)).toEqual(own.map((p) => p.postId).reverse());
    });

    it('ignores a cursor that is not one it issued', async () => {
      const own = await createMany(2);

      const page = await posts.list(brandId, { cursor: 'not-a-cursor' });

      expect(page.items).toHaveLength(own.length);
    });
  });

  describe('Method: listDue', () => {
    it('returns the posts due within the range, bounds included, in due order', async () => {
      // Prepare
      const due = ['2026-06-01T08:59:59.999Z', '2026-06-01T09:00:00.000Z', '2026-06-01T10:30:00.000Z', '2026-06-01T11:00:00.000Z', '2026-06-01T11:00:00.001Z'];
      const created = await createMany(due.length, (i) => ({ dueAt: due[due.length - 1 - i] }));
      await posts.create(newPost(`brand-${randomUUID()}`, { dueAt: '2026-06-01T10:00:00.000Z' }));

      // Act
      const items = await posts.listDue(brandId, '2026-06-01T09:00:00.000Z', '2026-06-01T11:00:00.000Z');

      // Assess
      expect(items.map((p) => p.dueAt)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-01T10:30:00.000Z', '2026-06-01T11:00:00.000Z']);
      expect(items.every((p) => created.some((c) => c.postId === p.postId))).toBe(true);
    });

    it('treats the bounds as instants, whatever ISO 8601 form they are written in', async () => {
      // Prepare: 09:00Z and 10:30Z are inside 10:00+01:00 (= 09:00Z) .. 11:00Z.
      await createMany(2, (i) => ({ dueAt: ['2026-06-01T09:00:00.000Z', '2026-06-01T10:30:00.000Z'][i] }));

      // Act
      const items = await posts.listDue(brandId, '2026-06-01T10:00:00+01:00', '2026-06-01T11:00:00Z');

      // Assess
      expect(items.map((p) => p.dueAt)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-01T10:30:00.000Z']);
    });
  });

  describe('Method: transition', () => {
    it('moves a post from one of the given states and returns the new post', async () => {
      // Prepare
      const post = newPost(brandId);
      await posts.create(post);

      // Act
      const moved = await posts.transition(brandId, post.postId, {
        from: ['scheduled', 'unconfirmed'], to: 'publishing', set: { attemptId: 'a-1', attempts: 1 },
      });

      // Assess
      expect(moved).toMatchObject({ status: 'publishing', attemptId: 'a-1', attempts: 1 });
      expect(moved?.updatedAt).not.toBe(post.updatedAt);
      expect(await posts.get(brandId, post.postId)).toEqual(moved);
    });

    it('refuses to move a post that is not in one of the given states', async () => {
      // Prepare
      const post = newPost(brandId, { status: 'published' });
      await posts.create(post);

      // Act
      const moved = await posts.transition(brandId, post.postId, { from: ['scheduled', 'unconfirmed'], to: 'publishing' });

      // Assess
      expect(moved).toBeUndefined();
      expect(await posts.get(brandId, post.postId)).toEqual(post);
    });

    it('does not create a post that does not exist', async () => {
      const postId = newId();

      const moved = await posts.transition(brandId, postId, { from: ['scheduled'], to: 'publishing' });

      expect(moved).toBeUndefined();
      await expect(posts.get(brandId, postId)).resolves.toBeUndefined();
    });

    it('removes the listed fields', async () => {
      const post = newPost(brandId, { status: 'publishing', attemptId: 'a-1', publishingSince: '2026-06-01T09:00:00.000Z' });
      await posts.create(post);

      const moved = await posts.transition(brandId, post.postId, { from: ['publishing'], to: 'scheduled', remove: ['attemptId', 'publishingSince'] });

      expect(moved).not.toHaveProperty('attemptId');
      expect(moved).not.toHaveProperty('publishingSince');
    });

    it('leaves out fields set to undefined instead of failing the update', async () => {
      // Prepare: PublishedRef.url is optional, and publishPost passes it through as is.
      const post = newPost(brandId, { status: 'publishing', attemptId: 'a-1' });
      await posts.create(post);

      // Act
      const moved = await posts.transition(brandId, post.postId, {
        from: ['publishing'], attemptId: 'a-1', to: 'published', set: { networkPostId: '42', url: undefined },
      });

      // Assess
      expect(moved).toMatchObject({ status: 'published', networkPostId: '42' });
      expect(moved).not.toHaveProperty('url');
    });

    it('lets only the holder of the current fencing token move a post; a stale token loses', async () => {
      // Prepare: attempt a-1 claimed the post, then a-2 took it over.
      const post = newPost(brandId);
      await posts.create(post);
      await posts.transition(brandId, post.postId, { from: ['scheduled'], to: 'publishing', set: { attemptId: 'a-1' } });
      await posts.transition(brandId, post.postId, { from: ['publishing'], attemptId: 'a-1', to: 'publishing', set: { attemptId: 'a-2' } });

      // Act
      const stale = await posts.transition(brandId, post.postId, { from: ['publishing'], attemptId: 'a-1', to: 'published', set: { networkPostId: 'from-a-1' } });
      const current = await posts.transition(brandId, post.postId, { from: ['publishing'], attemptId: 'a-2', to: 'published', set: { networkPostId: 'from-a-2' } });

      // Assess
      expect(stale).toBeUndefined();
      expect(current).toMatchObject({ status: 'published', networkPostId: 'from-a-2' });
    });

    it('lets exactly one of 10 concurrent claims win', async () => {
      // Prepare
      const post = newPost(brandId);
      await posts.create(post);

      // Act
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        posts.transition(brandId, post.postId, { from: ['scheduled'], to: 'publishing', set: { attemptId: `claim-${i}`, attempts: 1 } })));

      // Assess
      const winners = results.filter((r): r is Post => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await posts.get(brandId, post.postId)).toMatchObject({ status: 'publishing', attemptId: winners[0]?.attemptId, attempts: 1 });
    });
  });
});

describe('Function: batchPut (DynamoDB Local)', () => {
  it('writes 1,000 items, every one of them exactly once', async () => {
    // Prepare
    const pk = `BATCH#${randomUUID()}`;
    const items = Array.from({ length: 1_000 }, (_, i) => ({ pk, sk: `ITEM#${String(i).padStart(4, '0')}`, n: i }));

    // Act
    await batchPut(table.documentClient, table.tableName, items);

    // Assess
    const stored: { sk: string; n: number }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.documentClient.send(new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: start,
      }));
      stored.push(...((page.Items ?? []) as { sk: string; n: number }[]));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(stored).toHaveLength(1_000);
    expect(stored.map((item) => item.n)).toEqual(items.map((item) => item.n));
  });

  it('writes nothing and resolves for an empty list', async () => {
    await expect(batchPut(table.documentClient, table.tableName, [])).resolves.toBeUndefined();
  });
});
