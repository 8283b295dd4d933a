/**
 * The `npm start` demo: the demo brand, its accounts connected on every network's stand-in
 * (connect-accounts.ts), plans a compressed week (a "day" lasts a few seconds) through the management API — links
 * with UTM tags, a thread, an image post, first comments, two campaigns — then watches each
 * post go out, exactly once, and reports how late each was. Then the analytics half
 * (demo-analytics.ts) turns the week's engagement into a report.
 */
import type { Runtime } from '../runtime.js';
import type { StandIns } from '../stand-ins.js';
import type { LocalConfig } from '../local-config.js';
import { demoApi } from './demo-api.js';
import { prepareAnalyticsDemo, runAnalyticsDemo, type AnalyticsDemoResult } from './demo-analytics.js';

export interface DemoResult {
  readonly planned: number;
  readonly published: number;
  readonly failed: { postId: string; network: string; reason?: string }[];
  /** Per network: posts published and the latest one's lateness. */
  readonly byNetwork: Record<string, { published: number; maxLateMs: number }>;
  readonly maxLateMs: number;
  /** Planned posts found on their network other than exactly once (should be none). */
  readonly notExactlyOnce: { network: string; text: string; times: number }[];
  /** The report built from the week's engagement (absent when `analytics` is off). */
  readonly analytics?: AnalyticsDemoResult;
}

export interface DemoOptions {
  /** How long a demo "day" lasts. @default 3000 */
  readonly dayMs?: number;
  /** Until the first post. @default 4000 */
  readonly leadMs?: number;
  readonly days?: number;
  readonly timeoutMs?: number;
  /** The secrets file's contents, for signing the demo conversion; without it the analytics half is skipped. */
  readonly secrets?: Record<string, string>;
}

type PlannedPost = Record<string, unknown> & { accountId: string };

export function weekPlan(accounts: StandIns['accounts'], imageUrl: string, days: number): PlannedPost[][] {
  const plan: PlannedPost[][] = [];
  const topics = ['Spring collection is live', 'Behind the scenes at the studio', 'Customer story: how Ana ships faster',
    'Tip: three ways to style it', 'Live Q&A this Thursday', 'Weekend reads from our team', 'Thank you for an amazing week'];
  for (let day = 0; day < days; day++) {
    const posts: PlannedPost[] = [];
    for (const [slot, account] of accounts.entries()) {
      if ((slot + day) % 2 === 1) continue; // each network posts every other day
      const text = `${topics[day % topics.length]} (${account.network}, day ${day + 1})`;
      const post: PlannedPost = { accountId: account.accountId, text, campaign: day < 4 ? 'launch-week' : 'community', pillar: day % 2 ? 'community' : 'product' };
      if (account.network !== 'instagram') post.link = 'https://shop.example/spring';
      if (account.network === 'instagram') post.media = [{ url: imageUrl, kind: 'image', altText: 'The spring collection' }];
      if (['mastodon', 'x', 'bluesky', 'threads'].includes(account.network) && day === 2) post.thread = ['And one more thing: free shipping all week.'];
      if (['facebook', 'linkedin', 'instagram'].includes(account.network)) post.firstComment = 'Questions? Ask us below.';
      posts.push(post);
    }
    plan.push(posts);
  }
  return plan;
}

export async function runDemo(runtime: Runtime, standIns: StandIns, config: LocalConfig, options: DemoOptions = {}): Promise<DemoResult> {
  const call = demoApi(runtime, config);
  if (options.secrets) await prepareAnalyticsDemo(call);
  const dayMs = options.dayMs ?? 3_000;
  const start = Math.ceil((Date.now() + (options.leadMs ?? 4_000)) / 1000) * 1000;
  const plan = weekPlan(standIns.accounts, standIns.imageUrl, options.days ?? 7);

  const due = new Map<string, { dueAt: number; network: string; text: string }>();
  const outcomes = new Map<string, { type: string; at: number; reason?: string }>();
  const stop = runtime.onEvent((event) => {
    const detail = event.detail as { postId?: string; reason?: string };
    if (detail.postId && due.has(detail.postId) && ['PostPublished', 'PostFailed'].includes(event['detail-type'])) {
      outcomes.set(detail.postId, { type: event['detail-type'], at: Date.now(), reason: detail.reason });
    }
  });
  try {
    for (const [day, posts] of plan.entries()) {
      for (const [index, post] of posts.entries()) {
        const dueAt = start + day * dayMs + Math.floor((index * dayMs) / Math.max(1, posts.length));
        const created = await call('POST', '/posts', { ...post, dueAt: new Date(dueAt).toISOString() });
        due.set(created.postId, { dueAt: Date.parse(created.dueAt), network: created.network, text: created.text });
      }
    }
    const deadline = Date.now() + (options.timeoutMs ?? plan.length * dayMs + 60_000);
    while (outcomes.size < due.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    stop();
  }

  const byNetwork: DemoResult['byNetwork'] = {};
  const failed: DemoResult['failed'] = [];
  for (const [postId, { dueAt, network }] of due) {
    const outcome = outcomes.get(postId);
    const entry = (byNetwork[network] ??= { published: 0, maxLateMs: 0 });
    if (outcome?.type === 'PostPublished') {
      entry.published++;
      entry.maxLateMs = Math.max(entry.maxLateMs, outcome.at - dueAt);
    } else {
      failed.push({ postId, network, reason: outcome?.reason ?? 'no outcome before the demo timed out' });
    }
  }
  const published = Object.values(byNetwork).reduce((n, e) => n + e.published, 0);
  // Counted on the networks themselves, not from our own records.
  const notExactlyOnce = [...due.values()]
    .map(({ network, text }) => ({ network, text, times: standIns.texts(network as never).filter((t) => t.startsWith(text)).length }))
    .filter((p) => p.times !== 1);
  return {
    planned: due.size, published, failed, byNetwork, notExactlyOnce,
    maxLateMs: Math.max(0, ...Object.values(byNetwork).map((e) => e.maxLateMs)),
    analytics: options.secrets ? await runAnalyticsDemo(runtime, call, options.secrets) : undefined,
  };
}
