/**
 * Many posts due in the same minute: the publishing pipeline (claim under a conditional write,
 * the real Mastodon adapter against the sandbox network, record, announce) for every one of
 * them at once, against the baseline of the same sandbox calls alone, at the same concurrency.
 * Reports lateness after the due time, and counts what landed on the network (none twice).
 */
import { ulid } from 'ulid';
import { startSandboxNetwork } from '../local/stand-ins/mastodon/server.js';
import { createMastodonAdapter } from '../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../shared/networks/registry.js';
import { publishPost, type PublishPostDeps } from '../shared/publishing/publish-post.js';
import type { Post } from '../shared/publishing/post.js';
import { createPostsRepository } from '../shared/publishing/store/posts-repository.js';
import { createAccountsRepository } from '../shared/networks/accounts/accounts-repository.js';
import { createBenchTable } from './table.js';

export interface BurstResult {
  readonly posts: number;
  readonly concurrency: number;
  readonly publishedOnNetwork: number;
  readonly duplicates: number;
  readonly p50LateMs: number;
  readonly p99LateMs: number;
  readonly pipelineMsPerPost: number;
  readonly sandboxMsPerPost: number;
  readonly ratio: number;
}

export async function benchPublishBurst(endpoint: string, posts = 10_000, concurrency = 64): Promise<BurstResult> {
  const sandbox = await startSandboxNetwork({ rateLimit: { limit: 10_000_000 } });
  const table = await createBenchTable(endpoint, 'bench-burst');
  try {
    sandbox.addAccount({ username: 'bench', token: 'bench-token' });
    const adapter = createMastodonAdapter({ timeoutMs: 30_000 });
    const account = { brandId: 'bench', accountId: 'm', network: 'mastodon' as const, handle: '@bench', baseUrl: sandbox.url };
    const repo = createPostsRepository(table.doc, table.name);
    await createAccountsRepository(table.doc, table.name).put(account);

    // Baseline: the network call alone, same count and concurrency.
    const sandboxMs = await pool(posts, concurrency, (i) =>
      adapter.publish(account, { accessToken: 'bench-token' }, { text: `baseline ${i}`, idempotencyKey: `baseline-${i}` }));

    const dueAt = new Date(Date.now() + 5_000);
    const batch: Post[] = Array.from({ length: posts }, (_, i) => ({
      brandId: 'bench', postId: ulid(), accountId: 'm', network: 'mastodon', text: `due together ${i}`,
      dueAt: dueAt.toISOString(), status: 'scheduled', attempts: 0, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    }));
    await repo.createMany(batch);
    const deps: PublishPostDeps = {
      posts: repo,
      accounts: createAccountsRepository(table.doc, table.name),
      credentials: async () => ({ accessToken: 'bench-token' }),
      adapters: createAdapterRegistry([adapter]),
      scheduler: { schedule: async () => {}, cancel: async () => {} },
      publish: async () => {},
      now: () => new Date(),
      newId: () => ulid(),
    };
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now())));
    const late: number[] = [];
    // Every trigger fires at the due time, as Scheduler would, bounded by the function's concurrency.
    const pipelineMs = await pool(posts, concurrency, async (i) => {
      const outcome = await publishPost({ brandId: 'bench', postId: batch[i]!.postId }, deps);
      if (outcome.kind !== 'published') throw new Error(`post ${i}: ${outcome.kind}`);
      late.push(Date.now() - dueAt.getTime());
    });

    const landed = sandbox.statuses().filter((s) => s.text.startsWith('due together '));
    const distinct = new Set(landed.map((s) => s.text)).size;
    late.sort((a, b) => a - b);
    return {
      posts, concurrency, publishedOnNetwork: distinct, duplicates: landed.length - distinct,
      p50LateMs: late[Math.floor(late.length * 0.5)]!, p99LateMs: late[Math.floor(late.length * 0.99)]!,
      pipelineMsPerPost: pipelineMs / posts, sandboxMsPerPost: sandboxMs / posts, ratio: pipelineMs / sandboxMs,
    };
  } finally {
    await table.drop();
    await sandbox.close();
  }
}

async function pool(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
  return performance.now() - start;
}
