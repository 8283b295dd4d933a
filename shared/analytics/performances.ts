/**
 * A brand's published posts as the KPI functions take them: each with its metrics as of a given
 * instant (its latest snapshot observed by then — lifetime numbers so far) and the account's
 * followers when it went out. A published post with no snapshot yet is still there, with every
 * metric missing. Also the account days, placed on the brand's local calendar.
 */
import type { PostPerformance } from './post-kpis.js';
import type { AccountDay } from './rollups.js';
import { snapshotAtOrBefore } from './snapshots.js';
import { localTime } from './periods.js';
import { emptyPostMetrics } from '../contracts/metric-names.js';
import type { AccountSnapshot, PostSnapshot, SnapshotsRepository } from './store/snapshots-repository.js';
import type { PublishedPost, PublishedPostsRepository } from './store/published-posts-repository.js';

export interface PerformanceDeps {
  readonly publishedPosts: Pick<PublishedPostsRepository, 'list'>;
  readonly snapshots: Pick<SnapshotsRepository, 'listPostSnapshots' | 'listAccountSnapshots'>;
}

export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
  readonly timezone: string;
}

const DAY_MS = 86_400_000;
/** Weeks of a channel's own history best times read (Sprout's Optimal Send Times reads 16). */
export const HISTORY_WEEKS = 16;

/** The brand's posts published in [range.from, range.to) with their metrics as of `asOf`, and its account days. */
export async function loadPerformances(deps: PerformanceDeps, brandId: string, range: TimeRange, asOf: Date): Promise<{ performances: PostPerformance[]; days: AccountDay[] }> {
  const tz = range.timezone;
  const [posts, snapshots, accountSnapshots] = await Promise.all([
    deps.publishedPosts.list(brandId, range.from, range.to),
    deps.snapshots.listPostSnapshots(brandId, range.from, range.to),
    deps.snapshots.listAccountSnapshots(brandId, utcDay(range.from.getTime() - DAY_MS), utcDay(range.to.getTime() + DAY_MS)),
  ]);
  const days = accountSnapshots.map((s) => toAccountDay(s, tz));
  const followersOn = followersLookup(days);
  const seriesByPost = groupBy(snapshots, (s) => s.postId);
  const performances = posts.map((post) => toPerformance(post, seriesByPost.get(post.postId) ?? [], asOf, followersOn, tz));
  return { performances, days };
}

function toPerformance(post: PublishedPost, series: readonly PostSnapshot[], asOf: Date, followersOn: FollowersLookup, tz: string): PostPerformance {
  const latest = snapshotAtOrBefore(series, asOf.toISOString());
  return {
    postId: post.postId, accountId: post.accountId, network: post.network, campaign: post.campaign, pillar: post.pillar,
    publishedAt: post.publishedAt, text: post.text ?? '', url: post.url,
    values: latest?.values ?? emptyPostMetrics(),
    followers: followersOn(post.accountId, localTime(Date.parse(post.publishedAt), tz).date),
  };
}

/** An account snapshot describes the local day it was taken on (the daily run is early in the day). */
function toAccountDay(s: AccountSnapshot, tz: string): AccountDay {
  return { accountId: s.accountId, network: s.network, day: localTime(Date.parse(s.observedAt), tz).date, values: s.values };
}

type FollowersLookup = (accountId: string, day: string) => number | null;

/** Followers on the latest day at or before `day` that reported them, else the first day after. */
function followersLookup(days: readonly AccountDay[]): FollowersLookup {
  const byAccount = groupBy(days.filter((d) => d.values.followers !== null), (d) => d.accountId);
  for (const list of byAccount.values()) list.sort((a, b) => a.day.localeCompare(b.day));
  return (accountId, day) => {
    const list = byAccount.get(accountId) ?? [];
    const before = list.filter((d) => d.day <= day).at(-1) ?? list[0];
    return before?.values.followers ?? null;
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
