/**
 * Mastodon adapter over masto.js. Publishing sends the post's idempotency key as Mastodon's
 * `Idempotency-Key` header (kept by the server for 1 hour per account), so a repeated call returns the
 * first status instead of posting twice. A thread's follow-up part n (1-based) replies to the part
 * before it with the key `${key}:${n}`, so a replayed thread is still one thread. Media are fetched from
 * their URL, uploaded through POST /api/v2/media and awaited (GET /api/v1/media/:id) until processed.
 *
 * Reconciliation: after an `unknown_outcome` (timeout or dropped connection after the request was
 * sent), the publisher reconciles by calling `publish` again with the SAME idempotency key within the
 * hour: Mastodon answers with the statuses it already created and creates only what never arrived.
 * `findRecent` lists the account's own statuses for reconciling past that hour (the key is not on the
 * status). A replay uploads its media again: attachments of the first try that never got a status
 * stay unattached, and Mastodon deletes those after a day.
 */
import { createRestAPIClient, MastoHttpError, MastoTimeoutError, type mastodon } from 'masto';
import {
  NetworkError,
  type MediaItem,
  type NetworkAccount,
  type NetworkAdapter,
  type NetworkCredentials,
  type NetworkLimits,
  type PostMetricsReading,
  type AccountMetricsReading,
  type PostStatus,
  type PublishedRef,
  type PublishRequest,
  type RecentPost,
} from '../contract.js';
import { accountReading, postReading } from '../metric-catalogue.js';
import { errorCodes, isTimeoutOrAbort, parseRetryAfter, wasNotSent } from '../transport-errors.js';

export const MASTODON_LIMITS: NetworkLimits = {
  maxTextLength: 500, maxMedia: 4, mediaKinds: ['image', 'video', 'gif'], requiresMedia: false, threads: true, firstComment: false,
};
/** Past this, a request that may have reached Mastodon is reported as `unknown_outcome`. */
export const DEFAULT_MASTODON_TIMEOUT_MS = 10_000;
/** Statuses per page when listing the account's own (Mastodon's maximum). */
const STATUSES_PAGE = 40;
const URL_LENGTH = 23;
const URL_PATTERN = /https?:\/\/[^\s<>"]+/giu;
const TRAILING_PUNCTUATION = /[.,:;!?'"]+$/u;
const STATUS_ID = /^[0-9A-Za-z_-]{1,64}$/;

export interface MastodonAdapterOptions {
  /** Per-request timeout in milliseconds; default 10 s. */
  readonly timeoutMs?: number;
  /** Clock used to turn an HTTP-date `Retry-After` into a delay; default `Date.now`. */
  readonly now?: () => number;
  /** How often, and how long, to wait for an uploaded attachment to finish processing; default 1 s and 60 s. */
  readonly mediaPollMs?: number;
  readonly mediaTimeoutMs?: number;
}

export type MastodonOperation = 'publish' | 'read';

/**
 * Length of `text` as Mastodon's StatusLengthValidator counts it: grapheme clusters, every http(s)
 * URL as 23 characters whatever its length, and a remote mention `@user@domain` as just `@user`.
 */
export function measureMastodonText(text: string): number {
  const countable = text
    .replace(URL_PATTERN, (url) => {
      const kept = url.replace(TRAILING_PUNCTUATION, '');
      return 'x'.repeat(URL_LENGTH) + url.slice(kept.length);
    })
    .replace(/(^|[^\w/@])@(\w+)@[\w.-]+\w/gu, '$1@$2');
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(countable)].length;
}

/** The status text `publish` sends: the link, if any, after a blank line. Measure this to validate a post. */
export function composeMastodonStatus(request: Pick<PublishRequest, 'text' | 'link'>): string {
  return request.link ? `${request.text}\n\n${request.link}` : request.text;
}

/** A status' HTML `content` back to the text that was posted: paragraphs, line breaks, entities. */
export function mastodonContentToText(html: string): string {
  return decodeEntities(html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p(\s[^>]*)?>/gi, '\n\n')
    .replace(/<[^>]*>/g, ''));
}

