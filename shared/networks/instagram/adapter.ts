/**
 * Instagram adapter over the Instagram API with Instagram Login (graph.instagram.com), content publishing
 * (https://developers.facebook.com/docs/instagram-platform/content-publishing/):
 * 1. `POST /{ig-user-id}/media` creates a container: `image_url` (+ `alt_text`), or `media_type=REELS` +
 *    `video_url` (single videos are Reels since 2023), or for a carousel one `is_carousel_item=true`
 *    container per item and then `media_type=CAROUSEL` + `children`;
 * 2. `GET /{container-id}?fields=status_code,status` until FINISHED (bounded, injectable sleep);
 * 3. `POST /{ig-user-id}/media_publish` with `creation_id` publishes it;
 * 4. first comment: `POST /{ig-media-id}/comments`.
 *
 * Instagram cannot publish text alone (`requiresMedia`). Captions are checked before any request
 * (`validateCaption`: 2,200 characters, 30 hashtags, 20 @-mentions) and fail as `bad_content`.
 *
 * Reconciliation: there is no idempotency key. A container is only an intent (never published twice, it
 * expires after 24 h), so every `publish` call creates fresh containers and `idempotentPublish` is false.
 * After an `unknown_outcome` the publisher lists `findRecent` (`GET /{ig-user-id}/media`) and matches the
 * caption against `composeText(request)`. Error 2207020 (media expired) is `retry_later`: the retry builds a
 * fresh container. The 50 posts / 24 h quota answers `retry_later` with the wait until the next free slot.
 *
 * Credentials (`extendable`): `GET /refresh_access_token?grant_type=ig_refresh_token` extends the long-lived
 * token (at least 24 h old, not expired) for 60 days; fields the answer lacks are kept.
 */
