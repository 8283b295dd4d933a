/**
 * Bluesky adapter over @atproto/api (`AtpAgent` against `account.baseUrl`, the account's PDS).
 * Credentials: `accessToken` is the session's accessJwt, `refreshToken` its refreshJwt,
 * `extra.appPassword` the app password used to open a new session when the refresh JWT is dead;
 * `account.externalId` is the DID (resolved from the handle when absent).
 *
 * Idempotency: every post goes to a record key derived from the idempotency key (and the thread
 * position), a TID whose time is the key's ULID time when the key is a ULID (the publisher's post
 * ids are). Repeating `publish` hits the taken key (the PDS answers 500), the adapter reads the
 * record there and returns it: one record, same URI. So `idempotentPublish` is true, a thread
 * resumes where it stopped, and an `unknown_outcome` is reconciled by replaying the call.
 *
 * Sessions rotate: `refreshCredentials` spends the refresh JWT (com.atproto.server.refreshSession)
 * and falls back to createSession with the app password. Other calls never refresh on their own
 * (the agent's automatic refresh is disabled by leaving its refresh JWT empty), because they could
 * not hand the rotated tokens back: an expired access JWT surfaces as `refresh_credentials`.
 */
import { createHash } from 'node:crypto';
import { AtpAgent, XRPCError, type AtpSessionData, type BlobRef } from '@atproto/api';
import { BLUESKY_MAX_GRAPHEMES, buildFacets, countGraphemes, type Facet, type HandleResolver } from './facets.js';
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
import { errorCodes, isTimeoutOrAbort, wasNotSent } from '../transport-errors.js';

export const BLUESKY_LIMITS: NetworkLimits = {
  maxTextLength: BLUESKY_MAX_GRAPHEMES, maxMedia: 4, mediaKinds: ['image'], requiresMedia: false, threads: true, firstComment: false,
  // 5000 points per hour per account, a create costing 3 (https://docs.bsky.app/docs/advanced-guides/rate-limits).
  publishQuota: { posts: 1666, perSeconds: 3600 },
};
export const DEFAULT_BLUESKY_TIMEOUT_MS = 10_000;
const POST = 'app.bsky.feed.post';
const MAX_IMAGE_BYTES = 1_000_000;
const MAX_LIST_PAGES = 10;
const POST_URI = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]{1,512})$/;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TID_CHARS = '234567abcdefghijklmnopqrstuvwxyz';
/** Non-ULID keys get a TID time inside 2023, from their hash: deterministic, and in the past. */
const FALLBACK_EPOCH_US = BigInt(Date.UTC(2023, 0, 1)) * 1000n;
const FALLBACK_SPAN_US = 365n * 24n * 3600n * 1_000_000n - 1000n;
const DEAD_SESSION = new Set(['ExpiredToken', 'InvalidToken']);
const GONE = new Set(['AccountTakedown', 'AccountDeactivated', 'AccountSuspended', 'RepoTakendown', 'RepoDeactivated', 'RepoSuspended', 'RepoNotFound']);

export interface BlueskyAdapterOptions {
  /** Per-request timeout in milliseconds; default 10 s. */
  readonly timeoutMs?: number;
  /** Clock for `createdAt`, `retryAfterMs` and token expiry; default `Date.now`. */
  readonly now?: () => number;
}

export type BlueskyOperation = 'publish' | 'read';

/** The text `publish` sends: the link, if any, after a blank line (it also becomes a link card). */
export function composeBlueskyText(request: Pick<PublishRequest, 'text' | 'link'>): string {
  return request.link ? `${request.text}\n\n${request.link}` : request.text;
}

/**
 * The record key of part `index` (0 = the post, then thread replies) for an idempotency key: a TID
 * (13 base32-sortable characters), because the Bluesky AppView does not index posts under other
 * keys (bluesky-social/social-app#8654). Its time is the ULID's time, plus up to ~1 s drawn from
 * the key's hash, plus `index` microseconds, when the key is a ULID (posts then list in creation
 * order); otherwise a time in 2023 drawn from the hash. The clock id comes from the hash too.
 */
