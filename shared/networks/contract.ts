/**
 * The one contract every network adapter implements. Adapters declare their limits so
 * validation happens when a post is created, not at its due time, and they classify every
 * failure so the publisher knows whether to retry, refresh, fail or alert.
 */

import type { AccountMetricValues, PostMetricValues } from '../contracts/metric-names.js';
import type { NetworkName } from '../contracts/networks.js';

export { NETWORK_NAMES, type NetworkName } from '../contracts/networks.js';

/** Where a network account lives and how to reach it; credentials come separately from Secrets Manager. */
export interface NetworkAccount {
  readonly accountId: string;
  readonly brandId: string;
  readonly network: NetworkName;
  readonly handle: string;
  /** API base URL, e.g. https://mastodon.social, https://api.x.com, or a local stand-in. */
  readonly baseUrl: string;
  /**
   * The account's id on the network where the API needs it in paths or bodies: a Facebook Page
   * id, an Instagram or Threads user id, a LinkedIn author URN, a Bluesky DID.
   */
  readonly externalId?: string;
  /**
   * When it was connected. Accounts connected before credentials were kept per brand lack it;
   * only such an account may still read an old-style credential entry (see accounts/credentials.ts).
   */
  readonly connectedAt?: string;
}

export interface NetworkCredentials {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** ISO 8601; absent when the token does not expire. */
  readonly expiresAt?: string;
  /**
   * ISO 8601: when the refresh token itself stops working (e.g. LinkedIn's one year), after which
   * only reconnecting the account helps; absent when the network does not say.
   */
  readonly refreshExpiresAt?: string;
  /** Network-specific secrets, e.g. a Bluesky app password. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The app (client) registered with the network, needed by some refresh flows. */
export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret?: string;
}

export type MediaKind = 'image' | 'video' | 'gif';

export interface MediaItem {
  /** A public URL the network (or the adapter) fetches. */
  readonly url: string;
  readonly kind: MediaKind;
  readonly altText?: string;
}

export interface PublishRequest {
  readonly text: string;
  readonly link?: string;
  readonly media?: readonly MediaItem[];
  /** Follow-up parts posted as replies to the first, where the network has threads. */
  readonly thread?: readonly string[];
  /** A comment the account adds under its own post right after it (Facebook, Instagram, LinkedIn). */
  readonly firstComment?: string;
  /**
   * Stable per post: networks with idempotency keys (Mastodon) or client-chosen record keys
   * (Bluesky) use it so a repeated call returns the first result instead of posting twice.
   */
  readonly idempotencyKey: string;
}

/** What the network said about the account's remaining quota, read from response headers. */
export interface RateLimitState {
  readonly remaining: number;
  readonly resetAt: string;
}

export interface PublishedRef {
  readonly networkPostId: string;
  readonly url?: string;
  readonly publishedAt: string;
  readonly threadPostIds?: readonly string[];
  readonly firstCommentId?: string;
  readonly rateLimit?: RateLimitState;
}

export interface PostStatus {
  readonly networkPostId: string;
  readonly exists: boolean;
  readonly url?: string;
}

/** One of the account's own recent posts, for reconciling an unknown outcome. */
export interface RecentPost {
  readonly networkPostId: string;
  readonly text: string;
  readonly createdAt: string;
  readonly url?: string;
}

/**
 * Metrics read from the network at `observedAt`, already mapped to the common names through the
 * network's metric catalogue. `partial` is true when some of the requests behind the reading failed
 * (the metrics they would have filled are null and `missing` names them).
 */
export interface MetricsReading<V> {
  readonly values: V;
  /** The network's own names and numbers, kept for audit and for metrics the common names lack. */
  readonly raw: Readonly<Record<string, number>>;
  readonly observedAt: string;
  readonly partial: boolean;
  /** Why each failed part is missing, e.g. `insights: 403 (permission)`. */
  readonly missing?: readonly string[];
  readonly rateLimit?: RateLimitState;
}

export type PostMetricsReading = MetricsReading<PostMetricValues>;
export type AccountMetricsReading = MetricsReading<AccountMetricValues>;