export function createMastodonAdapter(options: MastodonAdapterOptions = {}): NetworkAdapter {
  const timeout = options.timeoutMs ?? DEFAULT_MASTODON_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const mediaPollMs = options.mediaPollMs ?? 1000;
  const mediaTimeoutMs = options.mediaTimeoutMs ?? 60_000;
  const client = (account: NetworkAccount, credentials: NetworkCredentials): mastodon.rest.Client =>
    createRestAPIClient({ url: account.baseUrl, accessToken: credentials.accessToken, timeout });

  /** Uploads one item and waits until Mastodon has processed it. Nothing is public yet: failures are safe to retry. */
  async function upload(api: mastodon.rest.Client, item: MediaItem): Promise<string> {
    const source = await fetchMedia(item.url, timeout);
    try {
      const file = new File([new Uint8Array(source.bytes)], source.name, { type: source.type });
      // masto would poll itself, but only after a fixed 1 s sleep even when the upload was processed at once.
      let media = await api.v2.media.create({ file, ...(item.altText ? { description: item.altText } : {}), skipPolling: true });
      const deadline = Date.now() + mediaTimeoutMs;
      while (!media.url) {
        if (Date.now() >= deadline) {
          throw new NetworkError('mastodon', 'retry_later', `Mastodon is still processing the media ${item.url}`);
        }
        await new Promise((resolve) => setTimeout(resolve, mediaPollMs));
        media = await api.v1.media.$select(media.id).fetch();
      }
      return media.id;
    } catch (error) {
      throw classifyMastodonError(error, 'read', now);
    }
  }

  const createStatus = (api: mastodon.rest.Client, params: mastodon.rest.v1.CreateStatusParams, key: string) =>
    // masto merges per-call `requestInit.headers` over the client's defaults (HttpConfigImpl).
    api.v1.statuses.create(params, { requestInit: { headers: { 'Idempotency-Key': key } } });

  return {
    network: 'mastodon',
    limits: MASTODON_LIMITS,
    // A replay with the same Idempotency-Key returns the first status: that replay IS the reconciliation.
    idempotentPublish: true,
    // Mastodon access tokens do not expire; a revoked one needs the account reconnected.
    credentialPolicy: 'static',
    measureText: measureMastodonText,
    composeText: composeMastodonStatus,

    async refreshCredentials(_account, credentials) {
      return credentials;
    },

    async findRecent(account, credentials, since): Promise<RecentPost[]> {
      try {
        const api = client(account, credentials);
        const me = await api.v1.accounts.verifyCredentials();
        const recent: RecentPost[] = [];
        // Newest first, following the Link header past each page of 40; reblogs are not the account's posts.
        for await (const page of api.v1.accounts.$select(me.id).statuses.list({ limit: STATUSES_PAGE, excludeReblogs: true })) {
          for (const status of page) {
            if (Date.parse(status.createdAt) < since.getTime()) return recent;
            if (status.reblog) continue;
            recent.push({
              networkPostId: status.id, text: mastodonContentToText(status.content), createdAt: status.createdAt, url: status.url ?? status.uri,
            });
          }
        }
        return recent;
      } catch (error) {
        throw classifyMastodonError(error, 'read', now);
      }
    },

    async publish(account, credentials, request): Promise<PublishedRef> {
      const api = client(account, credentials);
      const mediaIds: string[] = [];
      for (const item of request.media ?? []) mediaIds.push(await upload(api, item));
      try {
        const first = await createStatus(
          api,
          { status: composeMastodonStatus(request), visibility: 'public', ...(mediaIds.length > 0 ? { mediaIds } : {}) },
          request.idempotencyKey,
        );
        const threadPostIds: string[] = [];
        let parent = first.id;
        for (const [index, part] of (request.thread ?? []).entries()) {
          const reply = await createStatus(api, { status: part, inReplyToId: parent, visibility: 'public' }, `${request.idempotencyKey}:${index + 1}`);
          threadPostIds.push(reply.id);
          parent = reply.id;
        }
        return {
          networkPostId: first.id,
          url: first.url ?? first.uri,
          publishedAt: first.createdAt,
          ...(threadPostIds.length > 0 ? { threadPostIds } : {}),
        };
      } catch (error) {
        throw classifyMastodonError(error, 'publish', now);
      }
    },

    async getStatus(account, credentials, networkPostId): Promise<PostStatus> {
      // An id that is not a Mastodon id cannot exist; never let it shape the request path.
      if (!STATUS_ID.test(networkPostId)) return { networkPostId, exists: false };
      try {
        const status = await client(account, credentials).v1.statuses.$select(networkPostId).fetch();
        return { networkPostId: status.id, exists: true, url: status.url ?? status.uri };
      } catch (error) {
        if (error instanceof MastoHttpError && error.statusCode === 404) return { networkPostId, exists: false };
        throw classifyMastodonError(error, 'read', now);
      }
    },

    async fetchPostMetrics(account, credentials, networkPostId): Promise<PostMetricsReading> {
      if (!STATUS_ID.test(networkPostId)) throw new NetworkError('mastodon', 'bad_content', `${JSON.stringify(networkPostId)} is not a Mastodon status id`);
      try {
        // Counts on the Status entity are lifetime totals; Mastodon has no impressions or reach.
        const status = await client(account, credentials).v1.statuses.$select(networkPostId).fetch();
        const raw = {
          favourites_count: status.favouritesCount, reblogs_count: status.reblogsCount, replies_count: status.repliesCount,
          ...(typeof status.quotesCount === 'number' ? { quotes_count: status.quotesCount } : {}),
        };
        return postReading('mastodon', raw, { observedAt: new Date(now()).toISOString() });
      } catch (error) {
        if (error instanceof MastoHttpError && error.statusCode === 404) {
          throw new NetworkError('mastodon', 'bad_content', `Mastodon status ${networkPostId} no longer exists`, { httpStatus: 404, cause: error });
        }
        throw classifyMastodonError(error, 'read', now);
      }
    },

    async fetchAccountMetrics(account, credentials): Promise<AccountMetricsReading> {
      try {
        const me = await client(account, credentials).v1.accounts.verifyCredentials();
        return accountReading('mastodon', { followers_count: me.followersCount, following_count: me.followingCount, statuses_count: me.statusesCount }, {
          observedAt: new Date(now()).toISOString(),
        });
      } catch (error) {
        throw classifyMastodonError(error, 'read', now);
      }
    },
  };
}

