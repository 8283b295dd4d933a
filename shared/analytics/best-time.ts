/**
 * Best time to post, per channel, from the brand's own history (the method in
 * ../shared/reference/kpis.md, after Sprout's Optimal Send Times which also reads 16 weeks):
 * 1. take the channel's posts of the last N weeks and put each in its (weekday, hour) bucket in the
 *    brand's time zone;
 * 2. score each post by engagement rate by impressions — or, on networks that report no
 *    impressions (Mastodon, Bluesky), by its engagements; one basis per channel, never mixed;
 * 3. score each bucket by its posts' median (robust to the one post that went viral), shrunk toward
 *    the channel's overall median: (n × bucket median + k × channel median) / (n + k), where n is the
 *    bucket's posts and k the prior weight. A bucket with one lucky post stays near the channel
 *    median; a bucket with many posts keeps its own median;
 * 4. offer the top-k buckets as weekly slots on the hour.
 * Too little history gives no slots and the reason, and the caller falls back (e.g. to defaults).
 * Posts should carry their values at one fixed age (snapshots.ts) so young posts do not lose.
 */
import type { QueueConfig } from '../contracts/api/publishing.js';
import { engagements } from './engagements.js';
import { engagementRateByImpressions } from './kpis.js';
import type { PostPerformance } from './post-kpis.js';
import { checkTimeZone, instantOf, localTime, type Weekday } from './periods.js';

export type BestTimeBasis = 'engagementRateByImpressions' | 'engagementsPerPost';

export interface BestTimeOptions {
  readonly timeZone: string;
  /** The history ends here (ISO 8601 instant). */
  readonly now: string;
  /** How many weeks back to read; 16 by default. */
  readonly weeks?: number;
  /** How many slots to return; 3 by default. */
  readonly topK?: number;
  /** Below this many scored posts the channel's history is not trusted; 12 by default. */
  readonly minPosts?: number;
  /** k in the shrinkage: how many posts' worth of weight the channel median gets; 3 by default. */
  readonly priorWeight?: number;
}

export interface BestTimeSlot {
  readonly weekday: Weekday;
  readonly hour: number;
  readonly minute: 0;
  /** The shrunk bucket score, in the basis' unit (% or engagements per post). */
  readonly score: number;
  readonly posts: number;
  readonly basis: BestTimeBasis;
}

/** Either the slots and the basis that scored them, or no slots and why (postsScored: the posts with engagements found). */
export type BestTimes =
  | { readonly accountId: string; readonly basis: BestTimeBasis; readonly channelMedian: number; readonly postsScored: number; readonly slots: readonly BestTimeSlot[] }
  | { readonly accountId: string; readonly slots: readonly []; readonly reason: string; readonly postsScored: number };

const WEEK_MS = 7 * 86_400_000;
const WEEK_ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The best weekly slots of one channel (`accountId`); other channels' posts are ignored. */
export function bestTimesToPost(accountId: string, posts: readonly PostPerformance[], options: BestTimeOptions): BestTimes {
  const { timeZone, weeks, topK, minPosts, priorWeight } = settings(options);
  const end = instantOf('now', options.now);
  const recent = posts.filter((post) => {
    if (post.accountId !== accountId) return false;
    const at = instantOf(`publishedAt of post ${post.postId}`, post.publishedAt);
    return at > end - weeks * WEEK_MS && at <= end;
  });
  const scored = scorePosts(recent, minPosts);
  if (!scored) {
    const usable = recent.filter((post) => engagements(post.values) !== null).length;
    return {
      accountId, slots: [], postsScored: usable,
      reason: `only ${usable} post(s) with engagements in the last ${weeks} weeks on ${accountId}; at least ${minPosts} are needed to trust its own history`,
    };
  }
  const channelMedian = median(scored.scores.map((s) => s.score));
  const buckets = new Map<string, { weekday: Weekday; hour: number; scores: number[] }>();
  for (const { post, score } of scored.scores) {
    const { weekday, hour } = localTime(Date.parse(post.publishedAt), timeZone);
    const id = `${weekday} ${hour}`;
    const bucket = buckets.get(id) ?? { weekday, hour, scores: [] };
    bucket.scores.push(score);
    buckets.set(id, bucket);
  }
  const slots = [...buckets.values()]
    .map(({ weekday, hour, scores }) => ({
      weekday, hour, minute: 0 as const, posts: scores.length, basis: scored.basis,
      score: (scores.length * median(scores) + priorWeight * channelMedian) / (scores.length + priorWeight),
    }))
    .sort((a, b) => b.score - a.score || b.posts - a.posts || weekOrder(a) - weekOrder(b))
    .slice(0, topK);
  return { accountId, basis: scored.basis, channelMedian, postsScored: scored.scores.length, slots };
}

/** Best times for every channel that has posts in `posts`, ordered by account id. */
export function bestTimesByChannel(posts: readonly PostPerformance[], options: BestTimeOptions): BestTimes[] {
  return [...new Set(posts.map((post) => post.accountId))].sort().map((accountId) => bestTimesToPost(accountId, posts, options));
}

/** Suggested slots in the queue's format (`PUT /accounts/{id}/queue`), in week order. */
export function toQueueConfig(slots: readonly BestTimeSlot[], timeZone: string): QueueConfig {
  checkTimeZone(timeZone);
  if (!slots.length) throw new RangeError('slots is empty: there is no best time to suggest; keep the current queue or use defaults');
  return {
    timezone: timeZone,
    slots: [...slots].sort((a, b) => weekOrder(a) - weekOrder(b))
      .map((slot) => ({ day: slot.weekday, time: `${String(slot.hour).padStart(2, '0')}:00` })),
  };
}

/** Impressions-based when enough posts have impressions, else engagements per post; undefined when neither has enough. */
function scorePosts(posts: readonly PostPerformance[], minPosts: number) {
  const byImpressions = posts
    .map((post) => ({ post, score: engagementRateByImpressions({ engagements: engagements(post.values), impressions: post.values.impressions }) }))
    .filter((s): s is { post: PostPerformance; score: number } => s.score !== null);
  if (byImpressions.length >= minPosts) return { basis: 'engagementRateByImpressions' as const, scores: byImpressions };
  const byPost = posts
    .map((post) => ({ post, score: engagements(post.values) }))
    .filter((s): s is { post: PostPerformance; score: number } => s.score !== null);
  if (byPost.length >= minPosts) return { basis: 'engagementsPerPost' as const, scores: byPost };
  return undefined;
}

function settings(options: BestTimeOptions) {
  checkTimeZone(options.timeZone);
  const { weeks = 16, topK = 3, minPosts = 12, priorWeight = 3 } = options;
  const whole = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${field} must be a whole number, at least 1; got ${value}`);
  };
  whole('weeks', weeks);
  whole('topK', topK);
  whole('minPosts', minPosts);
  if (!Number.isFinite(priorWeight) || priorWeight < 0) throw new RangeError(`priorWeight must be a non-negative number of posts; got ${priorWeight}`);
  return { timeZone: options.timeZone, weeks, topK, minPosts, priorWeight };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function weekOrder(slot: { weekday: Weekday; hour: number }): number {
  return WEEK_ORDER.indexOf(slot.weekday) * 24 + slot.hour;
}
