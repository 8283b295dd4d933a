/**
 * X adapter over twitter-api-v2 (OAuth 2.0 user access tokens, X API v2).
 *
 * Base URL: twitter-api-v2 hard-codes https://api.x.com (its `setPrefix` is protected and
 * `cloneWithPrefix` is broken in 1.29.1), so a client plugin (`onBeforeRequestConfig`, the library's
 * documented request hook) rewrites that origin to `account.baseUrl` and sets the request timeout;
 * for an http:// stand-in, an http.Agent goes in the documented `httpAgent` setting.
 *
 * No idempotency: X has no idempotency key, so `idempotentPublish` is false. After an
 * `unknown_outcome`, reconcile with `findRecent` (GET /2/users/:id/tweets from the request time):
 * X's duplicate-content guard (403) also stops a blind repeat of the same text, which this
 * adapter reports as `bad_content` saying it is a duplicate.
 *
 * Tokens rotate: `refreshCredentials` spends the refresh token (POST /2/oauth2/token) and returns
 * the new pair. `publish` never refreshes on its own, because it could not hand the rotated tokens back.
 */
import { Agent as HttpAgent } from 'node:http';
import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  TwitterApi,
  type EUploadMimeType,
  type ITwitterApiClientPlugin,
  type TwitterRateLimit,
  type TwitterResponse,
} from 'twitter-api-v2';
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
import { accountReading, numbersOf, postReading } from '../metric-catalogue.js';
import { errorCodes, wasNotSent } from '../transport-errors.js';
import { measureXText, X_MAX_WEIGHTED_LENGTH } from './text.js';

export const X_LIMITS: NetworkLimits = {
  maxTextLength: X_MAX_WEIGHTED_LENGTH, maxMedia: 4, mediaKinds: ['image', 'gif', 'video'], requiresMedia: false, threads: true,
  firstComment: false, publishQuota: { posts: 100, perSeconds: 900 },
};
export const DEFAULT_X_TIMEOUT_MS = 10_000;
const X_API_ORIGIN = 'https://api.x.com';
const TWITTER_EPOCH_MS = 1_288_834_974_657n;
/** Post and user ids are snowflakes: decimal, up to 19 digits. */
const X_ID = /^\d{1,19}$/;
const MAX_TIMELINE_PAGES = 10;
const UPLOAD_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'video/mp4', 'video/quicktime']);

export interface XAdapterOptions {
  /** Per-request (socket idle) timeout in milliseconds; default 10 s. */
  readonly timeoutMs?: number;
  /** Clock for `retryAfterMs` and token expiry; default `Date.now`. */
  readonly now?: () => number;
}

/** `publish` creates posts (an uncertain failure may have posted); `read` does not. */
export type XOperation = 'publish' | 'read';

/** The text `publish` sends: the link, if any, after a blank line. Measure this to validate a post. */
export function composeXText(request: Pick<PublishRequest, 'text' | 'link'>): string {
  return request.link ? `${request.text}\n\n${request.link}` : request.text;
}

/** When X created a post, read from its snowflake id (milliseconds since the Twitter epoch, shifted 22 bits). */
export function xPostTime(id: string): string {
  return new Date(Number((BigInt(id) >> 22n) + TWITTER_EPOCH_MS)).toISOString();
}

