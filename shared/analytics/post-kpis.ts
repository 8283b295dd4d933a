/**
 * The KPIs that can be computed from posts alone, each as a ratio of two per-post quantities.
 * Keeping numerator and denominator apart lets a rollup compute a group's KPI as a ratio of sums
 * over exactly the posts that had both inputs, so a post with impressions missing neither counts
 * as zero impressions nor leaves its engagements in the numerator.
 * A group's rate is the ratio of sums (weighted by reach or impressions), not Hootsuite's mean of
 * per-post rates: a post seen by 40 people cannot swing a week's engagement rate as much as one
 * seen by 40,000.
 */
import { engagements } from './engagements.js';
import {
  amplificationPerPost, amplificationRateByFollowers, applausePerPost, clickThroughRate, conversationPerPost,
  engagementRateByFollowers, engagementRateByImpressions, engagementRateByReach, frequency, viralityRate, type Metric,
} from './kpis.js';
import type { PostMetricName, PostMetricValues } from '../contracts/metric-names.js';

/** One published post and what it did, as reports and best-time read it. */
export interface PostPerformance {
  readonly postId: string;
  readonly accountId: string;
  readonly network: string;
  readonly campaign?: string;
  readonly pillar?: string;
  /** ISO 8601 instant. */
  readonly publishedAt: string;
  readonly text?: string;
  readonly url?: string;
  /** Usually the snapshot at a fixed age (see snapshots.ts), so posts of different ages compare fairly. */
  readonly values: PostMetricValues;
  /** The account's followers when the post went out; null or absent when unknown. */
  readonly followers?: number | null;
}

export type PostKpiId =
  | 'engagementRateByReach' | 'engagementRateByImpressions' | 'engagementRateByFollowers'
  | 'amplificationPerPost' | 'amplificationRateByFollowers' | 'applausePerPost' | 'conversationPerPost'
  | 'viralityRate' | 'clickThroughRate' | 'frequency';

interface PostRatio {
  readonly numerator: (post: PostPerformance) => Metric;
  readonly denominator: (post: PostPerformance) => Metric;
  readonly kpi: (numerator: Metric, denominator: Metric) => Metric;
}

const metric = (name: PostMetricName) => (post: PostPerformance) => post.values[name];
const engagementsOf = (post: PostPerformance) => engagements(post.values);
const followersOf = (post: PostPerformance) => post.followers ?? null;
const onePost = () => 1;

const POST_KPIS: Readonly<Record<PostKpiId, PostRatio>> = {
  engagementRateByReach: { numerator: engagementsOf, denominator: metric('reach'), kpi: (engagements, reach) => engagementRateByReach({ engagements, reach }) },
  engagementRateByImpressions: { numerator: engagementsOf, denominator: metric('impressions'), kpi: (engagements, impressions) => engagementRateByImpressions({ engagements, impressions }) },
  engagementRateByFollowers: { numerator: engagementsOf, denominator: followersOf, kpi: (engagements, followers) => engagementRateByFollowers({ engagements, followers }) },
  amplificationPerPost: { numerator: metric('shares'), denominator: onePost, kpi: (shares, posts) => amplificationPerPost({ shares, posts }) },
  amplificationRateByFollowers: { numerator: metric('shares'), denominator: followersOf, kpi: (shares, followers) => amplificationRateByFollowers({ shares, followers }) },
  applausePerPost: { numerator: metric('reactions'), denominator: onePost, kpi: (reactions, posts) => applausePerPost({ reactions, posts }) },
  conversationPerPost: { numerator: metric('comments'), denominator: onePost, kpi: (comments, posts) => conversationPerPost({ comments, posts }) },
  viralityRate: { numerator: metric('shares'), denominator: metric('impressions'), kpi: (shares, impressions) => viralityRate({ shares, impressions }) },
  clickThroughRate: { numerator: metric('clicks'), denominator: metric('impressions'), kpi: (clicks, impressions) => clickThroughRate({ clicks, impressions }) },
  frequency: { numerator: metric('impressions'), denominator: metric('reach'), kpi: (impressions, reach) => frequency({ impressions, reach }) },
};

export const POST_KPI_IDS = Object.keys(POST_KPIS) as PostKpiId[];

/** One post's value of a KPI; null when an input is missing or the denominator is 0. */
export function postKpi(post: PostPerformance, id: PostKpiId): Metric {
  const { numerator, denominator, kpi } = POST_KPIS[id];
  return kpi(numerator(post), denominator(post));
}

export interface KpiOverPosts {
  readonly value: Metric;
  /** How many posts had every input, i.e. went into the value. */
  readonly posts: number;
}

/** A group's KPI: Σ numerators / Σ denominators over the posts that had both inputs. */
export function kpiOverPosts(posts: readonly PostPerformance[], id: PostKpiId): KpiOverPosts {
  const { numerator, denominator, kpi } = POST_KPIS[id];
  let top = 0;
  let bottom = 0;
  let counted = 0;
  for (const post of posts) {
    const n = numerator(post);
    const d = denominator(post);
    if (n === null || d === null) continue;
    top += n;
    bottom += d;
    counted++;
  }
  return { value: counted ? kpi(top, bottom) : null, posts: counted };
}

export interface RankedPost {
  readonly post: PostPerformance;
  readonly value: number;
}

export interface PostRanking {
  readonly kpi: PostKpiId;
  /** Best first. */
  readonly top: readonly RankedPost[];
  /** Worst first; never repeats a post already in `top`. */
  readonly bottom: readonly RankedPost[];
  /** Posts left out because the KPI was missing for them (an input null or a zero denominator). */
  readonly excluded: number;
}

/** The best and worst `n` posts by a KPI; ties go to the earlier post, so the order is stable. */
export function rankPosts(posts: readonly PostPerformance[], id: PostKpiId, n: number): PostRanking {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number of posts, at least 1; got ${n}`);
  const ranked: RankedPost[] = [];
  for (const post of posts) {
    const value = postKpi(post, id);
    if (value !== null) ranked.push({ post, value });
  }
  const byTime = (a: RankedPost, b: RankedPost) =>
    Date.parse(a.post.publishedAt) - Date.parse(b.post.publishedAt) || a.post.postId.localeCompare(b.post.postId);
  const best = [...ranked].sort((a, b) => b.value - a.value || byTime(a, b));
  const top = best.slice(0, n);
  const bottom = best.slice(top.length).sort((a, b) => a.value - b.value || byTime(a, b)).slice(0, n);
  return { kpi: id, top, bottom, excluded: posts.length - ranked.length };
}