export function blueskyRecordKey(idempotencyKey: string, index = 0): string {
  if (!Number.isInteger(index) || index < 0 || index > 999) throw new RangeError('thread position must be 0-999');
  const hash = createHash('sha256').update(idempotencyKey).digest();
  const clockId = hash.readUInt16BE(0) & 1023;
  let micros: bigint;
  if (ULID.test(idempotencyKey)) {
    const ms = [...idempotencyKey.slice(0, 10).toUpperCase()].reduce((acc, c) => acc * 32n + BigInt(CROCKFORD.indexOf(c)), 0n);
    // Up to ~1 s of hash-drawn microseconds: with the 10-bit clock id, 30 bits keep keys created in the same millisecond apart.
    micros = ms * 1000n + BigInt(hash.readUInt32BE(2) & 0xfffff) + BigInt(index);
  } else {
    micros = FALLBACK_EPOCH_US + (hash.readBigUInt64BE(2) % FALLBACK_SPAN_US) + BigInt(index);
  }
  let n = (micros << 10n) | BigInt(clockId);
  let key = '';
  for (let i = 0; i < 13; i += 1) {
    key = TID_CHARS[Number(n & 31n)] + key;
    n >>= 5n;
  }
  return key;
}

interface StrongRef {
  readonly uri: string;
  readonly cid: string;
  readonly createdAt: string;
  readonly rateLimit?: RateLimitState;
}

