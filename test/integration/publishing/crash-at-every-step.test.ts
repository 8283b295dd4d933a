/**
 * The publisher killed at every step of its state machine — before and after each write, before
 * the network call, after the network took the post but before we heard back, around the event
 * — and then redelivered, as Scheduler and Lambda's retries do. Each post must end up on the
 * network exactly once and recorded as published: on Mastodon (idempotency key) and on X (no
 * key: reconciled by looking up the account's recent posts).
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxNetwork, type SandboxNetwork } from '../../../local/stand-ins/mastodon/server.js';
import { startXStandIn, type XStandIn } from '../../../local/stand-ins/x/server.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createXAdapter } from '../../../shared/networks/x/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import type { NetworkAdapter, NetworkCredentials } from '../../../shared/networks/contract.js';
import { DEFAULT_POLICY, publishPost, type PublishOutcome, type PublishPostDeps } from '../../../shared/publishing/publish-post.js';
import type { Post } from '../../../shared/publishing/post.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository, type PostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createRateLimitRepository } from '../../../shared/publishing/store/rate-limit-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { failure } from '../../helpers/failure.js';

class Crash extends Error {}

/** Where the invocation dies: the n-th call of one dependency, before or after it took effect. */
interface CrashPoint {
  readonly name: string;
  readonly target: 'transition' | 'network' | 'bus';
  readonly call: number;
  readonly when: 'before' | 'after';
}

const POINTS: CrashPoint[] = [
  { name: 'before the claim is written', target: 'transition', call: 1, when: 'before' },
  { name: 'right after the claim', target: 'transition', call: 1, when: 'after' },
  { name: 'before the network call is sent', target: 'network', call: 1, when: 'before' },
  { name: 'after the network took the post, before we heard back', target: 'network', call: 1, when: 'after' },
  { name: 'before "published" is recorded', target: 'transition', call: 2, when: 'before' },
  { name: 'right after "published" is recorded', target: 'transition', call: 2, when: 'after' },
  { name: 'before PostPublished reaches the bus', target: 'bus', call: 1, when: 'before' },
  { name: 'after PostPublished, before the outbox flag is cleared', target: 'transition', call: 3, when: 'before' },
];

let table: TestTable;
let mastodon: SandboxNetwork;
let x: XStandIn;
let xCredentials: NetworkCredentials;
const brandId = `brand-${randomUUID()}`;

beforeAll(async () => {
  table = await createTestTable('crash');
  mastodon = await startSandboxNetwork({ rateLimit: { limit: 100_000 } });
  mastodon.addAccount({ username: 'brand', token: 'm-token' });
  x = await startXStandIn();
  const user = x.addAccount({ username: 'brand' });
  xCredentials = { accessToken: user.accessToken, refreshToken: user.refreshToken };
  const accounts = createAccountsRepository(table.documentClient, table.tableName);
  await accounts.put({ brandId, accountId: 'm', network: 'mastodon', handle: '@brand', baseUrl: mastodon.url });
  await accounts.put({ brandId, accountId: 'x', network: 'x', handle: '@brand', baseUrl: x.url, externalId: user.id });
});

afterAll(async () => {
  await Promise.all([mastodon?.close(), x?.close()]);
  await table?.drop();
});

/** Wraps the real dependencies so the chosen call dies; later deliveries run unharmed. */
function crashing(point: CrashPoint | undefined, base: { posts: PostsRepository; adapters: NetworkAdapter[]; clock: () => number; events: string[] }): PublishPostDeps {
  let calls = 0;
  const strike = async <T>(target: CrashPoint['target'], run: () => Promise<T>): Promise<T> => {
    if (point?.target !== target || ++calls !== point.call) return run();
    if (point.when === 'before') throw new Crash(point.name);
    await run();
    throw new Crash(point.name);
  };
  const posts: PostsRepository = { ...base.posts, transition: (b, p, c) => strike('transition', () => base.posts.transition(b, p, c)) };
  const adapters = base.adapters.map((a) => ({ ...a, publish: (acc, cred, req) => strike('network', () => a.publish(acc, cred, req)) } satisfies NetworkAdapter));
  return {
    posts,
    accounts: createAccountsRepository(table.documentClient, table.tableName),
    rateLimits: createRateLimitRepository(table.documentClient, table.tableName),
    credentials: async ({ accountId }) => (accountId === 'm' ? { accessToken: 'm-token' } : xCredentials),
    adapters: createAdapterRegistry(adapters),
    scheduler: { schedule: async () => {}, cancel: async () => {} },
    publish: (events) => strike('bus', async () => { base.events.push(...events.map((e) => (e.detail as { postId: string }).postId)); }),
    now: () => new Date(base.clock()),
    newId: () => ulid(),
  };
}

describe.each([
  { network: 'mastodon', accountId: 'm', onNetwork: (text: string) => mastodon.statuses().filter((s) => s.text === text).map((s) => s.id) },
  { network: 'x', accountId: 'x', onNetwork: (text: string) => x.posts().filter((p) => p.text === text).map((p) => p.id) },
])('the publisher killed on $network', ({ accountId, onNetwork }) => {
  it.each(POINTS)('$name: still exactly one post on the network, recorded as published', async (point) => {
    const posts = createPostsRepository(table.documentClient, table.tableName);
    let clock = Date.now();
    const events: string[] = [];
    const base = { posts, adapters: [createMastodonAdapter(), createXAdapter()], clock: () => clock, events };
    const text = `crash test ${randomUUID()}`;
    const post: Post = {
      brandId, postId: ulid(), accountId, network: accountId === 'm' ? 'mastodon' : 'x', text, dueAt: new Date(clock).toISOString(),
      status: 'scheduled', attempts: 0, createdAt: new Date(clock).toISOString(), updatedAt: new Date(clock).toISOString(),
    };
    await posts.create(post);
    const trigger = { brandId, postId: post.postId };

    // Act: the first delivery dies at the chosen point; redeliveries follow, each after the lease and reconcile delay.
    await failure(publishPost(trigger, crashing(point, base)), Crash);
    const outcomes: (PublishOutcome | unknown)[] = [];
    for (let delivery = 0; delivery < 6; delivery++) {
      clock += DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.reconcileDelayMs;
      outcomes.push(await publishPost(trigger, crashing(undefined, base)).catch((e: unknown) => e));
      if ((await posts.get(brandId, post.postId))?.status === 'published' && !(await posts.get(brandId, post.postId))?.announcePending) break;
    }

    // Assess
    const ids = onNetwork(text);
    expect(ids, `outcomes: ${JSON.stringify(outcomes)}`).toHaveLength(1);
    const stored = await posts.get(brandId, post.postId);
    expect(stored).toMatchObject({ status: 'published', networkPostId: ids[0] });
    expect(stored?.announcePending).toBeUndefined();
    expect(events.filter((id) => id === post.postId).length).toBeGreaterThanOrEqual(1);
  });
});
