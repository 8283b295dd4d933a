/**
 * LinkedIn adapter over fetch (LinkedIn maintains no Node client for its versioned REST APIs).
 * `account.externalId` is the author URN (urn:li:person:… or urn:li:organization:…).
 *
 * Publishing: images go through the Images API (initializeUpload → PUT the bytes to the upload URL →
 * wait for AVAILABLE), then one POST /rest/posts (201, the post URN in `x-restli-id`) with the
 * commentary escaped for LinkedIn's "little" text format, a link as an article card, one image as
 * `content.media` or 2–20 as `content.multiImage`; a first comment follows through socialActions.
 *
 * Reconciliation: LinkedIn has no idempotency key, so a lost answer to the create call is reported as
 * `unknown_outcome` and must never be replayed blindly; `findRecent` lists the author's posts (finder
 * q=author) so the caller can look for it. Failures before the create call (image upload, title
 * lookup) created nothing and are safe to retry.
 *
 * Tokens are `extendable`: 60-day access tokens are renewed with the refresh_token grant; the 365-day
 * refresh token is not rotated (it keeps its first expiry), so the stored one is kept when none comes back.
 */
import {
  NetworkError,
  type AppCredentials,
  type MediaItem,
  type NetworkAccount,
  type NetworkAdapter,
  type NetworkCredentials,
  type NetworkLimits,
  type AccountMetricsReading,
  type PostMetricsReading,
  type PublishRequest,
  type RecentPost,
} from '../contract.js';
import { readLinkedInAccountMetrics, readLinkedInPostMetrics, type LinkedInGet } from './metrics.js';
import { errorCodes, isTimeoutOrAbort, parseRetryAfter, wasNotSent } from '../transport-errors.js';

/** The Linkedin-Version (YYYYMM) this adapter is written against; LinkedIn supports each for at least a year. */
export const LINKEDIN_API_VERSION = '202610';
export const LINKEDIN_LIMITS: NetworkLimits = {
  maxTextLength: 3000, maxMedia: 20, mediaKinds: ['image', 'gif'], requiresMedia: false, threads: false, firstComment: true,
};
export const DEFAULT_LINKEDIN_TIMEOUT_MS = 10_000;
const FINDER_PAGE_SIZE = 50;
const MAX_FINDER_PAGES = 40;
const POST_URN = /^urn:li:(share|ugcPost):\d+$/;
const AUTHOR_URN = /^urn:li:(person|organization):[\w-]+$/;
/** Reserved by the little text format; `#` only when it does not start a hashtag (kept clickable). */
const LITTLE_RESERVED = /[\\|{}@[\]()<>*_~]|#(?![\p{L}\p{N}_])/gu;

export interface LinkedInAdapterOptions {
  /** Linkedin-Version header; default LINKEDIN_API_VERSION. */
  readonly version?: string;
  /** Per-request timeout in milliseconds; default 10 s. */
  readonly timeoutMs?: number;
  /** Clock for publishedAt, token expiry and throttling delays; default Date.now. */
  readonly now?: () => number;
  /** How often, and how long, to wait for an uploaded image to become AVAILABLE; default 1 s and 60 s. */
  readonly imagePollMs?: number;
  readonly imageTimeoutMs?: number;
  /** The refresh_token grant endpoint; default www.linkedin.com's for api.linkedin.com, else the account's base URL. */
  readonly tokenUrl?: (account: NetworkAccount) => string;
  /** The title of a link's article card; default the page's og:title or <title>, else its host name. */
  readonly articleTitle?: (link: string) => Promise<string>;
}

/**
 * What the network call was: `prepare` (nothing public exists yet), `commit` (the create-post call,
 * whose lost answer is an unknown outcome), `read`, or `refresh` (the token grant).
 */
export type LinkedInPhase = 'prepare' | 'commit' | 'read' | 'refresh';

/** Length as LinkedIn counts its 3,000-character limit: UTF-16 units of the text before escaping. */
export function measureLinkedInText(text: string): number {
  return text.length;
}