export function createBlueskyAdapter(options: BlueskyAdapterOptions = {}): NetworkAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BLUESKY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const timedFetch: typeof fetch = (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(input instanceof Request ? [input.signal] : []), ...(init?.signal ? [init.signal] : [])];
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
  /** An agent whose calls carry the access JWT; its refresh JWT is left empty so it never rotates tokens behind our back. */
  const agentFor = (account: NetworkAccount, credentials?: NetworkCredentials, did = account.externalId ?? ''): AtpAgent => {
    const agent = new AtpAgent({ service: account.baseUrl, fetch: timedFetch });
    if (credentials) {
      const session: AtpSessionData = { accessJwt: credentials.accessToken, refreshJwt: '', handle: handleOf(account), did, active: true };
      agent.sessionManager.session = session;
    }
    return agent;
  };
  const resolverFor = (agent: AtpAgent): HandleResolver => async (handle) => {
    try {
      return (await agent.com.atproto.identity.resolveHandle({ handle })).data.did;
    } catch (error) {
      if (error instanceof XRPCError && error.status === 400) return undefined;
      throw classifyBlueskyError(error, 'read', now);
    }
  };
  const didOf = async (account: NetworkAccount, agent: AtpAgent): Promise<string> => {
    const did = account.externalId ?? (await resolverFor(agent)(handleOf(account)));
    if (!did) throw new NetworkError('bluesky', 'disconnected', `Bluesky handle ${account.handle} does not resolve to a DID`);
    return did;
  };
  const postUrl = (uri: string) => {
    const [, did, rkey] = POST_URI.exec(uri) ?? [];
    return `https://bsky.app/profile/${did}/post/${rkey}`;
  };

  return {
    network: 'bluesky',
    limits: BLUESKY_LIMITS,
    idempotentPublish: true,
    credentialPolicy: 'rotating',
    measureText: countGraphemes,
    composeText: composeBlueskyText,

    async publish(account, credentials, request): Promise<PublishedRef> {
      const did = await didOf(account, agentFor(account));
      const agent = agentFor(account, credentials, did);
      const resolve = resolverFor(agent);
      // Everything that can fail without writing happens first: mentions, media uploads.
      const texts = [composeBlueskyText(request), ...(request.thread ?? [])];
      const facets: Facet[][] = [];
      for (const [index, text] of texts.entries()) facets.push(await buildFacets(text, resolve, index === 0 ? request.link : undefined));
      const embed = request.media?.length
        ? await imagesEmbed(agent, request.media, timeoutMs, now)
        : request.link ? { $type: 'app.bsky.embed.external', external: { uri: request.link, title: request.link, description: '' } } : undefined;

      const refs: StrongRef[] = [];
      for (const [index, text] of texts.entries()) {
        const [root, parent] = [refs[0], refs.at(-1)];
        const record: Record<string, unknown> = {
          $type: POST,
          text,
          createdAt: new Date(now()).toISOString(),
          ...(facets[index]?.length ? { facets: facets[index] } : {}),
          ...(index === 0 && embed ? { embed } : {}),
          ...(root && parent ? { reply: { root: { uri: root.uri, cid: root.cid }, parent: { uri: parent.uri, cid: parent.cid } } } : {}),
        };
        refs.push(await createOnce(agent, did, blueskyRecordKey(request.idempotencyKey, index), record, now));
      }
      const [first, ...replies] = refs as [StrongRef, ...StrongRef[]];
      const rateLimit = [...refs].reverse().find((r) => r.rateLimit)?.rateLimit;
      return {
        networkPostId: first.uri,
        url: postUrl(first.uri),
        publishedAt: first.createdAt,
        ...(request.thread?.length ? { threadPostIds: replies.map((r) => r.uri) } : {}),
        ...(rateLimit ? { rateLimit } : {}),
      };
    },

    async getStatus(account, credentials, networkPostId): Promise<PostStatus> {
      const [, did, rkey] = POST_URI.exec(networkPostId) ?? [];
      if (!did || !rkey) return { networkPostId, exists: false };
      try {
        await agentFor(account, credentials).com.atproto.repo.getRecord({ repo: did, collection: POST, rkey });
        return { networkPostId, exists: true, url: postUrl(networkPostId) };
      } catch (error) {
        if (error instanceof XRPCError && error.error === 'RecordNotFound') return { networkPostId, exists: false };
        throw classifyBlueskyError(error, 'read', now);
      }
    },

    async findRecent(account, credentials, since): Promise<RecentPost[]> {
      try {
        const agent = agentFor(account, credentials);
        const did = await didOf(account, agent);
        const recent: RecentPost[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
          const res = await agent.com.atproto.repo.listRecords({ repo: did, collection: POST, limit: 100, ...(cursor ? { cursor } : {}) });
          let anyRecent = false;
          for (const { uri, value } of res.data.records) {
            const createdAt = typeof value.createdAt === 'string' ? value.createdAt : '';
            if (!(Date.parse(createdAt) >= since.getTime())) continue;
            anyRecent = true;
            recent.push({ networkPostId: uri, text: String(value.text ?? ''), createdAt, url: postUrl(uri) });
          }
          // Record keys follow the posts' creation order, not their publish time: stop after a page with nothing recent.
          cursor = res.data.cursor;
          if (!cursor || !anyRecent) break;
        }
        return recent.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      } catch (error) {
        throw classifyBlueskyError(error, 'read', now);
      }
    },

    async fetchPostMetrics(account, credentials, networkPostId): Promise<PostMetricsReading> {
      if (!POST_URI.test(networkPostId)) throw new NetworkError('bluesky', 'bad_content', `${JSON.stringify(networkPostId)} is not a Bluesky post URI`);
      try {
        // The PDS proxies app.bsky reads to the AppView, which counts likes, reposts, replies, quotes and bookmarks.
        const res = await agentFor(account, credentials).app.bsky.feed.getPosts({ uris: [networkPostId] });
        const post = res.data.posts.find((p) => p.uri === networkPostId);
        if (!post) throw new NetworkError('bluesky', 'bad_content', `Bluesky post ${networkPostId} no longer exists`);
        const { likeCount, repostCount, replyCount, quoteCount, bookmarkCount } = post;
        return postReading('bluesky', numbersOf({ likeCount, repostCount, replyCount, quoteCount, bookmarkCount }), {
          observedAt: new Date(now()).toISOString(), rateLimit: rateLimitOf(res.headers),
        });
      } catch (error) {
        throw classifyBlueskyError(error, 'read', now);
      }
    },

    async fetchAccountMetrics(account, credentials): Promise<AccountMetricsReading> {
      try {
        const agent = agentFor(account, credentials);
        const res = await agent.app.bsky.actor.getProfile({ actor: await didOf(account, agent) });
        const { followersCount, followsCount, postsCount } = res.data;
        return accountReading('bluesky', numbersOf({ followersCount, followsCount, postsCount }), {
          observedAt: new Date(now()).toISOString(), rateLimit: rateLimitOf(res.headers),
        });
      } catch (error) {
        throw classifyBlueskyError(error, 'read', now);
      }
    },

    async refreshCredentials(account, credentials): Promise<NetworkCredentials> {
      const agent = agentFor(account);
      const fresh = (accessJwt: string, refreshJwt: string, did: string): NetworkCredentials => {
        if (account.externalId && did !== account.externalId) {
          throw new NetworkError('bluesky', 'disconnected', `Bluesky session is for ${did}, not ${account.externalId}`);
        }
        const expiresAt = jwtExpiry(accessJwt);
        return {
          accessToken: accessJwt,
          // Never store an empty refresh token: keep the old one when none comes back.
          ...(refreshJwt || credentials.refreshToken ? { refreshToken: refreshJwt || credentials.refreshToken } : {}),
          ...(expiresAt ? { expiresAt } : {}),
          ...(credentials.extra ? { extra: credentials.extra } : {}),
        };
      };
      if (credentials.refreshToken) {
        try {
          const res = await agent.com.atproto.server.refreshSession(undefined, { headers: { authorization: `Bearer ${credentials.refreshToken}` } });
          return fresh(res.data.accessJwt, res.data.refreshJwt, res.data.did);
        } catch (error) {
          const dead = error instanceof XRPCError && (error.status === 401 || DEAD_SESSION.has(error.error ?? ''));
          if (!dead) throw classifyBlueskyError(error, 'read', now);
        }
      }
      const password = credentials.extra?.appPassword;
      if (!password) throw new NetworkError('bluesky', 'disconnected', 'Bluesky refused the refresh token and no app password is stored: reconnect the account');
      try {
        const res = await agent.login({ identifier: account.externalId ?? handleOf(account), password });
        return fresh(res.data.accessJwt, res.data.refreshJwt, res.data.did);
      } catch (error) {
        if (error instanceof XRPCError && (error.status === 401 || GONE.has(error.error ?? ''))) {
          throw new NetworkError('bluesky', 'disconnected', `Bluesky refused the app password: ${error.message}`, { httpStatus: error.status, cause: error });
        }
        throw classifyBlueskyError(error, 'read', now);
      }
    },
  };
}

