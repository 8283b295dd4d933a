/**
 * Proactive rate limiting: the real X adapter (twitter-api-v2) against the X stand-in, which
 * counts posts per user and answers with x-rate-limit-* headers; rate-limit state and posts in
 * DynamoDB Local. Only our own scheduler and event-publisher interfaces are recording fakes.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startXStandIn, type XStandIn } from '../../../local/stand-ins/x/server.js';
import type { NetworkAdapter, NetworkCredentials } from '../../../shared/networks/contract.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createXAdapter, X_LIMITS } from '../../../shared/networks/x/adapter.js';
import type { Post } from '../../../shared/publishing/post.js';
import { DEFAULT_POLICY, publishPost, type PublishPostDeps } from '../../../shared/publishing/publish-post.js';
import type { PublishScheduler, PublishTrigger } from '../../../shared/publishing/publish-schedule.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository, type PostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createRateLimitRepository, type RateLimitRepository } from '../../../shared/publishing/store/rate-limit-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const START = Date.parse('2026-06-01T09:00:00.000Z');
/** The stand-in's 15-minute window opens with the first post at START. */
const RESET = START + 15 * 60_000;

class RecordingScheduler implements PublishScheduler {
  readonly calls: { trigger: PublishTrigger; at: Date }[] = [];
  async schedule(trigger: PublishTrigger, at: Date): Promise<void> {
    this.calls.push({ trigger, at });
  }
  async cancel(): Promise<void> {}
}

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable('rate-limit');
});

afterAll(async () => {
  await table?.drop();
});

