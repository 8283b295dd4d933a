/**
 * Facebook Pages adapter over the Graph API (https://developers.facebook.com/docs/pages-api/posts):
 * - text and link: `POST /{page-id}/feed` with `message` and `link`;
 * - one image: `POST /{page-id}/photos` with `url` and `caption` (the answer's `post_id` is the post);
 * - several images: each `POST /{page-id}/photos` with `published=false`, then `POST /{page-id}/feed` with
 *   `attached_media[i]={"media_fbid":…}`;
 * - first comment: `POST /{post-id}/comments`.
 *
 * The account's `externalId` is the Page id and `accessToken` a Page access token.
 *
 * Reconciliation: Facebook has no idempotency key, so `idempotentPublish` is false. After an
 * `unknown_outcome`, the publisher lists `findRecent` (`GET /{page-id}/posts?since=`) and looks for a post
 * whose text is `composeText(request)` (or `facebookCaption(request)` for photo posts).
 *
 * Credentials (`extendable`): `refreshToken` holds the long-lived User token the Page token derives from.
 * A refresh exchanges it with `grant_type=fb_exchange_token` (app id and secret needed), then reads the
 * Page token with `GET /{page-id}?fields=access_token`. A Page token obtained from a long-lived User token
 * does not expire; `expiresAt` is set to the User token's expiry, the last moment a refresh can work.
 */
import {
  NetworkError,
  type NetworkAdapter,
  type NetworkCredentials,
  type NetworkLimits,
  type AccountMetricsReading,
  type PostMetricsReading,
  type PostStatus,
  type PublishedRef,
  type PublishRequest,
  type RateLimitState,
  type RecentPost,
} from '../contract.js';
import {
  GRAPH_ID,
  extendCredentials,
  refreshFailure,
  requireExternalId,
  requireId,
  type MetaAdapterOptions,
} from '../meta/adapter-helpers.js';
import { finishGraphPublish } from '../meta/graph-publish.js';
import { createGraphClient, type GraphClient } from '../meta/graph-client.js';
import { graphErrorOf, isNotFound } from '../meta/graph-errors.js';
import { optionalPart, readInsights } from '../meta/graph-insights.js';
import { listSince } from '../meta/graph-listing.js';
import { accountReading, numbersOf, postReading } from '../metric-catalogue.js';

/** Graph's documented maximum for a Page post's message. 10 images per post is this adapter's cap, not Meta's. */
export const FACEBOOK_LIMITS: NetworkLimits = {
  maxTextLength: 63_206, maxMedia: 10, mediaKinds: ['image'], requiresMedia: false, threads: false, firstComment: true,
};
export const DEFAULT_FACEBOOK_GRAPH_VERSION = 'v23.0';

/** Length in UTF-16 code units: never less than Meta's count whichever unit it uses for the 63,206 limit. */
export function measureFacebookText(text: string): number {
  return text.length;
}

/** The `message` of a feed post; the link travels separately as the `link` field and renders as a preview. */
export function composeFacebookMessage(request: Pick<PublishRequest, 'text' | 'link'>): string {
  return request.text;
}

/** The caption of a photo post, where no `link` field exists: the link follows the text after a blank line. */
export function facebookCaption(request: Pick<PublishRequest, 'text' | 'link'>): string {
  if (!request.link) return request.text;
  return request.text ? `${request.text}\n\n${request.link}` : request.link;
}

/** Lifetime counts on the post object; `.limit(0)` asks for the summaries without the comments and reactions themselves. */
const POST_COUNT_FIELDS = 'shares,comments.summary(true).limit(0),reactions.summary(total_count).limit(0)';
/** The 2025 "media view" metrics replaced post_impressions and post_impressions_unique. */
const POST_INSIGHTS = 'post_media_view,post_total_media_view_unique,post_clicks,post_video_views';
const PAGE_INSIGHTS = 'page_media_view,page_total_media_view_unique,page_views_total';

interface FacebookPostCounts {
  readonly shares?: { readonly count?: unknown };
  readonly comments?: { readonly summary?: { readonly total_count?: unknown } };
  readonly reactions?: { readonly summary?: { readonly total_count?: unknown } };
}