export function createXAdapter(options: XAdapterOptions = {}): NetworkAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_X_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const plainHttp = new HttpAgent({ keepAlive: false });
  const client = (account: NetworkAccount, auth: string | { clientId: string; clientSecret?: string }): TwitterApi => {
    const origin = account.baseUrl.replace(/\/+$/, '');
    const target: ITwitterApiClientPlugin = {
      onBeforeRequestConfig({ params }) {
        if (params.url.startsWith(X_API_ORIGIN)) params.url = origin + params.url.slice(X_API_ORIGIN.length);
        params.timeout ??= timeoutMs;
      },
    };
    const settings = { plugins: [target], ...(origin.startsWith('http:') ? { httpAgent: plainHttp } : {}) };
    return typeof auth === 'string' ? new TwitterApi(auth, settings) : new TwitterApi(auth, settings);
  };
  const postUrl = (account: NetworkAccount, id: string) => `https://x.com/${account.handle.replace(/^@/, '')}/status/${id}`;

  return {
    network: 'x',
    limits: X_LIMITS,
    idempotentPublish: false,
    credentialPolicy: 'rotating',
    measureText: measureXText,
    composeText: composeXText,

    async publish(account, credentials, request): Promise<PublishedRef> {
      const api = client(account, credentials.accessToken).v2;
      const mediaIds = await uploadMedia(api, request.media ?? [], timeoutMs, now);
      const parts = [composeXText(request), ...(request.thread ?? [])];
      const ids: string[] = [];
      let last: TwitterResponse<{ data: { id: string } }> | undefined;
      for (const [index, text] of parts.entries()) {
        const body = {
          text,
          ...(index === 0 && mediaIds.length ? { media: { media_ids: mediaIds } } : {}),
          ...(ids.length ? { reply: { in_reply_to_tweet_id: ids.at(-1) } } : {}),
        };
        try {
          last = await api.post<{ data: { id: string } }>('tweets', body, { fullResponse: true });
        } catch (error) {
          const failure = classifyXError(error, 'publish', now);
          if (index === 0) throw failure;
          // The first post is live: any retry would repeat it (X then answers 403 duplicate), so reconcile instead.
          throw new NetworkError('x', 'unknown_outcome', `X thread part ${index + 1}/${parts.length} failed after posting ${ids.join(', ')}: ${failure.message}`, {
            httpStatus: failure.httpStatus, cause: error,
          });
        }
        ids.push(last.data.data.id);
      }
      const [first, ...replies] = ids as [string, ...string[]];
      return {
        networkPostId: first,
        url: postUrl(account, first),
        publishedAt: xPostTime(first),
        ...(request.thread?.length ? { threadPostIds: replies } : {}),
        ...(last?.rateLimit ? { rateLimit: toRateLimit(last.rateLimit) } : {}),
      };
    },

    async getStatus(account, credentials, networkPostId): Promise<PostStatus> {
      if (!X_ID.test(networkPostId)) return { networkPostId, exists: false };
      try {
        const res = await client(account, credentials.accessToken).v2.get<{ data?: { id: string } }>(`tweets/${networkPostId}`);
        return res.data ? { networkPostId, exists: true, url: postUrl(account, networkPostId) } : { networkPostId, exists: false };
      } catch (error) {
        if (error instanceof ApiResponseError && error.code === 404) return { networkPostId, exists: false };
        throw classifyXError(error, 'read', now);
      }
    },

    async findRecent(account, credentials, since): Promise<RecentPost[]> {
      try {
        const api = client(account, credentials.accessToken).v2;
        const userId = account.externalId ?? (await api.get<{ data: { id: string } }>('users/me')).data.id;
        if (!X_ID.test(userId)) throw new NetworkError('x', 'disconnected', `X user id ${JSON.stringify(userId)} is not a user id`);
        const recent: RecentPost[] = [];
        let token: string | undefined;
        for (let page = 0; page < MAX_TIMELINE_PAGES; page += 1) {
          const res = await api.get<TimelinePage>(`users/${userId}/tweets`, {
            start_time: since.toISOString().replace(/\.\d{3}Z$/, 'Z'), max_results: 100, 'tweet.fields': 'created_at,entities',
            ...(token ? { pagination_token: token } : {}),
          });
          for (const post of res.data ?? []) {
            if (Date.parse(post.created_at) < since.getTime()) continue;
            recent.push({ networkPostId: post.id, text: expandLinks(post), createdAt: post.created_at, url: postUrl(account, post.id) });
          }
          token = res.meta?.next_token;
          if (!token) break;
        }
        return recent;
      } catch (error) {
        throw classifyXError(error, 'read', now);
      }
    },

    async fetchPostMetrics(account, credentials, networkPostId): Promise<PostMetricsReading> {
      if (!X_ID.test(networkPostId)) throw new NetworkError('x', 'bad_content', `${JSON.stringify(networkPostId)} is not an X post id`);
      try {
        // non_public_metrics (link clicks) exist only for the account's own posts of the last 30 days;
        // past that X answers 200 without them and says why in `errors`, which makes the reading partial.
        const res = await client(account, credentials.accessToken).v2.get<TweetMetricsAnswer>(
          `tweets/${networkPostId}`, { 'tweet.fields': 'public_metrics,non_public_metrics' }, { fullResponse: true },
        );
        const post = res.data.data;
        if (!post) throw new NetworkError('x', 'bad_content', `X post ${networkPostId} no longer exists: ${describe(res.data)}`);
        const missing = (res.data.errors ?? [])
          .filter((e) => typeof e.field === 'string')
          .map((e) => `${e.field}: ${e.detail ?? e.title ?? 'not returned'}`);
        // Public metrics win where both carry a name (impression_count).
        const raw = { ...numbersOf(post.non_public_metrics), ...numbersOf(post.public_metrics) };
        return postReading('x', raw, { observedAt: new Date(now()).toISOString(), missing, ...(res.rateLimit ? { rateLimit: toRateLimit(res.rateLimit) } : {}) });
      } catch (error) {
        throw classifyXError(error, 'read', now);
      }
    },

    async fetchAccountMetrics(account, credentials): Promise<AccountMetricsReading> {
      try {
        const res = await client(account, credentials.accessToken).v2.get<{ data: { public_metrics?: Record<string, unknown> } }>(
          'users/me', { 'user.fields': 'public_metrics' }, { fullResponse: true },
        );
        return accountReading('x', numbersOf(res.data.data.public_metrics), {
          observedAt: new Date(now()).toISOString(), ...(res.rateLimit ? { rateLimit: toRateLimit(res.rateLimit) } : {}),
        });
      } catch (error) {
        throw classifyXError(error, 'read', now);
      }
    },

    async refreshCredentials(account, credentials, app): Promise<NetworkCredentials> {
      if (!credentials.refreshToken) throw new NetworkError('x', 'disconnected', 'X account has no refresh token: reconnect it with offline.access');
      if (!app?.clientId) throw new NetworkError('x', 'disconnected', 'refreshing X tokens needs the app client id (and secret for a confidential client)');
      try {
        const appClient = client(account, { clientId: app.clientId, ...(app.clientSecret ? { clientSecret: app.clientSecret } : {}) });
        const result = await appClient.refreshOAuth2Token(credentials.refreshToken);
        return {
          accessToken: result.accessToken,
          // Never store an empty refresh token: keep the old one when X sends none.
          refreshToken: result.refreshToken || credentials.refreshToken,
          ...(result.expiresIn ? { expiresAt: new Date(now() + result.expiresIn * 1000).toISOString() } : {}),
          ...(credentials.extra ? { extra: credentials.extra } : {}),
        };
      } catch (error) {
        if (error instanceof ApiResponseError && [400, 401, 403].includes(error.code)) {
          throw new NetworkError('x', 'disconnected', `X refused the refresh token, reconnect the account: ${describe(error.data) || error.message}`, {
            httpStatus: error.code, cause: error,
          });
        }
        throw classifyXError(error, 'read', now);
      }
    },
  };
}

