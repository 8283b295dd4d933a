/**
 * Threads adapter over the Threads API (graph.threads.net, https://developers.facebook.com/docs/threads/posts):
 * 1. `POST /{threads-user-id}/threads` creates a container: `media_type` TEXT, IMAGE (`image_url`), VIDEO
 *    (`video_url`) or CAROUSEL (`children`, each an `is_carousel_item=true` container);
 * 2. `GET /{container-id}?fields=status,error_message` until FINISHED (bounded, injectable sleep), in place of
 *    Meta's "wait about 30 seconds";
 * 3. `POST /{threads-user-id}/threads_publish` with `creation_id`.
 * Thread parts are TEXT containers with `reply_to_id` set to the previous part, each published the same way.
 *
 * Text limit: 500 characters where, per Meta's note, "emojis are counted as the number of UTF-8 bytes".
 * We read that as: every grapheme counts 1, except an emoji grapheme (one with emoji presentation, a
 * variation selector 16 or a keycap) which counts its UTF-8 byte length — 👍 is 4, 👍🏽 is 8, ❤️ is 6.
 *
 * Reconciliation: no idempotency key and fresh containers on every call, so `idempotentPublish` is false;
 * after an `unknown_outcome` the publisher lists `findRecent` (`GET /{threads-user-id}/threads?since=`) and
 * matches the text against `composeText(request)`. 250 posts / 24 h: a quota answer is `retry_later` with
 * the wait until the next free slot. Once the first post is published, a failing thread part ends the thread
 * there (the answer's `threadPostIds` lists the parts that exist): never an error that would invite a retry.
 *
 * Credentials (`extendable`): `GET /refresh_access_token?grant_type=th_refresh_token` extends the long-lived
 * token for 60 days; fields the answer lacks are kept.
 */
