/**
 * Posts whose main part went out while a later part did not, posts in DynamoDB Local: a thread
 * on the X stand-in (its duplicate-content guard refuses reply 3 of 5, real X adapter), and a
 * first comment on the LinkedIn stand-in (the comments endpoint fails, real LinkedIn adapter).
 * Each post must end `published`, never re-sent, with what is missing recorded and PostPublished emitted.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXStandIn, type XStandIn } from '../../../local/stand-ins/x/server.js';
import { startLinkedInStandIn, type LinkedInStandIn } from '../../../local/stand-ins/linkedin/server.js';
import { createLinkedInAdapter, LINKEDIN_API_VERSION } from '../../../shared/networks/linkedin/adapter.js';
import { PostPublished } from '../../../shared/contracts/events/catalogue.js';
import type { OutgoingEvent } from '../../../shared/platform/events/publisher.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createXAdapter } from '../../../shared/networks/x/adapter.js';
import type { Post } from '../../../shared/publishing/post.js';
import { DEFAULT_POLICY, publishPost, type PublishOutcome, type PublishPostDeps } from '../../../shared/publishing/publish-post.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const START = Date.parse('2026-06-01T09:00:00.000Z');

let table: TestTable;
let x: XStandIn;
let linkedin: LinkedInStandIn;
let clock = START;
const brandId = `brand-${randomUUID()}`;
const events: OutgoingEvent[] = [];
let deps: PublishPostDeps;

beforeAll(async () => {
  table = await createTestTable('partial');
  x = await startXStandIn({ now: () => clock });
  const user = x.addAccount({ username: 'brand' });
  linkedin = await startLinkedInStandIn({ now: () => clock, versions: { oldest: LINKEDIN_API_VERSION, newest: LINKEDIN_API_VERSION } });
  const member = linkedin.addMember({ id: 'brand42', accessToken: 'li-token', refreshToken: 'li-refresh', organizations: [] });
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  await accounts.put({ brandId, accountId: 'x', network: 'x', handle: '@brand', baseUrl: x.url, externalId: user.id });
  await accounts.put({ brandId, accountId: 'li', network: 'linkedin', handle: 'Brand', baseUrl: linkedin.url, externalId: member.urn });
  deps = {
    posts: createPostsRepository(table.documentClient, table.tableName),
    accounts,
    credentials: async ({ accountId }) => (accountId === 'li' ? { accessToken: 'li-token' } : { accessToken: user.accessToken, refreshToken: user.refreshToken }),
    adapters: createAdapterRegistry([createXAdapter({ now: () => clock }), createLinkedInAdapter({ now: () => clock })]),
    scheduler: { schedule: async () => {}, cancel: async () => {} },
    publish: async (batch) => { events.push(...batch); },
    now: () => new Date(clock),
    newId: () => ulid(),
  };
});

afterAll(async () => {
  await Promise.all([x?.close(), linkedin?.close()]);
  await table?.drop();
});

describe('Publishing: partial success of a thread', () => {
  it('records a thread whose reply 3 of 5 failed as published with the missing parts, and never sends it again', async () => {
    // Prepare: the account said "Already said" an hour ago, so X refuses it as reply 3 (a duplicate).
    const said = `Already said ${randomUUID()}`;
    await deps.adapters('x')!.publish((await deps.accounts.get(brandId, 'x'))!, (await deps.credentials({ brandId, accountId: 'x' }))!, { text: said, idempotencyKey: 'earlier' });
    clock += 3_600_000;
    const root = `Thread root ${randomUUID()}`;
    const post: Post = {
      brandId, postId: ulid(), accountId: 'x', network: 'x', text: root, thread: ['Part two', said, 'Part four', 'Part five'],
      dueAt: new Date(clock).toISOString(), status: 'scheduled', attempts: 0, createdAt: new Date(clock).toISOString(), updatedAt: new Date(clock).toISOString(),
    };
    await deps.posts.create(post);
    const trigger = { brandId, postId: post.postId };

    // Act: the first delivery meets the failed reply; redeliveries follow as the reconcile schedule would.
    const outcomes: PublishOutcome[] = [await publishPost(trigger, deps)];
    for (let delivery = 0; delivery < 3 && (await deps.posts.get(brandId, post.postId))?.status !== 'published'; delivery++) {
      clock += DEFAULT_POLICY.reconcileDelayMs;
      outcomes.push(await publishPost(trigger, deps));
    }

    // Assess
    const texts = x.posts().map((p) => p.text);
    expect(texts.filter((t) => t === root), JSON.stringify(outcomes)).toHaveLength(1);
    expect(texts.filter((t) => t === 'Part two')).toHaveLength(1);
    expect(texts).not.toContain('Part four');
    const stored = await deps.posts.get(brandId, post.postId);
    expect(stored).toMatchObject({ status: 'published', partialFailure: 'thread parts 3-5 of 5 were not posted' });
    expect(events.filter((e) => e.entry.detailType === PostPublished.detailType).map((e) => e.detail)).toEqual([
      expect.objectContaining({ postId: post.postId, partialFailure: 'thread parts 3-5 of 5 were not posted' }),
    ]);

    // Act: a late duplicate delivery changes nothing.
    expect(await publishPost(trigger, deps)).toMatchObject({ kind: 'skipped' });
    expect(x.posts().filter((p) => p.text === root)).toHaveLength(1);
  });

  it('records a LinkedIn post whose first comment failed as published, saying the comment was not posted', async () => {
    // Prepare
    linkedin.injectFault({ kind: 'status', status: 500, path: '/rest/socialActions' });
    const post: Post = {
      brandId, postId: ulid(), accountId: 'li', network: 'linkedin', text: `Comment below ${randomUUID()}`, firstComment: 'Link in the comments',
      dueAt: new Date(clock).toISOString(), status: 'scheduled', attempts: 0, createdAt: new Date(clock).toISOString(), updatedAt: new Date(clock).toISOString(),
    };
    await deps.posts.create(post);
    events.length = 0;

    // Act
    const outcome = await publishPost({ brandId, postId: post.postId }, deps);

    // Assess
    expect(outcome).toMatchObject({ kind: 'published' });
    expect(linkedin.posts().filter((p) => p.commentary.startsWith(post.text))).toHaveLength(1);
    expect(await deps.posts.get(brandId, post.postId)).toMatchObject({ status: 'published', partialFailure: 'the first comment was not posted' });
    expect(events.map((e) => e.entry.detailType)).toEqual([PostPublished.detailType]);
  });
});
