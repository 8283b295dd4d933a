/**
 * Rollups for reports: posts grouped by local day, ISO week or month in the brand's time zone and
 * by channel, campaign or content pillar, with metric sums, how many posts lacked each metric, and
 * each group's KPIs; account day records grouped the same way; and period-over-period changes.
 */
import { engagements } from './engagements.js';
import { audienceGrowthRate, dailyEngagementRate, type Metric } from './kpis.js';
import { POST_METRICS, type AccountMetricValues, type PostMetricName } from '../contracts/metric-names.js';
import { POST_KPI_IDS, kpiOverPosts, type KpiOverPosts, type PostKpiId, type PostPerformance } from './post-kpis.js';
import { checkTimeZone, instantOf, localTime, periodOf, type Granularity } from './periods.js';

/** One account's daily numbers; `day` is the calendar day in the brand's time zone. */
export interface AccountDay {
  readonly accountId: string;
  readonly network: string;
  /** YYYY-MM-DD */
  readonly day: string;
  readonly values: AccountMetricValues;
}

export type Dimension = 'channel' | 'campaign' | 'pillar' | 'all';

export interface RollupOptions {
  readonly timeZone: string;
  readonly granularity: Granularity;
  readonly by: Dimension;
}

export interface MetricTotal {
  /** Sum over the posts (or days) that reported the metric; null when none did. */
  readonly sum: Metric;
  readonly known: number;
  /** So a report can say "impressions missing for 3 of 12 posts". */
  readonly missing: number;
}

export type PostTotalName = PostMetricName | 'engagements';

export interface PostBucket {
  /** `2026-03-29`, `2026-W13` or `2026-03`. */
  readonly period: string;
  /** The account id, campaign, pillar, or `all`. */
  readonly key: string;
  readonly posts: number;
  readonly totals: Readonly<Record<PostTotalName, MetricTotal>>;
  /** Each a ratio of sums over the posts that had every input (see post-kpis.ts). */
  readonly kpis: Readonly<Record<PostKpiId, KpiOverPosts>>;
}

export const NO_CAMPAIGN = '(no campaign)';
export const NO_PILLAR = '(no pillar)';

const keyOf: Record<Dimension, (post: PostPerformance) => string> = {
  channel: (post) => post.accountId,
  campaign: (post) => post.campaign ?? NO_CAMPAIGN,
  pillar: (post) => post.pillar ?? NO_PILLAR,
  all: () => 'all',
};

