/**
 * The per-network metric catalogue: which of each network's own metrics (an API field or an insights
 * metric name) stands for which common metric, for posts and for accounts. A common metric a network
 * does not give is absent from its map, so it reads as null (missing), never as 0. Adapters put what
 * the network answered into `raw` under the native names below and turn it into common values here.
 *
 * Sources of the native names (read 2026-11):
 * - Mastodon: Status and Account entities, https://docs.joinmastodon.org/entities/Status/ and /entities/Account/
 * - Bluesky: app.bsky.feed.defs#postView and app.bsky.actor.defs#profileViewDetailed lexicons,
 *   https://docs.bsky.app/docs/api/app-bsky-feed-get-posts and /app-bsky-actor-get-profile
 * - X: post and user metrics, https://docs.x.com/x-api/fundamentals/metrics (public_metrics; non_public_metrics
 *   of the account's own posts from the last 30 days)
 * - Facebook: Page post fields (shares, comments and reactions summaries) and Page/post Insights,
 *   https://developers.facebook.com/docs/graph-api/reference/insights (the "media view" metrics that replaced
 *   page_impressions / post_impressions in 2025)
 * - Instagram: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights and
 *   /instagram-user/insights (views replaced impressions and plays for all versions on 2025-04-21)
 * - Threads: https://developers.facebook.com/docs/threads/insights (media: views, likes, replies, reposts,
 *   quotes, shares; user: views are profile views, followers_count)
 * - LinkedIn: organizationalEntityShareStatistics totalShareStatistics and networkSizes,
 *   https://learn.microsoft.com/linkedin/marketing/community-management/organizations/share-statistics and
 *   /organizations/organization-lookup-api (follower count)
 */
import {
  ACCOUNT_METRICS,
  POST_METRICS,
  type AccountMetricName,
  type AccountMetricValues,
  type PostMetricName,
  type PostMetricValues,
} from '../contracts/metric-names.js';
import type { AccountMetricsReading, NetworkName, PostMetricsReading, RateLimitState } from './contract.js';

export interface NetworkMetricCatalogue {
  /** Common post metric → the network's own name for it. */
  readonly post: Readonly<Partial<Record<PostMetricName, string>>>;
  /** Common account metric → the network's own name for it. */
  readonly account: Readonly<Partial<Record<AccountMetricName, string>>>;
}

export const METRIC_CATALOGUE: Readonly<Record<NetworkName, NetworkMetricCatalogue>> = {
  mastodon: {
    post: { reactions: 'favourites_count', comments: 'replies_count', shares: 'reblogs_count' },
    account: { followers: 'followers_count' },
  },
  bluesky: {
    post: { reactions: 'likeCount', comments: 'replyCount', shares: 'repostCount', saves: 'bookmarkCount' },
    account: { followers: 'followersCount' },
  },
  x: {
    post: {
      impressions: 'impression_count', reactions: 'like_count', comments: 'reply_count', shares: 'retweet_count',
      saves: 'bookmark_count', clicks: 'url_link_clicks',
    },
    account: { followers: 'followers_count' },
  },
  facebook: {
    post: {
      impressions: 'post_media_view', reach: 'post_total_media_view_unique', reactions: 'reactions', comments: 'comments',
      shares: 'shares', clicks: 'post_clicks', videoViews: 'post_video_views',
    },
    account: { followers: 'followers_count', reach: 'page_total_media_view_unique', impressions: 'page_media_view', profileVisits: 'page_views_total' },
  },
  instagram: {
    post: { impressions: 'views', reach: 'reach', reactions: 'likes', comments: 'comments', shares: 'shares', saves: 'saved' },
    account: { followers: 'followers_count', reach: 'reach', impressions: 'views', profileVisits: 'profile_views' },
  },
  threads: {
    post: { impressions: 'views', reactions: 'likes', comments: 'replies', shares: 'reposts' },
    // Threads' user-level `views` counts profile views, not post views.
    account: { followers: 'followers_count', profileVisits: 'views' },
  },
  linkedin: {
    post: {
      impressions: 'impressionCount', reach: 'uniqueImpressionsCount', reactions: 'likeCount', comments: 'commentCount',
      shares: 'shareCount', clicks: 'clickCount',
    },
    account: { followers: 'firstDegreeSize' },
  },
};

function mapped<N extends string>(names: readonly N[], map: Readonly<Partial<Record<N, string>>>, raw: Readonly<Record<string, number>>): Record<N, number | null> {
  return Object.fromEntries(names.map((name) => {
    const native = map[name];
    const value = native === undefined ? undefined : raw[native];
    return [name, typeof value === 'number' && Number.isFinite(value) ? value : null];
  })) as Record<N, number | null>;
}

/** The common post metrics in `raw` (native names): null for what the network does not give or did not return. */
export function postValues(network: NetworkName, raw: Readonly<Record<string, number>>): PostMetricValues {
  return mapped(POST_METRICS, METRIC_CATALOGUE[network].post, raw);
}

/** The common account metrics in `raw` (native names): null for what the network does not give or did not return. */
export function accountValues(network: NetworkName, raw: Readonly<Record<string, number>>): AccountMetricValues {
  return mapped(ACCOUNT_METRICS, METRIC_CATALOGUE[network].account, raw);
}

export interface ReadingContext {
  readonly observedAt: string;
  /** Why each failed part of the reading is missing; empty or absent when nothing failed. */
  readonly missing?: readonly string[];
  readonly rateLimit?: RateLimitState;
}

function reading<V>(values: V, raw: Readonly<Record<string, number>>, context: ReadingContext) {
  const missing = context.missing ?? [];
  return {
    values, raw, observedAt: context.observedAt, partial: missing.length > 0,
    ...(missing.length > 0 ? { missing } : {}), ...(context.rateLimit ? { rateLimit: context.rateLimit } : {}),
  };
}

export function postReading(network: NetworkName, raw: Readonly<Record<string, number>>, context: ReadingContext): PostMetricsReading {
  return reading(postValues(network, raw), raw, context);
}

export function accountReading(network: NetworkName, raw: Readonly<Record<string, number>>, context: ReadingContext): AccountMetricsReading {
  return reading(accountValues(network, raw), raw, context);
}

/** The finite numbers of a JSON object, by key: what the network answered, for `raw`. */
export function numbersOf(record: unknown): Record<string, number> {
  if (typeof record !== 'object' || record === null) return {};
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])));
}