interface TweetMetricsAnswer {
  readonly data?: { readonly public_metrics?: Record<string, unknown>; readonly non_public_metrics?: Record<string, unknown> };
  readonly errors?: ReadonlyArray<{ readonly field?: unknown; readonly detail?: string; readonly title?: string }>;
}

interface TimelinePost {
  readonly id: string;
  readonly text: string;
  readonly created_at: string;
  readonly entities?: { readonly urls?: ReadonlyArray<{ readonly url: string; readonly expanded_url?: string }> };
}
interface TimelinePage {
  readonly data?: readonly TimelinePost[];
  readonly meta?: { readonly next_token?: string };
}

/** The text as written: X answers with t.co links, `entities.urls` gives them back. */
function expandLinks(post: TimelinePost): string {
  return (post.entities?.urls ?? []).reduce((text, u) => (u.expanded_url ? text.replace(u.url, u.expanded_url) : text), post.text);
}

function toRateLimit(rate: TwitterRateLimit): RateLimitState {
  return { remaining: rate.remaining, resetAt: new Date(rate.reset * 1000).toISOString() };
}

/** Downloads, uploads (chunked v2 endpoint) and describes each item; nothing is posted yet, so failures are never uncertain. */
async function uploadMedia(api: TwitterApi['v2'], media: readonly MediaItem[], timeoutMs: number, now: () => number): Promise<string[]> {
  if (media.length > 4 || (media.length > 1 && media.some((m) => m.kind !== 'image'))) {
    throw new NetworkError('x', 'bad_content', 'X takes up to 4 images, or 1 GIF, or 1 video per post');
  }
  const ids: string[] = [];
  for (const item of media) {
    const { bytes, mimeType } = await downloadMedia(item, timeoutMs);
    if (!UPLOAD_TYPES.has(mimeType)) throw new NetworkError('x', 'bad_content', `X does not take ${mimeType} media (${item.url})`);
    try {
      const category = item.kind === 'gif' ? 'tweet_gif' : item.kind === 'video' ? 'tweet_video' : 'tweet_image';
      const id = await api.uploadMedia(bytes, { media_type: mimeType as EUploadMimeType, media_category: category });
      if (item.altText && item.kind !== 'video') await api.createMediaMetadata(id, { alt_text: { text: item.altText } });
      ids.push(id);
    } catch (error) {
      throw classifyXError(error, 'read', now);
    }
  }
  return ids;
}