/** Posts grouped by period (in `timeZone`) and dimension, ordered by period then key. */
export function rollUpPosts(posts: readonly PostPerformance[], options: RollupOptions): PostBucket[] {
  checkTimeZone(options.timeZone);
  const groups = new Map<string, { period: string; key: string; posts: PostPerformance[] }>();
  for (const post of posts) {
    const local = localTime(instantOf(`publishedAt of post ${post.postId}`, post.publishedAt), options.timeZone);
    const period = periodOf(local.date, options.granularity);
    const key = keyOf[options.by](post);
    const id = JSON.stringify([period, key]);
    const group = groups.get(id) ?? { period, key, posts: [] };
    group.posts.push(post);
    groups.set(id, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || a.key.localeCompare(b.key))
    .map(({ period, key, posts: members }) => ({
      period, key, posts: members.length,
      totals: postTotals(members),
      kpis: Object.fromEntries(POST_KPI_IDS.map((id) => [id, kpiOverPosts(members, id)])) as Record<PostKpiId, KpiOverPosts>,
    }));
}

function postTotals(posts: readonly PostPerformance[]): Record<PostTotalName, MetricTotal> {
  const totals = Object.fromEntries(POST_METRICS.map((name) => [name, total(posts.map((p) => p.values[name]))]));
  return { ...totals, engagements: total(posts.map((p) => engagements(p.values))) } as Record<PostTotalName, MetricTotal>;
}

function total(values: readonly Metric[]): MetricTotal {
  const known = values.filter((v): v is number => v !== null);
  return { sum: known.length ? known.reduce((a, b) => a + b, 0) : null, known: known.length, missing: values.length - known.length };
}

export interface AccountBucket {
  readonly period: string;
  readonly accountId: string;
  readonly network: string;
  readonly days: number;
  /** Followers on the bucket's first and last day that reported them. */
  readonly followersAtStart: Metric;
  readonly followersAtEnd: Metric;
  /** Null unless followers were known on two different days of the bucket: one count shows no change. */
  readonly audienceGrowthRate: Metric;
  /** Sums of the daily values. Daily reach summed counts a person once per day, so it is not the period's unique reach. */
  readonly totals: Readonly<Record<'reach' | 'impressions' | 'profileVisits', MetricTotal>>;
}

/** Account day records grouped per account by day, ISO week or month, ordered by period then account. */
export function rollUpAccountDays(days: readonly AccountDay[], granularity: Granularity): AccountBucket[] {
  const groups = new Map<string, AccountDay[]>();
  for (const record of days) {
    const id = JSON.stringify([periodOf(record.day, granularity), record.accountId]);
    groups.set(id, [...(groups.get(id) ?? []), record]);
  }
  return [...groups.entries()]
    .map(([id, records]) => {
      const [period, accountId] = JSON.parse(id) as [string, string];
      const sorted = [...records].sort((a, b) => a.day.localeCompare(b.day));
      const withFollowers = sorted.filter((r) => r.values.followers !== null);
      const first = withFollowers[0];
      const last = withFollowers.at(-1);
      const twoDays = first !== undefined && last !== undefined && first.day !== last.day;
      return {
        period, accountId, network: sorted[0]!.network, days: sorted.length,
        followersAtStart: first?.values.followers ?? null,
        followersAtEnd: last?.values.followers ?? null,
        audienceGrowthRate: twoDays ? audienceGrowthRate({ followersAtStart: first.values.followers, followersAtEnd: last.values.followers }) : null,
        totals: {
          reach: total(sorted.map((r) => r.values.reach)),
          impressions: total(sorted.map((r) => r.values.impressions)),
          profileVisits: total(sorted.map((r) => r.values.profileVisits)),
        },
      };
    })
    .sort((a, b) => a.period.localeCompare(b.period) || a.accountId.localeCompare(b.accountId));
}

export interface DailyEngagement {
  readonly accountId: string;
  readonly day: string;
  readonly posts: number;
  /** Null when a post of that day lacked engagements: the sum would undercount. */
  readonly engagements: Metric;
  readonly followers: Metric;
  readonly dailyEngagementRate: Metric;
}

/**
 * Daily engagement rate per account day record. "Engagements in a day" is taken as the engagements
 * of the posts published that local day, since networks report engagements per post, not per day.
 */
export function dailyEngagementRates(posts: readonly PostPerformance[], days: readonly AccountDay[], timeZone: string): DailyEngagement[] {
  checkTimeZone(timeZone);
  const byDay = new Map<string, PostPerformance[]>();
  for (const post of posts) {
    const id = JSON.stringify([post.accountId, localTime(instantOf(`publishedAt of post ${post.postId}`, post.publishedAt), timeZone).date]);
    byDay.set(id, [...(byDay.get(id) ?? []), post]);
  }
  return days.map((record) => {
    const dayPosts = byDay.get(JSON.stringify([record.accountId, record.day])) ?? [];
    const counts = dayPosts.map((p) => engagements(p.values));
    const sum = counts.includes(null) ? null : (counts as number[]).reduce((a, b) => a + b, 0);
    return {
      accountId: record.accountId, day: record.day, posts: dayPosts.length, engagements: sum, followers: record.values.followers,
      dailyEngagementRate: dailyEngagementRate({ engagementsInDay: sum, followers: record.values.followers }),
    };
  });
}

export interface Change {
  readonly value: Metric;
  readonly previous: Metric;
  /** value − previous. */
  readonly change: Metric;
  /** (value − previous) / |previous| × 100, so a rise reads positive even from a negative start; null when previous is 0 or either is missing. */
  readonly relativeChange: Metric;
}

/** Current against previous period, null-safe: a missing side makes the change missing. */
export function compareValues(value: Metric, previous: Metric): Change {
  if (value === null || previous === null) return { value, previous, change: null, relativeChange: null };
  const change = value - previous;
  return { value, previous, change, relativeChange: previous === 0 ? null : (change / Math.abs(previous)) * 100 };
}

/** Every KPI of a bucket against the same bucket one period earlier (absent: every change is missing). */
export function compareBuckets(current: PostBucket, previous: PostBucket | undefined): Record<PostKpiId, Change> {
  return Object.fromEntries(POST_KPI_IDS.map((id) => [id, compareValues(current.kpis[id].value, previous?.kpis[id].value ?? null)])) as Record<PostKpiId, Change>;
}
