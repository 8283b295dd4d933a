/**
 * Insights of the Meta stand-in, in the shape of Graph's insights edges: `{data: [{name, period, values |
 * total_value, title, description, id}]}`. Post counts follow the seeded engagement curve by the post's age
 * and account figures grow by day (../engagement.ts). Metric names are the current ones:
 * - Facebook: post_media_view, post_total_media_view_unique, post_clicks, post_video_views on a post;
 *   page_media_view, page_total_media_view_unique, page_views_total (period=day) on a Page
 *   (https://developers.facebook.com/docs/graph-api/reference/insights);
 * - Instagram: views, reach, likes, comments, shares, saved, total_interactions on a media; reach, views,
 *   profile_views with metric_type=total_value on a user (.../instagram-media/insights, .../instagram-user/insights);
 * - Threads: views, likes, replies, reposts, quotes, shares on a media; views (profile views, a daily
 *   series) and followers_count (total_value) on a user (https://developers.facebook.com/docs/threads/insights).
 * An unknown metric name is Graph's #100, so an adapter asking for a retired name (impressions) fails as it would.
 */
import { accountEngagementAt, DAY_MS, postEngagementAt } from '../engagement.js';
import { graphTimestamp, invalidParameter, list, text, type Params, type Reply } from './graph-shape.js';
import type { MetaAccount, MetaNetwork, MetaState, StandInPost } from './state.js';

type Figures = Readonly<Record<string, number>>;

/** The post's lifetime figures by native metric name, for its insights edge and its count fields. */
export function postFigures(state: MetaState, post: StandInPost): Figures {
  const e = postEngagementAt(post.id, state.now() - Date.parse(post.createdAt));
  const realComments = [...state.posts.values()].filter((p) => p.parentId === post.id).length;
  const comments = e.comments + realComments;
  const isVideo = post.media.some((m) => m.kind === 'video');
  switch (post.network) {
    case 'facebook':
      return {
        post_media_view: e.views, post_total_media_view_unique: e.reach, post_clicks: e.clicks, post_video_views: isVideo ? e.videoViews : 0,
        reactions: e.likes, comments, shares: e.shares,
      };
    case 'instagram':
      return {
        views: e.views, reach: e.reach, likes: e.likes, comments, shares: e.shares, saved: e.saves,
        total_interactions: e.likes + comments + e.shares + e.saves,
      };
    case 'threads':
      return { views: e.views, likes: e.likes, replies: comments, reposts: e.shares, quotes: e.quotes, shares: e.saves };
  }
}

const POST_METRICS: Readonly<Record<MetaNetwork, readonly string[]>> = {
  facebook: ['post_media_view', 'post_total_media_view_unique', 'post_clicks', 'post_video_views'],
  instagram: ['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions'],
  threads: ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'],
};

const ACCOUNT_METRICS: Readonly<Record<MetaNetwork, readonly string[]>> = {
  facebook: ['page_media_view', 'page_total_media_view_unique', 'page_views_total'],
  instagram: ['reach', 'views', 'profile_views'],
  threads: ['views', 'followers_count'],
};

function requested(params: Params, allowed: readonly string[]): string[] | Reply {
  const metrics = list(params, 'metric').map(String);
  if (metrics.length === 0) return invalidParameter('The parameter metric is required');
  const unknown = metrics.find((m) => !allowed.includes(m));
  return unknown ? invalidParameter(`metric[${metrics.indexOf(unknown)}] must be one of the following values: ${allowed.join(', ')}`) : metrics;
}

const entry = (ownerId: string, name: string, period: string, value: Record<string, unknown>) => ({
  name, period, ...value, title: name.replace(/_/g, ' '), description: `Pillars stand-in ${name}`, id: `${ownerId}/insights/${name}/${period}`,
});

/** GET /{post-id}/insights?metric=… (lifetime values). */
export function postInsights(state: MetaState, post: StandInPost, params: Params): Reply {
  const metrics = requested(params, POST_METRICS[post.network]);
  if (!Array.isArray(metrics)) return metrics;
  const figures = postFigures(state, post);
  return { status: 200, body: { data: metrics.map((name) => entry(post.id, name, 'lifetime', { values: [{ value: figures[name] ?? 0 }] })) } };
}

/** The account's followers now, growing by day since the stand-in first saw it. */
export function followersOf(state: MetaState, account: MetaAccount): number {
  return accountEngagementAt(account.id, state.now() - account.addedAt).followers;
}

/**
 * GET /{account-id}/insights (Facebook Page, Instagram user) or /threads_insights (Threads user). Daily
 * metrics answer the last two days as `values` with `end_time`, or one `total_value` when
 * `metric_type=total_value` (which Instagram requires for views and profile_views).
 */
export function accountInsights(state: MetaState, account: MetaAccount, params: Params): Reply {
  const metrics = requested(params, ACCOUNT_METRICS[account.network]);
  if (!Array.isArray(metrics)) return metrics;
  const totalValue = text(params, 'metric_type') === 'total_value';
  if (account.network === 'instagram' && !totalValue) {
    const needs = metrics.filter((m) => m !== 'reach');
    if (needs.length) return invalidParameter(`The following metrics (${needs.join(', ')}) should be specified with parameter metric_type=total_value`);
  }
  const age = state.now() - account.addedAt;
  const dayFigures = (ms: number): Figures => {
    const a = accountEngagementAt(account.id, ms);
    return account.network === 'threads'
      ? { views: a.dayProfileVisits, followers_count: a.followers }
      : account.network === 'instagram'
        ? { reach: a.dayReach, views: a.dayViews, profile_views: a.dayProfileVisits }
        : { page_media_view: a.dayViews, page_total_media_view_unique: a.dayReach, page_views_total: a.dayProfileVisits };
  };
  const today = dayFigures(age);
  const yesterday = dayFigures(age - DAY_MS);
  const endOfDay = (ms: number) => graphTimestamp(Math.floor(ms / DAY_MS) * DAY_MS);
  const data = metrics.map((name) => (totalValue || name === 'followers_count'
    ? entry(account.id, name, 'day', { total_value: { value: today[name] ?? 0 } })
    : entry(account.id, name, 'day', {
      values: [{ value: yesterday[name] ?? 0, end_time: endOfDay(state.now() - DAY_MS) }, { value: today[name] ?? 0, end_time: endOfDay(state.now()) }],
    })));
  return { status: 200, body: { data } };
}