describe('Publishing: per-account rate limits from response headers and documented quotas', () => {
  let x: XStandIn;
  let clock: number;
  let brandId: string;
  let posts: PostsRepository;
  let rateLimits: RateLimitRepository;
  let scheduler: RecordingScheduler;
  let credentials: Record<string, NetworkCredentials>;
  let deps: PublishPostDeps;

  async function setUp(adapter: NetworkAdapter, xOptions: { rateLimits?: Record<string, number> } = {}): Promise<void> {
    x = await startXStandIn({ now: () => clock, ...xOptions });
    const accounts = createAccountsRepository(table.documentClient, table.tableName);
    credentials = {};
    for (const accountId of ['x-busy', 'x-other']) {
      const user = x.addAccount({ username: accountId.replace('-', '_') });
      credentials[accountId] = { accessToken: user.accessToken, refreshToken: user.refreshToken };
      await accounts.put({ brandId, accountId, network: 'x', handle: `@${accountId}`, baseUrl: x.url, externalId: user.id });
    }
    deps = {
      posts,
      accounts,
      rateLimits,
      credentials: async ({ accountId }) => credentials[accountId],
      adapters: createAdapterRegistry([adapter]),
      scheduler,
      publish: async () => {},
      now: () => new Date(clock),
      newId: () => ulid(),
      random: () => 0.5,
    };
  }

  beforeEach(() => {
    clock = START;
    brandId = `brand-${randomUUID()}`;
    posts = createPostsRepository(table.documentClient, table.tableName);
    rateLimits = createRateLimitRepository(table.documentClient, table.tableName);
    scheduler = new RecordingScheduler();
  });

  afterEach(async () => {
    await x.close();
  });

  async function duePost(accountId: string, text = `rate limit test ${randomUUID()}`): Promise<Post> {
    const post: Post = {
      brandId, postId: ulid(), accountId, network: 'x', text, dueAt: new Date(clock).toISOString(),
      status: 'scheduled', attempts: 0, createdAt: new Date(clock).toISOString(), updatedAt: new Date(clock).toISOString(),
    };
    await posts.create(post);
    return post;
  }
  const trigger = (post: Post) => ({ brandId: post.brandId, postId: post.postId });
  const onNetwork = (post: Post) => x.posts().filter((p) => p.text === post.text);

  it('holds the next post of an account X reported exhausted until the reset, then publishes it once; other accounts go on', async () => {
    // Prepare: X allows this test one post per 15 minutes per user.
    await setUp(createXAdapter({ now: () => clock }), { rateLimits: { 'POST /2/tweets': 1 } });
    const first = await duePost('x-busy');
    expect(await publishPost(trigger(first), deps)).toMatchObject({ kind: 'published' });
    const requestsBefore = x.posts().length;

    // Act: the account's next post falls due while X says nothing is left; another account posts meanwhile.
    clock = START + 60_000;
    const held = await duePost('x-busy');
    const heldOutcome = await publishPost(trigger(held), deps);
    const other = await duePost('x-other');
    const otherOutcome = await publishPost(trigger(other), deps);

    // Assess: not sent, not failed, no attempt spent; rescheduled to the reset plus half the jitter.
    const resumeAt = new Date(RESET + DEFAULT_POLICY.rateLimitJitterMs / 2);
    expect(heldOutcome).toMatchObject({ kind: 'retry_scheduled', at: resumeAt.toISOString() });
    expect(scheduler.calls.map((c) => ({ postId: c.trigger.postId, at: c.at }))).toEqual([{ postId: held.postId, at: resumeAt }]);
    expect(await posts.get(brandId, held.postId)).toMatchObject({
      status: 'scheduled', attempts: 0, failureReason: expect.stringContaining('rate limited: the network reported no posts left for this account until 2026-06-01T09:15:00.000Z'),
    });
    expect(onNetwork(held)).toEqual([]);
    expect(x.posts().length).toBe(requestsBefore + 1);
    expect(otherOutcome).toMatchObject({ kind: 'published' });
    expect(onNetwork(other)).toHaveLength(1);

    // Act: the retry is delivered at its time, and once more (at least once delivery).
    clock = resumeAt.getTime();
    const resumed = await publishPost(trigger(held), deps);
    const again = await publishPost(trigger(held), deps);

    // Assess
    expect(resumed).toMatchObject({ kind: 'published' });
    expect(again).toMatchObject({ kind: 'skipped' });
    expect(onNetwork(held)).toHaveLength(1);
    expect(await posts.get(brandId, held.postId)).toMatchObject({ status: 'published', attempts: 1, networkPostId: onNetwork(held)[0]?.id });
  });

  it('holds a post once the documented quota window is used up, even where the headers still show room', async () => {
    // Prepare: an X whose documented quota is 2 posts per 10 minutes; the stand-in itself allows 100.
    const adapter = createXAdapter({ now: () => clock });
    await setUp({ ...adapter, limits: { ...X_LIMITS, publishQuota: { posts: 2, perSeconds: 600 } } });
    const thread = await duePost('x-busy');
    await posts.transition(brandId, thread.postId, { from: ['scheduled'], to: 'scheduled', set: { thread: ['part 2'] } });
    expect(await publishPost(trigger(thread), deps)).toMatchObject({ kind: 'published' });

    // Act: the thread's two posts used the quota.
    clock = START + 120_000;
    const held = await duePost('x-busy');
    const outcome = await publishPost(trigger(held), deps);

    // Assess
    const windowEnd = START + 600_000;
    expect(outcome).toMatchObject({ kind: 'retry_scheduled', at: new Date(windowEnd + DEFAULT_POLICY.rateLimitJitterMs / 2).toISOString() });
    expect((await posts.get(brandId, held.postId))?.failureReason).toContain('used its quota of 2 posts per 600 s');
    expect(onNetwork(held)).toEqual([]);

    // Act: a new window opens after the old one ends.
    clock = windowEnd + DEFAULT_POLICY.rateLimitJitterMs / 2;
    expect(await publishPost(trigger(held), deps)).toMatchObject({ kind: 'published' });
    expect(onNetwork(held)).toHaveLength(1);
    expect(await rateLimits.get(brandId, 'x-busy')).toMatchObject({ windowStart: new Date(clock).toISOString(), windowCount: 1 });
  });

  it('after a 429 with a reset, holds the account\'s other due posts without calling X again', async () => {
    // Prepare
    await setUp(createXAdapter({ now: () => clock }));
    x.injectFault({ kind: 'rate_limit', method: 'POST', path: '/2/tweets', retryAfterSeconds: 300 });
    const refused = await duePost('x-busy');
    const sibling = await duePost('x-busy');

    // Act
    const first = await publishPost(trigger(refused), deps);
    const second = await publishPost(trigger(sibling), deps);

    // Assess: the 429 cost the first post an attempt; the sibling waits for the same reset without one.
    expect(first).toMatchObject({ kind: 'retry_scheduled' });
    expect(second).toMatchObject({ kind: 'retry_scheduled', at: new Date(START + 300_000 + DEFAULT_POLICY.rateLimitJitterMs / 2).toISOString() });
    expect(await posts.get(brandId, sibling.postId)).toMatchObject({ status: 'scheduled', attempts: 0 });
    expect(x.posts()).toEqual([]);
  });

  it('keeps the newest header state when answers arrive out of order', async () => {
    await setUp(createXAdapter());
    const newer = { remaining: 3, resetAt: '2026-06-01T09:15:00.000Z' };

    await rateLimits.recordHeaders(brandId, 'x-busy', newer);
    await rateLimits.recordHeaders(brandId, 'x-busy', { remaining: 5, resetAt: '2026-06-01T09:15:00.000Z' });
    await rateLimits.recordHeaders(brandId, 'x-busy', { remaining: 0, resetAt: '2026-06-01T09:00:00.000Z' });

    expect(await rateLimits.get(brandId, 'x-busy')).toMatchObject(newer);
  });
});