async function downloadMedia(item: MediaItem, timeoutMs: number): Promise<{ bytes: Buffer; mimeType: string }> {
  let res: Response;
  try {
    res = await fetch(item.url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new NetworkError('x', 'retry_later', `could not download media ${item.url}`, { cause: error });
  }
  if (!res.ok) {
    const kind = res.status >= 500 || res.status === 429 ? 'retry_later' : 'bad_content';
    throw new NetworkError('x', kind, `media ${item.url} answered HTTP ${res.status}`, { httpStatus: res.status });
  }
  const declared = res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  const fallback = item.kind === 'gif' ? 'image/gif' : item.kind === 'video' ? 'video/mp4' : 'image/jpeg';
  return { bytes: Buffer.from(await res.arrayBuffer()), mimeType: declared && declared !== 'application/octet-stream' ? declared : fallback };
}

/**
 * Maps anything twitter-api-v2 throws to a NetworkError kind. For `publish`, a failure after the
 * request may have reached X (timeout, dropped connection, 500/502/504 from a proxy that may hide a
 * success) is `unknown_outcome`: X has no idempotency key, so reconcile with `findRecent`.
 */
export function classifyXError(error: unknown, operation: XOperation, now: () => number = Date.now): NetworkError {
  if (error instanceof NetworkError) return error;
  if (error instanceof ApiResponseError) return classifyResponse(error, operation, now);
  const uncertain = operation === 'publish' ? 'unknown_outcome' : 'retry_later';
  if (error instanceof ApiPartialResponseError) {
    return new NetworkError('x', uncertain, `X's answer was cut off or unreadable: ${error.message}`, { httpStatus: error.response.statusCode, cause: error });
  }
  if (error instanceof ApiRequestError) {
    const cause = requestCause(error);
    if (/timeout/i.test(cause.message)) return new NetworkError('x', uncertain, 'X did not answer in time', { cause: error });
    const codes = errorCodes(cause);
    if (wasNotSent(codes)) {
      return new NetworkError('x', 'retry_later', `could not reach X (${codes.join(', ')})`, { cause: error });
    }
    return new NetworkError('x', uncertain, `connection to X lost (${codes.join(', ') || cause.message})`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError('x', uncertain, `unexpected X failure: ${message}`, { cause: error });
}

function classifyResponse(error: ApiResponseError, operation: XOperation, now: () => number): NetworkError {
  const httpStatus = error.code;
  const message = describe(error.data) || error.message;
  const details = { httpStatus, cause: error };
  if (httpStatus === 429) {
    const reset = error.rateLimit?.userDay?.remaining === 0 ? error.rateLimit.userDay.reset : error.rateLimit?.reset;
    const retryAfterMs = reset ? Math.max(0, reset * 1000 - now()) : undefined;
    return new NetworkError('x', 'retry_later', `rate limited by X: ${message}`, { ...details, retryAfterMs });
  }
  if (httpStatus >= 500) {
    // 503 is X refusing load before doing anything; 500/502/504 may hide a created post.
    const kind = operation === 'publish' && httpStatus !== 503 ? 'unknown_outcome' : 'retry_later';
    return new NetworkError('x', kind, `X unavailable: ${message}`, details);
  }
  if (httpStatus === 401) return new NetworkError('x', 'refresh_credentials', `X rejected the token: ${message}`, details);
  if (httpStatus === 403 && /duplicate content/i.test(message)) {
    return new NetworkError('x', 'bad_content', `X refused a duplicate: the same text was already posted by this account (${message})`, details);
  }
  const problemType = (error.data as { type?: unknown } | undefined)?.type;
  // "not permitted to perform this action": the app or token lacks write access (e.g. a read-only app).
  if (httpStatus === 403 && (/suspend|locked|deactivat|not permitted to perform/i.test(message) || /client-forbidden|unsupported-authentication/.test(String(problemType)))) {
    return new NetworkError('x', 'disconnected', `X account or app cannot post: ${message}`, details);
  }
  if (httpStatus === 404 || httpStatus === 410) return new NetworkError('x', 'disconnected', `X account not found: ${message}`, details);
  return new NetworkError('x', 'bad_content', `X rejected the post: ${message}`, details);
}

/** The human part of an X error body: `errors[].message`, `detail`, OAuth's `error_description`. */
function describe(data: unknown): string {
  if (typeof data === 'string') return data.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (typeof data !== 'object' || data === null) return '';
  const body = data as { errors?: Array<{ message?: unknown; detail?: unknown }>; detail?: unknown; title?: unknown; error_description?: unknown };
  const parts = [
    ...(Array.isArray(body.errors) ? body.errors.map((e) => e.message ?? e.detail) : []),
    body.detail,
    body.error_description,
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return [...new Set(parts)].join('; ') || (typeof body.title === 'string' ? body.title : '');
}

/**
 * The socket error behind an ApiRequestError. twitter-api-v2 1.29.1 stores it as `_options.error`
 * while its `requestError` getter reads `_options.requestError` (always undefined), so read both.
 */
function requestCause(error: ApiRequestError): Error {
  const stored = (error as unknown as { _options?: { error?: unknown } })._options?.error;
  const cause: unknown = error.requestError ?? stored;
  return cause instanceof Error ? cause : new Error(error.message);
}