import {
  NetworkError,
  type MediaItem,
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
import { GRAPH_ID, extendCredentials, refreshFailure, requireExternalId, requireId } from '../meta/adapter-helpers.js';
import {
  DEFAULT_MAX_POLLS,
  DEFAULT_POLL_INTERVAL_MS,
  realSleep,
  waitForContainer,
  type ContainerAdapterOptions,
  type ContainerPolling,
  type ContainerState,
} from '../meta/container-polling.js';
import { finishGraphPublish } from '../meta/graph-publish.js';
import { createGraphClient, type GraphClient, type GraphParams } from '../meta/graph-client.js';
import { graphErrorOf, isNotFound, isPublishingQuotaError } from '../meta/graph-errors.js';
import { optionalPart, readInsights } from '../meta/graph-insights.js';
import { listSince, publishingQuotaError } from '../meta/graph-listing.js';
import { accountReading, numbersOf, postReading } from '../metric-catalogue.js';

export const INSTAGRAM_LIMITS: NetworkLimits = {
  maxTextLength: 2_200,
  maxMedia: 10,
  mediaKinds: ['image', 'video'],
  requiresMedia: true,
  threads: false,
  firstComment: true,
  publishQuota: { posts: 50, perSeconds: 86_400 },
};
export const INSTAGRAM_MAX_HASHTAGS = 30;
export const INSTAGRAM_MAX_MENTIONS = 20;
export const INSTAGRAM_MIN_CAROUSEL = 2;
export const DEFAULT_INSTAGRAM_GRAPH_VERSION = 'v23.0';

const HASHTAG = /(^|[^\p{L}\p{N}_&#])#[\p{L}\p{N}_]+/gu;
const MENTION = /(^|[^\p{L}\p{N}_.@])@[A-Za-z0-9._]+/gu;
/** Container errors Instagram documents as "try again" (server error, download timeout, expired, create/upload failed). */
const RETRYABLE_CONTAINER_SUBCODES = ['2207001', '2207003', '2207020', '2207032', '2207053'];

/** Length in UTF-16 code units: an emoji counts 2, never less than Instagram's own count. */
export function measureInstagramText(text: string): number {
  return text.length;
}

/** The caption `publish` sends: the link (not clickable on Instagram) after a blank line. */
export function composeInstagramCaption(request: Pick<PublishRequest, 'text' | 'link'>): string {
  if (!request.link) return request.text;
  return request.text ? `${request.text}\n\n${request.link}` : request.link;
}

/** Every reason Instagram would refuse this caption; empty when it is fine. */
export function validateCaption(caption: string): string[] {
  const problems: string[] = [];
  const length = measureInstagramText(caption);
  if (length > INSTAGRAM_LIMITS.maxTextLength) problems.push(`caption has ${length} characters, Instagram allows ${INSTAGRAM_LIMITS.maxTextLength}`);
  const hashtags = [...caption.matchAll(HASHTAG)].length;
  if (hashtags > INSTAGRAM_MAX_HASHTAGS) problems.push(`caption has ${hashtags} hashtags, Instagram allows ${INSTAGRAM_MAX_HASHTAGS}`);
  const mentions = [...caption.matchAll(MENTION)].length;
  if (mentions > INSTAGRAM_MAX_MENTIONS) problems.push(`caption has ${mentions} @-mentions, Instagram allows ${INSTAGRAM_MAX_MENTIONS}`);
  return problems;
}

/** Reads `status_code` (and `status`, which carries the error subcode when the container failed). */
export function interpretInstagramContainer(body: Record<string, unknown>): ContainerState {
  const status = typeof body.status === 'string' ? body.status : '';
  switch (body.status_code) {
    case 'FINISHED':
      return { state: 'ready' };
    case 'EXPIRED':
      return { state: 'failed', error: new NetworkError('instagram', 'retry_later', 'Instagram container expired before publishing; a retry creates a fresh one') };
    case 'ERROR': {
      const retryable = RETRYABLE_CONTAINER_SUBCODES.some((code) => status.includes(code));
      return { state: 'failed', error: new NetworkError('instagram', retryable ? 'retry_later' : 'bad_content', `Instagram could not process the media: ${status || 'ERROR'}`) };
    }
    case 'PUBLISHED':
      return { state: 'failed', error: new NetworkError('instagram', 'unknown_outcome', 'Instagram container was already published') };
    default:
      return { state: 'wait' };
  }
}

/** Current media insights: `views` replaced impressions, plays and video_views (all versions since 2025-04-21). */
const MEDIA_INSIGHTS = 'views,reach,likes,comments,shares,saved,total_interactions';
const USER_INSIGHTS = 'reach,views,profile_views';

export function createInstagramAdapter(options: ContainerAdapterOptions = {}): NetworkAdapter {
  const now = options.now ?? Date.now;
  const polling: ContainerPolling = {
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, maxPolls: options.maxPolls ?? DEFAULT_MAX_POLLS, sleep: options.sleep ?? realSleep,
  };
  const graph = (baseUrl: string, accessToken?: string): GraphClient => createGraphClient({
    network: 'instagram', baseUrl, accessToken, version: options.version ?? DEFAULT_INSTAGRAM_GRAPH_VERSION,
    timeoutMs: options.timeoutMs, now, fetch: options.fetch,
  });
  const fail = (message: string) => new NetworkError('instagram', 'bad_content', message);

  async function createContainer(api: GraphClient, userId: string, params: GraphParams): Promise<string> {
    const { body } = await api.request<{ id?: unknown }>({ method: 'POST', path: `/${userId}/media`, operation: 'prepare', params });
    return requireId('instagram', body, 'prepare');
  }
  const ready = (api: GraphClient, id: string) => waitForContainer(api, 'instagram', id, 'status_code,status', interpretInstagramContainer, polling);

  return {
    network: 'instagram',
    limits: INSTAGRAM_LIMITS,
    idempotentPublish: false,
    credentialPolicy: 'extendable',
    measureText: measureInstagramText,
    composeText: composeInstagramCaption,

    async publish(account, credentials, request): Promise<PublishedRef> {
      const userId = requireExternalId('instagram', account);
      const media = request.media ?? [];
      if (media.length === 0) throw fail('Instagram cannot publish text alone: add an image or a video');
      if (media.length > INSTAGRAM_LIMITS.maxMedia) throw fail(`an Instagram carousel holds at most ${INSTAGRAM_LIMITS.maxMedia} items`);
      const unsupported = media.find((m) => !INSTAGRAM_LIMITS.mediaKinds.includes(m.kind));
      if (unsupported) throw fail(`Instagram does not publish ${unsupported.kind} media`);
      const caption = composeInstagramCaption(request);
      const problems = validateCaption(caption);
      if (problems.length) throw fail(problems.join('; '));

      const api = graph(account.baseUrl, credentials.accessToken);
      const [single] = media;
      let containerId: string;
      if (media.length === 1 && single) {
        containerId = await createContainer(api, userId, { ...mediaParams(single, false), caption: caption || undefined });
      } else {
        const children: string[] = [];
        for (const item of media) children.push(await createContainer(api, userId, mediaParams(item, true)));
        for (const child of children) await ready(api, child);
        containerId = await createContainer(api, userId, { media_type: 'CAROUSEL', children: children.join(','), caption: caption || undefined });
      }
      await ready(api, containerId);

      let mediaId: string;
      let rateLimit: RateLimitState | undefined;
      try {
        const res = await api.request<{ id?: unknown }>({
          method: 'POST', path: `/${userId}/media_publish`, operation: 'commit', params: { creation_id: containerId },
        });
        mediaId = requireId('instagram', res.body, 'commit');
        rateLimit = res.rateLimit;
      } catch (error) {
        if (error instanceof NetworkError && isPublishingQuotaError(graphErrorOf(error))) {
          throw await publishingQuotaError(api, 'instagram', error, {
            limitPath: `/${userId}/content_publishing_limit`, listPath: `/${userId}/media`, timeField: 'timestamp',
            defaultTotal: INSTAGRAM_LIMITS.publishQuota?.posts ?? 50, now,
          });
        }
        throw error;
      }

      return finishGraphPublish(api, mediaId, { url: 'permalink', time: 'timestamp' }, request.firstComment, now, rateLimit);
    },

    async getStatus(account, credentials, networkPostId): Promise<PostStatus> {
      if (!GRAPH_ID.test(networkPostId)) return { networkPostId, exists: false };
      try {
        const { body } = await graph(account.baseUrl, credentials.accessToken).request<{ permalink?: unknown }>({
          path: `/${networkPostId}`, params: { fields: 'id,permalink' },
        });
        return { networkPostId, exists: true, ...(typeof body.permalink === 'string' ? { url: body.permalink } : {}) };
      } catch (error) {
        if (isNotFound(graphErrorOf(error))) return { networkPostId, exists: false };
        throw error;
      }
    },

    async findRecent(account, credentials, since): Promise<RecentPost[]> {
      const userId = requireExternalId('instagram', account);
      const items = await listSince(graph(account.baseUrl, credentials.accessToken), `/${userId}/media`, {
        fields: 'id,caption,timestamp,permalink', limit: 50,
      }, 'timestamp', since);
      return items.map(({ id, createdAt, raw }) => ({
        networkPostId: id,
        text: typeof raw.caption === 'string' ? raw.caption : '',
        createdAt,
        ...(typeof raw.permalink === 'string' ? { url: raw.permalink } : {}),
      }));
    },

    async fetchPostMetrics(account, credentials, networkPostId): Promise<PostMetricsReading> {
      if (!GRAPH_ID.test(networkPostId)) throw fail(`${JSON.stringify(networkPostId)} is not an Instagram media id`);
      const api = graph(account.baseUrl, credentials.accessToken);
      try {
        const basic = await api.request<{ like_count?: unknown; comments_count?: unknown }>({ path: `/${networkPostId}`, params: { fields: 'like_count,comments_count' } });
        const missing: string[] = [];
        // Insights can be refused for a single media (too few viewers #10, album children, permission) while the counts work.
        const insights = await optionalPart('insights', missing, () => readInsights(api, `/${networkPostId}/insights`, { metric: MEDIA_INSIGHTS }));
        // The media's own counts stand in for the likes and comments insights when those are missing.
        const counts = numbersOf({ likes: basic.body.like_count, comments: basic.body.comments_count });
        return postReading('instagram', { ...counts, ...insights?.raw }, {
          observedAt: new Date(now()).toISOString(), missing, rateLimit: insights?.rateLimit ?? basic.rateLimit,
        });
      } catch (error) {
        if (isNotFound(graphErrorOf(error))) throw fail(`Instagram media ${networkPostId} no longer exists`);
        throw error;
      }
    },

    async fetchAccountMetrics(account, credentials): Promise<AccountMetricsReading> {
      const userId = requireExternalId('instagram', account);
      const api = graph(account.baseUrl, credentials.accessToken);
      const basic = await api.request<Record<string, unknown>>({ path: `/${userId}`, params: { fields: 'followers_count,follows_count,media_count' } });
      const missing: string[] = [];
      // views and profile_views exist only as metric_type=total_value; period=day gives the last day's total.
      const insights = await optionalPart('insights', missing, () => readInsights(api, `/${userId}/insights`, {
        metric: USER_INSIGHTS, period: 'day', metric_type: 'total_value',
      }));
      return accountReading('instagram', { ...numbersOf(basic.body), ...insights?.raw }, {
        observedAt: new Date(now()).toISOString(), missing, rateLimit: insights?.rateLimit ?? basic.rateLimit,
      });
    },

    async refreshCredentials(account, credentials): Promise<NetworkCredentials> {
      try {
        const { body } = await graph(account.baseUrl).request<{ access_token?: unknown; expires_in?: unknown }>({
          path: '/refresh_access_token', versioned: false, accessToken: credentials.accessToken, params: { grant_type: 'ig_refresh_token' },
        });
        return extendCredentials('instagram', credentials, body, now);
      } catch (error) {
        throw refreshFailure(error);
      }
    },
  };
}

/** Container parameters for one item; carousel items carry no caption, single videos are Reels. */
function mediaParams(item: MediaItem, carouselItem: boolean): GraphParams {
  if (item.kind === 'video') {
    return carouselItem ? { media_type: 'VIDEO', video_url: item.url, is_carousel_item: true } : { media_type: 'REELS', video_url: item.url };
  }
  return { image_url: item.url, alt_text: item.altText, ...(carouselItem ? { is_carousel_item: true } : {}) };
}