export function createFacebookAdapter(options: MetaAdapterOptions = {}): NetworkAdapter {
  const now = options.now ?? Date.now;
  const graph = (baseUrl: string, accessToken?: string): GraphClient => createGraphClient({
    network: 'facebook', baseUrl, accessToken, version: options.version ?? DEFAULT_FACEBOOK_GRAPH_VERSION,
    timeoutMs: options.timeoutMs, now, fetch: options.fetch,
  });
  const fail = (message: string) => new NetworkError('facebook', 'bad_content', message);

  return {
    network: 'facebook',
    limits: FACEBOOK_LIMITS,
    idempotentPublish: false,
    credentialPolicy: 'extendable',
    measureText: measureFacebookText,
    composeText: composeFacebookMessage,

    async publish(account, credentials, request): Promise<PublishedRef> {
      const pageId = requireExternalId('facebook', account);
      const media = request.media ?? [];
      if (!request.text.trim() && !request.link && media.length === 0) throw fail('a Facebook post needs text, a link or an image');
      if (media.length > FACEBOOK_LIMITS.maxMedia) throw fail(`at most ${FACEBOOK_LIMITS.maxMedia} images per Facebook post`);
      const unsupported = media.find((m) => !FACEBOOK_LIMITS.mediaKinds.includes(m.kind));
      if (unsupported) throw fail(`this adapter publishes images only to Facebook, not ${unsupported.kind}`);
      const text = media.length ? facebookCaption(request) : composeFacebookMessage(request);
      if (measureFacebookText(text) > FACEBOOK_LIMITS.maxTextLength) throw fail(`text longer than ${FACEBOOK_LIMITS.maxTextLength} characters`);

      const api = graph(account.baseUrl, credentials.accessToken);
      let postId: string;
      let rateLimit: RateLimitState | undefined;
      const [single] = media;
      if (media.length === 0) {
        const res = await api.request<{ id?: unknown }>({
          method: 'POST', path: `/${pageId}/feed`, operation: 'commit', params: { message: text || undefined, link: request.link },
        });
        postId = requireId('facebook', res.body, 'commit');
        rateLimit = res.rateLimit;
      } else if (media.length === 1 && single) {
        const res = await api.request<{ id?: unknown; post_id?: unknown }>({
          method: 'POST', path: `/${pageId}/photos`, operation: 'commit',
          params: { url: single.url, caption: text || undefined, alt_text_custom: single.altText, published: true },
        });
        postId = requireId('facebook', { id: res.body.post_id ?? res.body.id }, 'commit');
        rateLimit = res.rateLimit;
      } else {
        const photoIds: string[] = [];
        for (const item of media) {
          const res = await api.request<{ id?: unknown }>({
            method: 'POST', path: `/${pageId}/photos`, operation: 'prepare',
            params: { url: item.url, alt_text_custom: item.altText, published: false },
          });
          photoIds.push(requireId('facebook', res.body, 'prepare'));
        }
        const res = await api.request<{ id?: unknown }>({
          method: 'POST', path: `/${pageId}/feed`, operation: 'commit',
          params: { message: text || undefined, attached_media: photoIds.map((id) => ({ media_fbid: id })) },
        });
        postId = requireId('facebook', res.body, 'commit');
        rateLimit = res.rateLimit;
      }

      return finishGraphPublish(api, postId, { url: 'permalink_url', time: 'created_time' }, request.firstComment, now, rateLimit);
    },

    async getStatus(account, credentials, networkPostId): Promise<PostStatus> {
      if (!GRAPH_ID.test(networkPostId)) return { networkPostId, exists: false };
      try {
        const { body } = await graph(account.baseUrl, credentials.accessToken).request<{ id?: unknown; permalink_url?: unknown }>({
          path: `/${networkPostId}`, params: { fields: 'id,permalink_url' },
        });
        return { networkPostId, exists: true, ...(typeof body.permalink_url === 'string' ? { url: body.permalink_url } : {}) };
      } catch (error) {
        if (isNotFound(graphErrorOf(error))) return { networkPostId, exists: false };
        throw error;
      }
    },

    async findRecent(account, credentials, since): Promise<RecentPost[]> {
      const pageId = requireExternalId('facebook', account);
      const items = await listSince(graph(account.baseUrl, credentials.accessToken), `/${pageId}/posts`, {
        fields: 'id,message,created_time,permalink_url', limit: 100,
      }, 'created_time', since);
      return items.map(({ id, createdAt, raw }) => ({
        networkPostId: id,
        text: typeof raw.message === 'string' ? raw.message : '',
        createdAt,
        ...(typeof raw.permalink_url === 'string' ? { url: raw.permalink_url } : {}),
      }));
    },

    async fetchPostMetrics(account, credentials, networkPostId): Promise<PostMetricsReading> {
      if (!GRAPH_ID.test(networkPostId)) throw fail(`${JSON.stringify(networkPostId)} is not a Facebook post id`);
      const api = graph(account.baseUrl, credentials.accessToken);
      try {
        const basic = await api.request<FacebookPostCounts>({ path: `/${networkPostId}`, params: { fields: POST_COUNT_FIELDS } });
        const missing: string[] = [];
        const insights = await optionalPart('insights', missing, () => readInsights(api, `/${networkPostId}/insights`, { metric: POST_INSIGHTS }));
        const counts = numbersOf({
          // Graph leaves `shares` out of the answer when nobody shared the post: asked for and absent is 0.
          shares: basic.body.shares?.count ?? 0,
          comments: basic.body.comments?.summary?.total_count,
          reactions: basic.body.reactions?.summary?.total_count,
        });
        return postReading('facebook', { ...counts, ...insights?.raw }, {
          observedAt: new Date(now()).toISOString(), missing, rateLimit: insights?.rateLimit ?? basic.rateLimit,
        });
      } catch (error) {
        if (isNotFound(graphErrorOf(error))) throw fail(`Facebook post ${networkPostId} no longer exists`);
        throw error;
      }
    },

    async fetchAccountMetrics(account, credentials): Promise<AccountMetricsReading> {
      const pageId = requireExternalId('facebook', account);
      const api = graph(account.baseUrl, credentials.accessToken);
      const basic = await api.request<Record<string, unknown>>({ path: `/${pageId}`, params: { fields: 'followers_count,fan_count' } });
      const missing: string[] = [];
      const insights = await optionalPart('insights', missing, () => readInsights(api, `/${pageId}/insights`, { metric: PAGE_INSIGHTS, period: 'day' }));
      return accountReading('facebook', { ...numbersOf(basic.body), ...insights?.raw }, {
        observedAt: new Date(now()).toISOString(), missing, rateLimit: insights?.rateLimit ?? basic.rateLimit,
      });
    },

    async refreshCredentials(account, credentials, app): Promise<NetworkCredentials> {
      const pageId = requireExternalId('facebook', account);
      if (!app?.clientSecret) {
        throw new NetworkError('facebook', 'disconnected', 'refreshing a Facebook Page token needs the app id and secret (fb_exchange_token)');
      }
      if (!credentials.refreshToken) {
        throw new NetworkError('facebook', 'disconnected', 'no Facebook User token to exchange: reconnect the Page');
      }
      const api = graph(account.baseUrl);
      try {
        const exchanged = await api.request<{ access_token?: unknown; expires_in?: unknown }>({
          path: '/oauth/access_token', accessToken: null,
          params: { grant_type: 'fb_exchange_token', client_id: app.clientId, client_secret: app.clientSecret, fb_exchange_token: credentials.refreshToken },
        });
        const user = extendCredentials('facebook', { accessToken: credentials.refreshToken, expiresAt: credentials.expiresAt }, exchanged.body, now);
        const page = await api.request<{ access_token?: unknown }>({
          path: `/${pageId}`, params: { fields: 'access_token' }, accessToken: user.accessToken,
        });
        if (typeof page.body.access_token !== 'string' || !page.body.access_token) {
          throw new NetworkError('facebook', 'disconnected', `the Facebook user no longer manages Page ${pageId}`);
        }
        return {
          ...credentials,
          accessToken: page.body.access_token,
          refreshToken: user.accessToken,
          ...(user.expiresAt === undefined ? {} : { expiresAt: user.expiresAt }),
        };
      } catch (error) {
        throw refreshFailure(error);
      }
    },
  };
}