function handleOf(account: NetworkAccount): string {
  return account.handle.replace(/^@/, '').toLowerCase();
}

/**
 * createRecord at a fixed record key; when that fails in a way a taken key explains (the PDS answers
 * 500 today, an explicit "exists" error later), the record already there is the answer.
 */
async function createOnce(agent: AtpAgent, did: string, rkey: string, record: Record<string, unknown>, now: () => number): Promise<StrongRef> {
  try {
    const res = await agent.com.atproto.repo.createRecord({ repo: did, collection: POST, rkey, record });
    return { uri: res.data.uri, cid: res.data.cid, createdAt: String(record.createdAt), rateLimit: rateLimitOf(res.headers) };
  } catch (error) {
    const maybeTaken = error instanceof XRPCError && (error.status === 500 || /exist|conflict|duplicate/i.test(`${error.error} ${error.message}`));
    if (maybeTaken) {
      const existing = await agent.com.atproto.repo.getRecord({ repo: did, collection: POST, rkey }).catch((lookup: unknown) => {
        if (lookup instanceof XRPCError && lookup.error === 'RecordNotFound') return undefined;
        throw classifyBlueskyError(lookup, 'read', now);
      });
      if (existing?.data.cid) {
        return { uri: existing.data.uri, cid: existing.data.cid, createdAt: String(existing.data.value.createdAt ?? record.createdAt) };
      }
    }
    throw classifyBlueskyError(error, 'publish', now);
  }
}

async function imagesEmbed(agent: AtpAgent, media: readonly MediaItem[], timeoutMs: number, now: () => number): Promise<Record<string, unknown>> {
  if (media.length > 4 || media.some((m) => m.kind !== 'image')) throw new NetworkError('bluesky', 'bad_content', 'Bluesky posts take up to 4 images (no video or GIF here)');
  const images: Array<{ image: BlobRef; alt: string }> = [];
  for (const item of media) {
    const { bytes, mimeType } = await downloadImage(item, timeoutMs);
    try {
      const res = await agent.com.atproto.repo.uploadBlob(new Uint8Array(bytes), { encoding: mimeType });
      images.push({ image: res.data.blob, alt: item.altText ?? '' });
    } catch (error) {
      throw classifyBlueskyError(error, 'read', now);
    }
  }
  return { $type: 'app.bsky.embed.images', images };
}