/**
 * Maps anything masto.js (or fetch underneath it) throws to a NetworkError kind. For `publish`, a
 * failure after the request may have been sent is `unknown_outcome`; for reads it is `retry_later`.
 */
export function classifyMastodonError(error: unknown, operation: MastodonOperation, now: () => number = Date.now): NetworkError {
  if (error instanceof NetworkError) return error;
  if (error instanceof MastoHttpError) return classifyHttpError(error, now);

  const uncertain = operation === 'publish' ? 'unknown_outcome' : 'retry_later';
  if (error instanceof MastoTimeoutError || isTimeoutOrAbort(error)) {
    return new NetworkError('mastodon', uncertain, 'Mastodon did not answer in time', { cause: error });
  }
  const codes = errorCodes(error);
  if (wasNotSent(codes)) {
    return new NetworkError('mastodon', 'retry_later', `could not reach Mastodon (${codes.join(', ')})`, { cause: error });
  }
  if (codes.length > 0) {
    // ECONNRESET, UND_ERR_SOCKET ("other side closed"), EPIPE...: the request was out, the answer lost.
    return new NetworkError('mastodon', uncertain, `connection to Mastodon lost (${codes.join(', ')})`, { cause: error });
  }
  // An unreadable answer (e.g. masto fails on a non-JSON error page) or anything unexpected: the
  // status may exist. Replaying the same Idempotency-Key reconciles safely.
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError('mastodon', uncertain, `unexpected Mastodon failure: ${message}`, { cause: error });
}

function classifyHttpError(error: MastoHttpError, now: () => number): NetworkError {
  const httpStatus = error.statusCode;
  const headers = error.cause instanceof Response ? error.cause.headers : undefined;
  const message = error.message || `HTTP ${httpStatus}`;
  const details = { httpStatus, cause: error };
  if (httpStatus === 429) {
    // Mastodon's X-RateLimit-Reset is an ISO date, which parseRetryAfter reads like an HTTP date.
    const retryAfterMs = parseRetryAfter(headers?.get('retry-after'), now) ?? parseRetryAfter(headers?.get('x-ratelimit-reset'), now);
    return new NetworkError('mastodon', 'retry_later', `rate limited by Mastodon: ${message}`, { ...details, retryAfterMs });
  }
  if (httpStatus >= 500 || httpStatus === 408) {
    // With the Idempotency-Key a retry cannot duplicate, even if a gateway error hid a success.
    const retryAfterMs = parseRetryAfter(headers?.get('retry-after'), now);
    return new NetworkError('mastodon', 'retry_later', `Mastodon unavailable: ${message}`, { ...details, retryAfterMs });
  }
  if (httpStatus === 403 && /suspend|disabled/i.test(message)) {
    return new NetworkError('mastodon', 'disconnected', `Mastodon account unusable: ${message}`, details);
  }
  if (httpStatus === 401 || httpStatus === 403) {
    return new NetworkError('mastodon', 'refresh_credentials', `Mastodon rejected the token: ${message}`, details);
  }
  if (httpStatus === 404 || httpStatus === 410) {
    return new NetworkError('mastodon', 'disconnected', `Mastodon account not found: ${message}`, details);
  }
  return new NetworkError('mastodon', 'bad_content', message, details);
}

/** Downloads a media item so its bytes can be uploaded; nothing has been sent to Mastodon yet. */
async function fetchMedia(url: string, timeoutMs: number): Promise<{ bytes: ArrayBuffer; type: string; name: string }> {
  if (!/^https?:\/\//i.test(url)) throw new NetworkError('mastodon', 'bad_content', `media URL ${url} is not http(s)`);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) {
      await res.body?.cancel();
      const kind = res.status >= 500 || res.status === 429 || res.status === 408 ? 'retry_later' : 'bad_content';
      throw new NetworkError('mastodon', kind, `media ${url} could not be fetched: HTTP ${res.status}`);
    }
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'media';
    return { bytes: await res.arrayBuffer(), type: res.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream', name };
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError('mastodon', 'retry_later', `media ${url} could not be fetched: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1]?.toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return named[name.toLowerCase()] ?? entity;
  });
}
