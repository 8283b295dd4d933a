/**
 * Everything a brand report reads from the store, turned into the plain records the KPI and
 * rollup functions take. A post's metrics are its latest snapshot observed by the time the report
 * is built (its lifetime numbers so far, as the field's tools show them); a published post with
 * no snapshot yet is still counted, with every metric missing.
 */
import type { NetworkAccount } from '../networks/contract.js';
import type { Post } from '../publishing/post.js';
import type { PostPerformance } from '../analytics/post-kpis.js';
import type { AccountDay } from '../analytics/rollups.js';
import { snapshotAtOrBefore } from '../analytics/snapshots.js';
import { localTime } from '../analytics/periods.js';
import { emptyPostMetrics } from '../analytics/metric-names.js';
import type { AccountSnapshot, PostSnapshot, SnapshotsRepository } from '../store/snapshots-repository.js';
import type { ReportPeriod } from './report-request.js';

export interface ReportDataDeps {
  readonly accounts: { list(brandId: string): Promise<NetworkAccount[]> };
  readonly posts: { listDue(brandId: string, from: string, to: string): Promise<Post[]> };
  readonly snapshots: Pick<SnapshotsRepository, 'listPostSnapshots' | 'listAccountSnapshots'>;
}

export interface ReportData {
  readonly brandId: string;
  readonly period: ReportPeriod;
  readonly previous: ReportPeriod;
  readonly generatedAt: Date;
  readonly accounts: readonly NetworkAccount[];
  readonly posts: readonly PostPerformance[];
  readonly previousPosts: readonly PostPerformance[];
  /** The last 16 weeks (or the whole period, if longer), for best times. */
  readonly history: readonly PostPerformance[];
  /** Account days in the period, plus the day before it, so growth has a starting count. */
  readonly accountDays: readonly AccountDay[];
  readonly previousAccountDays: readonly AccountDay[];
}

const DAY_MS = 86_400_000;
export const HISTORY_WEEKS = 16;
/** A post goes out at or after its due time; held posts (crisis mode) by up to a day. */
const PUBLISH_SLACK_MS = 2 * DAY_MS;

export async function loadReportData(deps: ReportDataDeps, brandId: string, period: ReportPeriod, previous: ReportPeriod, generatedAt: Date): Promise<ReportData> {
  const tz = period.timezone;
  const historyMs = Math.max(HISTORY_WEEKS * 7 * DAY_MS, period.to.getTime() - period.from.getTime());
  const start = new Date(Math.min(previous.from.getTime(), period.to.getTime() - historyMs));
  const [accounts, { performances, days }] = await Promise.all([
    deps.accounts.list(brandId),
    loadPerformances(deps, brandId, { from: new Date(start.getTime() - DAY_MS), to: period.to, timezone: tz }, generatedAt),
  ]);
  const within = (p: ReportPeriod) => (x: { publishedAt: string }) => {
    const at = Date.parse(x.publishedAt);
    return at >= p.from.getTime() && at < p.to.getTime();
  };
  /** The period's days plus the one before, so growth has a starting count. */
  const daysOf = (p: ReportPeriod) => {
    const first = localTime(p.from.getTime() - DAY_MS, tz).date;
    const last = localTime(p.to.getTime() - 1, tz).date;
    return days.filter((d) => d.day >= first && d.day <= last);
  };
  return {
    brandId, period, previous, generatedAt, accounts,
    posts: performances.filter(within(period)),
    previousPosts: performances.filter(within(previous)),
    history: performances.filter((p) => Date.parse(p.publishedAt) >= period.to.getTime() - historyMs),
    accountDays: daysOf(period),
    previousAccountDays: daysOf(previous),
  };
}

/** The brand's posts published in [range.from, range.to) with their metrics as of `asOf`, and its account days. */
export async function loadPerformances(deps: Omit<ReportDataDeps, 'accounts'>, brandId: string, range: ReportPeriod, asOf: Date) {
  const tz = range.timezone;
  const [posts, snapshots, accountSnapshots] = await Promise.all([
    deps.posts.listDue(brandId, new Date(range.from.getTime() - PUBLISH_SLACK_MS).toISOString(), range.to.toISOString()),
    deps.snapshots.listPostSnapshots(brandId, range.from, range.to),
    deps.snapshots.listAccountSnapshots(brandId, utcDay(range.from.getTime() - DAY_MS), utcDay(range.to.getTime() + DAY_MS)),
  ]);
  const days = accountSnapshots.map((s) => toAccountDay(s, tz));
  const followersOn = followersLookup(days);
  const seriesByPost = groupBy(snapshots, (s) => s.postId);
  const performances = posts
    .filter((p): p is Post & { publishedAt: string } => p.status === 'published' && !!p.publishedAt)
    .filter((p) => Date.parse(p.publishedAt) >= range.from.getTime() && Date.parse(p.publishedAt) < range.to.getTime())
    .map((post) => toPerformance(post, seriesByPost.get(post.postId) ?? [], asOf, followersOn, tz));
  return { performances, days };
}

function toPerformance(post: Post & { publishedAt: string }, series: readonly PostSnapshot[], asOf: Date, followersOn: FollowersLookup, tz: string): PostPerformance {
  const latest = snapshotAtOrBefore(series, asOf.toISOString());
  return {
    postId: post.postId, accountId: post.accountId, network: post.network, campaign: post.campaign, pillar: post.pillar,
    publishedAt: post.publishedAt, text: post.text, url: post.url,
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
