/** Per-network variants of one message against DynamoDB Local: accepted whole or refused with every reason. */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../shared/platform/errors.js';
import { createSettingsRepository } from '../../../shared/platform/brand-settings.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createXAdapter } from '../../../shared/networks/x/adapter.js';
import type { CreatePostDeps } from '../../../shared/publishing/create-post.js';
import { createPostGroup, PostGroupLeftScheduledError } from '../../../shared/publishing/post-group.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { failure } from '../../helpers/failure.js';

const NOW = Date.parse('2026-06-01T09:00:00.000Z');
let table: TestTable;
let deps: CreatePostDeps;
let brandId: string;
let scheduled: string[];

beforeAll(async () => { table = await createTestTable('post-group'); });
afterAll(() => table?.drop());

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  scheduled = [];
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  await accounts.put({ brandId, accountId: 'm', network: 'mastodon', handle: '@b', baseUrl: 'http://127.0.0.1:9' });
  await accounts.put({ brandId, accountId: 'x', network: 'x', handle: '@b', baseUrl: 'http://127.0.0.1:9', externalId: '1' });
  deps = {
    posts: createPostsRepository(table.documentClient, table.tableName),
    accounts,
    settings: createSettingsRepository(table.documentClient, table.tableName),
    adapters: createAdapterRegistry([createMastodonAdapter(), createXAdapter()]),
    scheduler: { schedule: async (t) => { scheduled.push(t.postId); }, cancel: async (id) => { scheduled.splice(scheduled.indexOf(id), 1); } },
    publish: async () => {},
    now: () => new Date(NOW),
    newId: () => ulid(),
  };
});

const dueAt = new Date(NOW + 3_600_000).toISOString();

describe('createPostGroup', () => {
  it('creates one scheduled post per account, each with its variant, sharing a group id', async () => {
    const { groupId, posts } = await createPostGroup(brandId, {
      text: 'Spring sale', link: 'https://shop.example/spring', campaign: 'spring', dueAt,
      variants: { m: {}, x: { text: 'Spring sale 🌸 #sale' } },
    }, deps);

    expect(posts.map((p) => [p.accountId, p.network, p.text, p.campaign, p.groupId])).toEqual([
      ['m', 'mastodon', 'Spring sale', 'spring', groupId],
      ['x', 'x', 'Spring sale 🌸 #sale', 'spring', groupId],
    ]);
    expect(scheduled).toHaveLength(2);
  });

  it('refuses the whole group, naming each variant that breaks its network rules, and stores nothing', async () => {
    const error = await failure(createPostGroup(brandId, {
      text: 'a'.repeat(290), dueAt, variants: { m: {}, x: {}, nope: {} },
    }, deps), ValidationError);

    expect(error.issues.map((i) => i.field).sort()).toEqual(['variants.nope', 'variants.x.text']);
    expect((await deps.posts.list(brandId)).items).toEqual([]);
    expect(scheduled).toEqual([]);
  });

  it('takes back the variants already scheduled when a later one fails', async () => {
    let calls = 0;
    deps = { ...deps, scheduler: { ...deps.scheduler, schedule: async (t) => { if (++calls === 2) throw new Error('ThrottlingException'); scheduled.push(t.postId); } } };
    const error = await failure(createPostGroup(brandId, { text: 'Both or none', dueAt, variants: { m: {}, x: {} } }, deps));
    expect(error).toEqual(new Error('ThrottlingException'));
    const stored = (await deps.posts.list(brandId)).items;
    expect(stored.map((p) => p.status)).toEqual(['cancelled']);
    expect(scheduled).toEqual([]);
  });

  it('answers 409 naming each post that could not be taken back, and why, rather than the failure a client would retry', async () => {
    let calls = 0;
    const posts = deps.posts;
    deps = {
      ...deps,
      scheduler: { ...deps.scheduler, schedule: async (t) => { if (++calls === 2) throw new Error('ThrottlingException'); scheduled.push(t.postId); } },
      posts: { ...posts, transition: async (b, id, change) => {
        if (change.to === 'cancelled') throw new ConflictError(`post ${id} is publishing; it can no longer be cancelled`);
        return posts.transition(b, id, change);
      } },
    };

    const error = await createPostGroup(brandId, { text: 'Both or none', dueAt, variants: { m: {}, x: {} } }, deps).catch((e: unknown) => e);

    const [left] = (await deps.posts.list(brandId)).items;
    expect(left).toMatchObject({ accountId: 'm', status: 'scheduled' });
    expect(error).toBeInstanceOf(PostGroupLeftScheduledError);
    expect(error).toMatchObject({
      statusCode: 409,
      expose: true,
      left: [{ accountId: 'm', postId: left!.postId, reason: `post ${left!.postId} is publishing; it can no longer be cancelled` }],
      cause: new Error('ThrottlingException'),
    });
    // The throttling details stay hidden from the caller; the post to check is named.
    expect((error as Error).message).toContain('the "x" variant failed (an internal error)');
    expect((error as Error).message).toContain(`post ${left!.postId} on "m"`);
  });
});