/** The text `publish` sends as commentary (before escaping): the link goes in an article card, not the text. */
export function composeLinkedInText(request: Pick<PublishRequest, 'text' | 'link'>): string {
  return request.text;
}

/** Backslash-escapes the little text format's reserved characters so LinkedIn shows the text as typed. */
export function escapeLittleText(text: string): string {
  return text.replace(LITTLE_RESERVED, (c) => `\\${c}`);
}

/** Commentary as LinkedIn returns it → plain text: hashtag templates and mentions rendered, escapes resolved. */
export function unescapeLittleText(commentary: string): string {
  return commentary
    .replace(/\{hashtag\|\\#\|([^}]*)\}/g, '#$1')
    .replace(/@\[([^\]\\]*)\]\(urn:li:[a-zA-Z]+:[\w-]+\)/g, '$1')
    .replace(/\\([\s\S])/g, '$1');
}

export function createLinkedInAdapter(options: LinkedInAdapterOptions = {}): NetworkAdapter {
  const version = options.version ?? LINKEDIN_API_VERSION;
  const timeout = options.timeoutMs ?? DEFAULT_LINKEDIN_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const pollMs = options.imagePollMs ?? 1000;
  const imageTimeoutMs = options.imageTimeoutMs ?? 60_000;
  const tokenUrl = options.tokenUrl ?? ((account: NetworkAccount) => `${webOrigin(account)}/oauth/v2/accessToken`);
  const articleTitle = options.articleTitle ?? ((link: string) => pageTitle(link, timeout));

  async function send(phase: LinkedInPhase, url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeout) });
    } catch (error) {
      throw transportFailure(error, phase);
    }
    if (!res.ok) throw await responseFailure(res, phase, now);
    return res;
  }

  async function json<T>(res: Response, phase: LinkedInPhase): Promise<T> {
    try {
      return (await res.json()) as T;
    } catch (error) {
      throw transportFailure(error, phase);
    }
  }

  const rest = (credentials: NetworkCredentials, extra: Record<string, string> = {}): Record<string, string> => ({
    Authorization: `Bearer ${credentials.accessToken}`,
    'LinkedIn-Version': version,
    'X-Restli-Protocol-Version': '2.0.0',
    ...extra,
  });

  /** GETs under the account's API base with the versioned REST headers, for the metric reads. */
  const reader = (account: NetworkAccount, credentials: NetworkCredentials): LinkedInGet =>
    async <T>(path: string) => json<T>(await send('read', `${apiBase(account)}${path}`, { headers: rest(credentials) }), 'read');

  async function uploadImage(account: NetworkAccount, credentials: NetworkCredentials, owner: string, item: MediaItem): Promise<string> {
    const source = await fetchMedia(item.url, timeout);
    const init = await send('prepare', `${apiBase(account)}/rest/images?action=initializeUpload`, {
      method: 'POST',
      headers: rest(credentials, { 'Content-Type': 'application/json' }),
      body: JSON.stringify({ initializeUploadRequest: { owner } }),
    });
    const { value } = await json<{ value?: { uploadUrl?: string; image?: string } }>(init, 'prepare');
    if (!value?.uploadUrl || !value.image) throw new NetworkError('linkedin', 'retry_later', 'LinkedIn initializeUpload answered without an upload URL');
    const put = await send('prepare', value.uploadUrl, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${credentials.accessToken}`, 'Content-Type': source.type },
      body: source.bytes,
    });
    // Read only to free the connection: the upload's outcome is its status (checked by send) and the
    // image's state polled below, so a body cut short changes nothing.
    await put.arrayBuffer().catch(() => undefined);
    const deadline = Date.now() + imageTimeoutMs;
    for (;;) {
      const res = await send('prepare', `${apiBase(account)}/rest/images/${encodeURIComponent(value.image)}`, { headers: rest(credentials) });
      const { status } = await json<{ status?: string }>(res, 'prepare');
      if (status === 'AVAILABLE') return value.image;
      if (status === 'PROCESSING_FAILED') throw new NetworkError('linkedin', 'bad_content', `LinkedIn could not process the image ${item.url}`);
      if (Date.now() >= deadline) throw new NetworkError('linkedin', 'retry_later', `LinkedIn is still processing the image ${item.url} (${status ?? 'unknown status'})`);
      await sleep(pollMs);
    }
  }

  async function content(request: PublishRequest, images: ReadonlyArray<{ urn: string; altText?: string }>): Promise<Record<string, unknown> | undefined> {
    const [first] = images;
    if (request.link) {
      // The title is a nicety of the link card: an injected title source that fails leaves the host
      // name, and the post still goes out.
      const title = await articleTitle(request.link).catch(() => hostOf(request.link ?? ''));
      return { article: { source: request.link, title, ...(first ? { thumbnail: first.urn } : {}) } };
    }
    const image = (i: { urn: string; altText?: string }) => ({ id: i.urn, ...(i.altText ? { altText: i.altText } : {}) });
    if (images.length === 1 && first) return { media: image(first) };
    if (images.length > 1) return { multiImage: { images: images.map(image) } };
    return undefined;
  }

  return {
    network: 'linkedin',
    limits: LINKEDIN_LIMITS,
    // No idempotency key: a lost answer is reconciled by looking for the post with findRecent.
    idempotentPublish: false,
    credentialPolicy: 'extendable',
    measureText: measureLinkedInText,
    composeText: composeLinkedInText,

    async publish(account, credentials, request) {
      const author = authorOf(account);
      preflight(request);
      const images: Array<{ urn: string; altText?: string }> = [];
      for (const item of request.media ?? []) images.push({ urn: await uploadImage(account, credentials, author, item), altText: item.altText });
      const postContent = await content(request, images);
      const res = await send('commit', `${apiBase(account)}/rest/posts`, {
        method: 'POST',
        headers: rest(credentials, { 'Content-Type': 'application/json' }),
        body: JSON.stringify({
          author,
          commentary: escapeLittleText(request.text),
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          ...(postContent ? { content: postContent } : {}),
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        }),
      });
      // Read only to free the connection: the post id is in the x-restli-id header, checked next.
      await res.arrayBuffer().catch(() => undefined);
      const urn = safeDecode(res.headers.get('x-restli-id') ?? '');
      if (!urn) throw new NetworkError('linkedin', 'unknown_outcome', `LinkedIn answered ${res.status} without the post id (x-restli-id)`, { httpStatus: res.status });
      const ref = { networkPostId: urn, url: postUrl(account, urn), publishedAt: new Date(now()).toISOString() };
      if (!request.firstComment) return ref;
      // The post is live whatever happens to the comment: a failed comment leaves firstCommentId out,
      // which publish-post reports on the post as "the first comment was not posted".
      try {
        const created = await send('read', `${apiBase(account)}/rest/socialActions/${encodeURIComponent(urn)}/comments`, {
          method: 'POST',
          headers: rest(credentials, { 'Content-Type': 'application/json' }),
          body: JSON.stringify({ actor: author, object: urn, message: { text: request.firstComment } }),
        });
        // An unreadable body still leaves the id in the x-restli-id header.
        const body = await json<{ commentUrn?: string; id?: string }>(created, 'read').catch(() => ({} as { commentUrn?: string; id?: string }));
        const firstCommentId = body.commentUrn ?? safeDecode(created.headers.get('x-restli-id') ?? '') ?? body.id;
        return firstCommentId ? { ...ref, firstCommentId } : ref;
      } catch {
        return ref;
      }
    },

    async getStatus(account, credentials, networkPostId) {
      // An id that is not a post URN cannot exist; never let it shape the request path.
      if (!POST_URN.test(networkPostId)) return { networkPostId, exists: false };
      try {
        const res = await send('read', `${apiBase(account)}/rest/posts/${encodeURIComponent(networkPostId)}`, { headers: rest(credentials) });
        const post = await json<{ lifecycleState?: string }>(res, 'read');
        // PUBLISH_REQUESTED is on its way out: it exists, and publishing it again would duplicate it.
        return landed(post.lifecycleState) ? { networkPostId, exists: true, url: postUrl(account, networkPostId) } : { networkPostId, exists: false };
      } catch (error) {
        if (error instanceof NetworkError && (error.httpStatus === 404 || error.httpStatus === 410)) return { networkPostId, exists: false };
        throw error;
      }
    },

    async findRecent(account, credentials, since): Promise<RecentPost[]> {
      const author = encodeURIComponent(authorOf(account));
      const recent: RecentPost[] = [];
      // Sorted by last modification (LinkedIn's default), newest first: once a post was last modified
      // before `since`, every later one was too. An older post edited recently is skipped, not a stop.
      pages: for (let page = 0; page < MAX_FINDER_PAGES; page += 1) {
        const url = `${apiBase(account)}/rest/posts?author=${author}&q=author&count=${FINDER_PAGE_SIZE}&start=${page * FINDER_PAGE_SIZE}&sortBy=LAST_MODIFIED`;
        const res = await send('read', url, { headers: rest(credentials, { 'X-RestLi-Method': 'FINDER' }) });
        const { elements = [] } = await json<{ elements?: LinkedInPostEntity[] }>(res, 'read');
        for (const post of elements) {
          const createdAt = post.createdAt ?? post.publishedAt;
          if ((post.lastModifiedAt ?? createdAt ?? 0) < since.getTime()) break pages;
          if (typeof createdAt !== 'number' || createdAt < since.getTime() || !post.id) continue;
          if (!landed(post.lifecycleState)) continue;
          recent.push({ networkPostId: post.id, text: unescapeLittleText(post.commentary ?? ''), createdAt: new Date(createdAt).toISOString(), url: postUrl(account, post.id) });
        }
        if (elements.length < FINDER_PAGE_SIZE) break;
      }
      return recent.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    },

    async fetchPostMetrics(account, credentials, networkPostId): Promise<PostMetricsReading> {
      if (!POST_URN.test(networkPostId)) throw new NetworkError('linkedin', 'bad_content', `${JSON.stringify(networkPostId)} is not a LinkedIn share or ugcPost URN`);
      return readLinkedInPostMetrics(reader(account, credentials), authorOf(account), networkPostId, new Date(now()).toISOString());
    },

    async fetchAccountMetrics(account, credentials): Promise<AccountMetricsReading> {
      return readLinkedInAccountMetrics(reader(account, credentials), authorOf(account), new Date(now()).toISOString());
    },

    async refreshCredentials(account, credentials, app?: AppCredentials): Promise<NetworkCredentials> {
      if (!credentials.refreshToken) {
        throw new NetworkError('linkedin', 'disconnected', 'no LinkedIn refresh token is stored: the member must reconnect the account');
      }
      if (!app?.clientId || !app.clientSecret) {
        throw new NetworkError('linkedin', 'disconnected', 'refreshing a LinkedIn token needs the app client id and client secret');
      }
      const res = await send('refresh', tokenUrl(account), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token', refresh_token: credentials.refreshToken, client_id: app.clientId, client_secret: app.clientSecret,
        }).toString(),
      });
      const body = await json<{ access_token?: string; expires_in?: number; refresh_token?: string; refresh_token_expires_in?: number }>(res, 'refresh');
      if (!body.access_token) throw new NetworkError('linkedin', 'retry_later', 'LinkedIn answered the refresh without an access token');
      const at = now();
      // The refresh token's own expiry (a year from consent, not extended by refreshing) is what the daily check warns about.
      const refreshExpiresAt = typeof body.refresh_token_expires_in === 'number'
        ? new Date(at + body.refresh_token_expires_in * 1000).toISOString()
        : credentials.refreshExpiresAt;
      return {
        accessToken: body.access_token,
        // Not rotated: LinkedIn may echo the same refresh token or send none; never drop the stored one.
        refreshToken: body.refresh_token || credentials.refreshToken,
        ...(typeof body.expires_in === 'number' ? { expiresAt: new Date(at + body.expires_in * 1000).toISOString() } : {}),
        ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
        ...(credentials.extra ? { extra: credentials.extra } : {}),
      };
    },
  };
}

/** Published, or requested and on its way (LinkedIn's lifecycle states); not a draft or a failed publish. */
const landed = (state: string | undefined): boolean => state === undefined || state === 'PUBLISHED' || state === 'PUBLISH_REQUESTED';

interface LinkedInPostEntity {
  readonly id?: string;
  readonly commentary?: string;
  readonly createdAt?: number;
  readonly publishedAt?: number;
  readonly lastModifiedAt?: number;
  readonly lifecycleState?: string;
}

/** Refuses, before anything is sent, what LinkedIn's Posts API cannot carry. */
function preflight(request: PublishRequest): void {
  const media = request.media ?? [];
  const refuse = (message: string) => new NetworkError('linkedin', 'bad_content', message);
  if (request.thread && request.thread.length > 0) throw refuse('LinkedIn has no threads: publish the parts as separate posts');
  if (media.length > LINKEDIN_LIMITS.maxMedia) throw refuse(`LinkedIn posts carry at most ${LINKEDIN_LIMITS.maxMedia} images`);
  const unsupported = media.find((m) => !LINKEDIN_LIMITS.mediaKinds.includes(m.kind));
  if (unsupported) throw refuse(`LinkedIn ${unsupported.kind} posts need the Videos API, which this adapter does not support`);
  if (request.link && media.length > 1) throw refuse('a LinkedIn post carries either a link card (with at most one image) or several images, not both');
}

function authorOf(account: NetworkAccount): string {
  if (!account.externalId || !AUTHOR_URN.test(account.externalId)) {
    throw new NetworkError('linkedin', 'disconnected', `LinkedIn account ${account.accountId} has no author URN (externalId): reconnect it`);
  }
  return account.externalId;
}

const apiBase = (account: NetworkAccount): string => account.baseUrl.replace(/\/+$/, '');

/** www.linkedin.com for the real API host, else the account's base URL (a local stand-in serves both). */
function webOrigin(account: NetworkAccount): string {
  const base = apiBase(account);
  return /^https:\/\/api\.linkedin\.com$/i.test(base) ? 'https://www.linkedin.com' : base;
}

const postUrl = (account: NetworkAccount, urn: string): string => `${webOrigin(account)}/feed/update/${urn}/`;

function transportFailure(error: unknown, phase: LinkedInPhase): NetworkError {
  const uncertain = phase === 'commit' ? 'unknown_outcome' : 'retry_later';
  if (error instanceof NetworkError) return error;
  if (isTimeoutOrAbort(error)) {
    return new NetworkError('linkedin', uncertain, 'LinkedIn did not answer in time', { cause: error });
  }
  const codes = errorCodes(error);
  if (wasNotSent(codes)) {
    return new NetworkError('linkedin', 'retry_later', `could not reach LinkedIn (${codes.join(', ')})`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError('linkedin', uncertain, `connection to LinkedIn lost (${codes.join(', ') || message})`, { cause: error });
}

async function responseFailure(res: Response, phase: LinkedInPhase, now: () => number): Promise<NetworkError> {
  // A failure is built from the status alone when its body cannot be read (see below).
  const raw = await res.text().catch(() => '');
  let body: { message?: unknown; code?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    // A proxy's HTML page or an empty body: only the status speaks.
  }
  const httpStatus = res.status;
  const message = [body.message, body.error_description, body.error].find((m): m is string => typeof m === 'string') ?? `HTTP ${httpStatus}`;
  const fail = (kind: NetworkError['kind'], text: string, retryAfterMs?: number) =>
    new NetworkError('linkedin', kind, text, { httpStatus, retryAfterMs });
  if (httpStatus === 429) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now) ?? (/\bDAY\b/i.test(message) ? untilUtcMidnight(now()) : undefined);
    return fail('retry_later', `throttled by LinkedIn: ${message}`, retryAfterMs);
  }
  if (httpStatus >= 500 || httpStatus === 408) {
    // Without an idempotency key, a gateway error on the create call may hide a created post; 503 means not taken.
    const uncertain = phase === 'commit' && httpStatus !== 503 && httpStatus !== 408;
    return fail(uncertain ? 'unknown_outcome' : 'retry_later', `LinkedIn unavailable: ${message}`, parseRetryAfter(res.headers.get('retry-after'), now));
  }
  if (phase === 'refresh') return fail('disconnected', `LinkedIn refused the refresh token (${message}): the member must reconnect the account`);
  if (httpStatus === 401) return fail('refresh_credentials', `LinkedIn rejected the token: ${message}`);
  if (httpStatus === 403) return fail('disconnected', `LinkedIn denied access${body.code === 'ACCESS_DENIED' ? ' to the author' : ''}: ${message}`);
  if (httpStatus === 426) return fail('disconnected', `LinkedIn-Version is no longer active (${message}): update the adapter's version`);
  if (httpStatus === 404 || httpStatus === 410) return fail('disconnected', `LinkedIn resource not found: ${message}`);
  return fail('bad_content', message);
}

/** Downloads a media item so its bytes can be uploaded; nothing has been sent to LinkedIn yet. */
async function fetchMedia(url: string, timeoutMs: number): Promise<{ bytes: ArrayBuffer; type: string }> {
  if (!/^https?:\/\//i.test(url)) throw new NetworkError('linkedin', 'bad_content', `media URL ${url} is not http(s)`);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) {
      await res.body?.cancel();
      const kind = res.status >= 500 || res.status === 429 || res.status === 408 ? 'retry_later' : 'bad_content';
      throw new NetworkError('linkedin', kind, `media ${url} could not be fetched: HTTP ${res.status}`);
    }
    return { bytes: await res.arrayBuffer(), type: res.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream' };
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError('linkedin', 'retry_later', `media ${url} could not be fetched: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** og:title or <title> of the linked page (first 256 KiB), else its host name. */
async function pageTitle(link: string, timeoutMs: number): Promise<string> {
  const fallback = hostOf(link);
  try {
    const res = await fetch(link, { signal: AbortSignal.timeout(Math.min(timeoutMs, 5000)), headers: { Accept: 'text/html' } });
    if (!res.ok || !res.body || !/html/i.test(res.headers.get('content-type') ?? '')) {
      await res.body?.cancel();
      return fallback;
    }
    let html = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      html += decoder.decode(chunk, { stream: true });
      if (html.length > 256 * 1024) break;
    }
    const og = /<meta\s[^>]*property=["']og:title["'][^>]*content=["']([^"']*)["']/i.exec(html)?.[1]
      ?? /<meta\s[^>]*content=["']([^"']*)["'][^>]*property=["']og:title["']/i.exec(html)?.[1];
    const title = og ?? /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
    return decodeEntities(title ?? '').replace(/\s+/g, ' ').trim().slice(0, 200) || fallback;
  } catch {
    // An unreachable or slow page must not hold up the post: its card shows the host name instead.
    return fallback;
  }
}

function hostOf(link: string): string {
  try {
    return new URL(link).hostname.replace(/^www\./, '');
  } catch {
    return link;
  }
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1]?.toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return named[name.toLowerCase()] ?? entity;
  });
}

function safeDecode(value: string): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** LinkedIn's daily limits reset at midnight UTC. */
function untilUtcMidnight(at: number): number {
  const day = 24 * 60 * 60 * 1000;
  return (Math.floor(at / day) + 1) * day - at;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