export interface NetworkLimits {
  /** Maximum text length, counted the network's way (see `measureText`). */
  readonly maxTextLength: number;
  readonly maxMedia: number;
  readonly mediaKinds: readonly MediaKind[];
  /** The network cannot publish text alone (Instagram). */
  readonly requiresMedia: boolean;
  /** Replies to the account's own post form a thread. */
  readonly threads: boolean;
  readonly firstComment: boolean;
  /** Publishing quota per account, from the network's documentation. */
  readonly publishQuota?: { readonly posts: number; readonly perSeconds: number };
}

/**
 * How the network's tokens live:
 * - `static`: they do not expire (Mastodon);
 * - `rotating`: each refresh returns a new refresh token that replaces the old one (X, Bluesky);
 * - `extendable`: a long-lived token is exchanged for a fresh one before it expires (Meta, LinkedIn).
 */
export type CredentialPolicy = 'static' | 'rotating' | 'extendable';

export interface NetworkAdapter {
  readonly network: NetworkName;
  readonly limits: NetworkLimits;
  /**
   * True when a repeated publish with the same idempotency key returns the first post instead
   * of creating a second one (Mastodon's Idempotency-Key, Bluesky's record key). Only then may an
   * unknown outcome be reconciled by replaying the call; other networks reconcile with `findRecent`.
   */
  readonly idempotentPublish: boolean;
  readonly credentialPolicy: CredentialPolicy;
  /** Length of `text` as the network counts it. */
  measureText(text: string): number;
  /** The text the network receives for this request (e.g. with the link appended): what `measureText` must accept. */
  composeText(request: Pick<PublishRequest, 'text' | 'link'>): string;
  publish(account: NetworkAccount, credentials: NetworkCredentials, request: PublishRequest): Promise<PublishedRef>;
  getStatus(account: NetworkAccount, credentials: NetworkCredentials, networkPostId: string): Promise<PostStatus>;
  /** The account's own posts created at or after `since`, newest first. */
  findRecent(account: NetworkAccount, credentials: NetworkCredentials, since: Date): Promise<RecentPost[]>;
  /**
   * Fresh credentials per the network's policy. Never returns an empty refresh token: when the
   * network does not send a new one, the old one is kept. `static` networks return them unchanged.
   */
  refreshCredentials(account: NetworkAccount, credentials: NetworkCredentials, app?: AppCredentials): Promise<NetworkCredentials>;
  /** The post's lifetime metrics now. A metric the network does not give (or did not return) is null. */
  fetchPostMetrics(account: NetworkAccount, credentials: NetworkCredentials, networkPostId: string): Promise<PostMetricsReading>;
  /** The account's metrics now: followers, and the last day's reach, impressions and profile visits where the network gives them. */
  fetchAccountMetrics(account: NetworkAccount, credentials: NetworkCredentials): Promise<AccountMetricsReading>;
}

/**
 * What the caller should do about a failure:
 * - `retry_later`: transient (5xx, 429, network error before sending); `retryAfterMs` when the network says.
 * - `refresh_credentials`: token expired or revoked; refresh, then retry once.
 * - `bad_content`: the network rejected the content; fail and tell the user.
 * - `disconnected`: the account is gone or suspended; fail and alert.
 * - `unknown_outcome`: the request may have reached the network (timeout after sending, dropped
 *   connection); never blindly repeat it — reconcile instead.
 */
export type NetworkErrorKind = 'retry_later' | 'refresh_credentials' | 'bad_content' | 'disconnected' | 'unknown_outcome';

export class NetworkError extends Error {
  readonly kind: NetworkErrorKind;
  readonly network: NetworkName;
  readonly retryAfterMs?: number;
  readonly httpStatus?: number;
  constructor(
    network: NetworkName,
    kind: NetworkErrorKind,
    message: string,
    details: { retryAfterMs?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'NetworkError';
    this.network = network;
    this.kind = kind;
    this.retryAfterMs = details.retryAfterMs;
    this.httpStatus = details.httpStatus;
  }
}