async function downloadImage(item: MediaItem, timeoutMs: number): Promise<{ bytes: Buffer; mimeType: string }> {
  let res: Response;
  try {
    res = await fetch(item.url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new NetworkError('bluesky', 'retry_later', `could not download media ${item.url}`, { cause: error });
  }
  if (!res.ok) {
    const kind = res.status >= 500 || res.status === 429 ? 'retry_later' : 'bad_content';
    throw new NetworkError('bluesky', kind, `media ${item.url} answered HTTP ${res.status}`, { httpStatus: res.status });
  }
  const mimeType = res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!mimeType.startsWith('image/')) throw new NetworkError('bluesky', 'bad_content', `media ${item.url} is ${mimeType || 'untyped'}, not an image`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > MAX_IMAGE_BYTES) throw new NetworkError('bluesky', 'bad_content', `image ${item.url} is ${bytes.length} bytes; Bluesky takes up to ${MAX_IMAGE_BYTES}`);
  return { bytes, mimeType };
}

function rateLimitOf(headers: Readonly<Record<string, string | undefined>> | undefined): RateLimitState | undefined {
  const remaining = Number(headers?.['ratelimit-remaining']);
  const reset = Number(headers?.['ratelimit-reset']);
  if (!headers?.['ratelimit-remaining'] || !Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
  return { remaining, resetAt: new Date(reset * 1000).toISOString() };
}

/** The `exp` of a JWT as ISO 8601, if the token is a readable JWT. */
function jwtExpiry(jwt: string): string | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const exp = (payload as { exp?: unknown }).exp;
    return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps anything @atproto/api throws to a NetworkError kind. A failure after a createRecord may have
 * reached the PDS is `unknown_outcome` (replaying the same key reconciles it); 5xx is `retry_later`,
 * safe here because a retry cannot create a second record.
 */
export function classifyBlueskyError(error: unknown, operation: BlueskyOperation, now: () => number = Date.now): NetworkError {
  if (error instanceof NetworkError) return error;
  const uncertain = operation === 'publish' ? 'unknown_outcome' : 'retry_later';
  if (!(error instanceof XRPCError) || error.status < 100) {
    const cause = error instanceof XRPCError ? error.cause : error;
    if (isAbort(cause)) return new NetworkError('bluesky', uncertain, 'Bluesky did not answer in time', { cause: error });
    const codes = errorCodes(cause);
    if (wasNotSent(codes)) {
      return new NetworkError('bluesky', 'retry_later', `could not reach Bluesky (${codes.join(', ')})`, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new NetworkError('bluesky', uncertain, `connection to Bluesky lost or answer unreadable (${codes.join(', ') || message})`, { cause: error });
  }
  const httpStatus = error.status;
  const name = error.error ?? '';
  const message = `${name}: ${error.message}`;
  const details = { httpStatus, cause: error };
  if (httpStatus === 429) {
    const reset = Number(error.headers?.['ratelimit-reset']);
    const retryAfter = Number(error.headers?.['retry-after']);
    const retryAfterMs = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now()) : Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined;
    return new NetworkError('bluesky', 'retry_later', `rate limited by Bluesky: ${message}`, { ...details, retryAfterMs });
  }
  if (httpStatus >= 500) return new NetworkError('bluesky', 'retry_later', `Bluesky unavailable: ${message}`, details);
  if (GONE.has(name)) return new NetworkError('bluesky', 'disconnected', `Bluesky account unusable: ${message}`, details);
  if (DEAD_SESSION.has(name) || httpStatus === 401 || httpStatus === 403) {
    return new NetworkError('bluesky', 'refresh_credentials', `Bluesky rejected the session: ${message}`, details);
  }
  return new NetworkError('bluesky', 'bad_content', `Bluesky rejected the post: ${message}`, details);
}

/** Unlike the other adapters' check, this walks the cause chain: the abort may sit under wrapper errors. */
function isAbort(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  return isTimeoutOrAbort(error) || isAbort(error.cause, depth + 1);
}