import {
  NetworkError,
  type MediaItem,
  type NetworkAccount,
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
import { GRAPH_ID, bestEffort, extendCredentials, refreshFailure, requireExternalId, requireId } from '../meta/adapter-helpers.js';
import {
  DEFAULT_MAX_POLLS,
  DEFAULT_POLL_INTERVAL_MS,
  realSleep,
  waitForContainer,
  type ContainerAdapterOptions,
  type ContainerPolling,
  type ContainerState,
} from '../meta/container-polling.js';
import { createGraphClient, type GraphClient, type GraphParams } from '../meta/graph-client.js';
import { graphErrorOf, isNotFound, isPublishingQuotaError } from '../meta/graph-errors.js';
import { optionalPart, readInsights } from '../meta/graph-insights.js';
import { graphTime, listSince, publishingQuotaError } from '../meta/graph-listing.js';
import { accountReading, postReading } from '../metric-catalogue.js';

export const THREADS_LIMITS: NetworkLimits = {
  maxTextLength: 500,
  maxMedia: 20,
  mediaKinds: ['image', 'video'],
  requiresMedia: false,
  threads: true,
  firstComment: false,
  publishQuota: { posts: 250, perSeconds: 86_400 },
};
export const DEFAULT_THREADS_GRAPH_VERSION = 'v1.0';

const EMOJI = /\p{Emoji_Presentation}|\uFE0F|\u20E3/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const encoder = new TextEncoder();
/** Container errors worth a fresh container: the download failed, or Threads does not say why. */
const RETRYABLE_CONTAINER_ERRORS = new Set(['FAILED_DOWNLOADING_VIDEO', 'UNKNOWN']);

/** Graphemes, with every emoji grapheme counted as its UTF-8 byte length. */
export function measureThreadsText(text: string): number {
  let count = 0;
  for (const { segment } of segmenter.segment(text)) count += EMOJI.test(segment) ? encoder.encode(segment).length : 1;
  return count;
}

/** The text `publish` sends: the link after a blank line (the first URL in a text post becomes its preview). */
export function composeThreadsText(request: Pick<PublishRequest, 'text' | 'link'>): string {
  if (!request.link) return request.text;
  return request.text ? `${request.text}\n\n${request.link}` : request.link;
}

/** Reads `status` and `error_message` of a Threads container. */
export function interpretThreadsContainer(body: Record<string, unknown>): ContainerState {
  const reason = typeof body.error_message === 'string' ? body.error_message : 'UNKNOWN';
  switch (body.status) {
    case 'FINISHED':
      return { state: 'ready' };
    case 'EXPIRED':
      return { state: 'failed', error: new NetworkError('threads', 'retry_later', 'Threads container expired before publishing; a retry creates a fresh one') };
    case 'ERROR':
      return {
        state: 'failed',
        error: new NetworkError('threads', RETRYABLE_CONTAINER_ERRORS.has(reason) ? 'retry_later' : 'bad_content', `Threads could not process the media: ${reason}`),
      };
    case 'PUBLISHED':
      return { state: 'failed', error: new NetworkError('threads', 'unknown_outcome', 'Threads container was already published') };
    default:
      return { state: 'wait' };
  }
}

const MEDIA_INSIGHTS = 'views,likes,replies,reposts,quotes,shares';

export function createThreadsAdapter(options: ContainerAdapterOptions = {}): NetworkAdapter {
  const now = options.now ?? Date.now;
  const polling: ContainerPolling = {
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, maxPolls: options.maxPolls ?? DEFAULT_MAX_POLLS, sleep: options.sleep ?? realSleep,
  };
  const graph = (baseUrl: string, accessToken?: string): GraphClient => createGraphClient({
    network: 'threads', baseUrl, accessToken, version: options.version ?? DEFAULT_THREADS_GRAPH_VERSION,
    timeoutMs: options.timeoutMs, now, fetch: options.fetch,
  });
  const fail = (message: string) => new NetworkError('threads', 'bad_content', message);
  /** The Threads user id; `me` (the token's user) when the account has none. */
  const userOf = (account: NetworkAccount) => (account.externalId ? requireExternalId('threads', account) : 'me');

  async function container(api: GraphClient, userId: string, params: GraphParams): Promise<string> {
    const { body } = await api.request<{ id?: unknown }>({ method: 'POST', path: `/${userId}/threads`, operation: 'prepare', params });
    return requireId('threads', body, 'prepare');
  }
  const ready = (api: GraphClient, id: string) => waitForContainer(api, 'threads', id, 'status,error_message', interpretThreadsContainer, polling);

  async function publishContainer(api: GraphClient, userId: string, containerId: string): Promise<{ id: string; rateLimit?: RateLimitState }> {
    try {
      const res = await api.request<{ id?: unknown }>({
        method: 'POST', path: `/${userId}/threads_publish`, operation: 'commit', params: { creation_id: containerId },
      });
      return { id: requireId('threads', res.body, 'commit'), rateLimit: res.rateLimit };
    } catch (error) {
      if (error instanceof NetworkError && isPublishingQuotaError(graphErrorOf(error))) {
        throw await publishingQuotaError(api, 'threads', error, {
          limitPath: `/${userId}/threads_publishing_limit`, listPath: `/${userId}/threads`, timeField: 'timestamp',
          defaultTotal: THREADS_LIMITS.publishQuota?.posts ?? 250, now,
        });
      }
      throw error;
    }
  }

  return {
    network: 'threads',
    limits: THREADS_LIMITS,
    idempotentPublish: false,
    credentialPolicy: 'extendable',
    measureText: measureThreadsText,
    composeText: composeThreadsText,

    async publish(account, credentials, request): Promise<PublishedRef> {
      const userId = userOf(account);
      const media = request.media ?? [];
      const text = composeThreadsText(request);
      const parts = request.thread ?? [];
      if (!text.trim() && media.length === 0) throw fail('a Threads post needs text or media');
      if (media.length > THREADS_LIMITS.maxMedia) throw fail(`a Threads carousel holds at most ${THREADS_LIMITS.maxMedia} items`);
      const unsupported = media.find((m) => !THREADS_LIMITS.mediaKinds.includes(m.kind));
      if (unsupported) throw fail(`Threads does not publish ${unsupported.kind} media from a URL`);
      // Every part is checked before anything is posted: a part refused mid-thread would leave half a thread.
      for (const [index, part] of [text, ...parts].entries()) {
        const length = measureThreadsText(part);
        if (length > THREADS_LIMITS.maxTextLength) throw fail(`${index === 0 ? 'post' : `thread part ${index}`} has ${length} characters, Threads allows ${THREADS_LIMITS.maxTextLength}`);
        if (index > 0 && !part.trim()) throw fail(`thread part ${index} is empty`);
      }

      const api = graph(account.baseUrl, credentials.accessToken);
      const [single] = media;
      let rootContainer: string;
      if (media.length === 0) {
        rootContainer = await container(api, userId, { media_type: 'TEXT', text });
      } else if (media.length === 1 && single) {
        rootContainer = await container(api, userId, { ...mediaParams(single), text: text || undefined });
      } else {
        const children: string[] = [];
        for (const item of media) children.push(await container(api, userId, { ...mediaParams(item), is_carousel_item: true }));
        for (const child of children) await ready(api, child);
        rootContainer = await container(api, userId, { media_type: 'CAROUSEL', children: children.join(','), text: text || undefined });
      }
      await ready(api, rootContainer);
      const root = await publishContainer(api, userId, rootContainer);

      // Published: nothing below may throw, or a retry would post it twice.
      const details = await bestEffort(() => api.request<{ permalink?: unknown; timestamp?: unknown }>({
        path: `/${root.id}`, params: { fields: 'id,permalink,timestamp' },
      }));
      const threadPostIds: string[] = [];
      let parent = root.id;
      for (const part of parts) {
        const reply = await bestEffort(async () => {
          const id = await container(api, userId, { media_type: 'TEXT', text: part, reply_to_id: parent });
          await ready(api, id);
          return (await publishContainer(api, userId, id)).id;
        });
        if (!reply) break;
        threadPostIds.push(reply);
        parent = reply;
      }
      const url = details?.body.permalink;
      return {
        networkPostId: root.id,
        ...(typeof url === 'string' ? { url } : {}),
        publishedAt: graphTime(details?.body.timestamp) ?? new Date(now()).toISOString(),
        ...(parts.length ? { threadPostIds } : {}),
        ...(root.rateLimit ? { rateLimit: root.rateLimit } : {}),
      };
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
      const items = await listSince(graph(account.baseUrl, credentials.accessToken), `/${userOf(account)}/threads`, {
        fields: 'id,text,timestamp,permalink', limit: 100,
      }, 'timestamp', since);
      return items.map(({ id, createdAt, raw }) => ({
        networkPostId: id,
        text: typeof raw.text === 'string' ? raw.text : '',
        createdAt,
        ...(typeof raw.permalink === 'string' ? { url: raw.permalink } : {}),
      }));
    },

    async fetchPostMetrics(account, credentials, networkPostId): Promise<PostMetricsReading> {
      if (!GRAPH_ID.test(networkPostId)) throw fail(`${JSON.stringify(networkPostId)} is not a Threads media id`);
      try {
        // The insights edge is the only source of a Threads post's counts, so its failure fails the reading.
        const insights = await readInsights(graph(account.baseUrl, credentials.accessToken), `/${networkPostId}/insights`, { metric: MEDIA_INSIGHTS });
        return postReading('threads', insights.raw, { observedAt: new Date(now()).toISOString(), rateLimit: insights.rateLimit });
      } catch (error) {
        if (isNotFound(graphErrorOf(error))) throw fail(`Threads post ${networkPostId} no longer exists`);
        throw error;
      }
    },

    async fetchAccountMetrics(account, credentials): Promise<AccountMetricsReading> {
      const api = graph(account.baseUrl, credentials.accessToken);
      const path = `/${userOf(account)}/threads_insights`;
      const missing: string[] = [];
      // Profile views (a daily series) are optional; followers_count (a total) is what the reading cannot do without.
      const views = await optionalPart('profile views', missing, () => readInsights(api, path, { metric: 'views' }));
      const followers = await readInsights(api, path, { metric: 'followers_count' });
      return accountReading('threads', { ...views?.raw, ...followers.raw }, {
        observedAt: new Date(now()).toISOString(), missing, rateLimit: followers.rateLimit,
      });
    },

    async refreshCredentials(account, credentials): Promise<NetworkCredentials> {
      try {
        const { body } = await graph(account.baseUrl).request<{ access_token?: unknown; expires_in?: unknown }>({
          path: '/refresh_access_token', versioned: false, accessToken: credentials.accessToken, params: { grant_type: 'th_refresh_token' },
        });
        return extendCredentials('threads', credentials, body, now);
      } catch (error) {
        throw refreshFailure(error);
      }
    },
  };
}

function mediaParams(item: MediaItem): GraphParams {
  return item.kind === 'video'
    ? { media_type: 'VIDEO', video_url: item.url, alt_text: item.altText }
    : { media_type: 'IMAGE', image_url: item.url, alt_text: item.altText };
}
