/**
 * The one contract every network adapter implements. Adapters declare their limits so
 * validation happens when a post is created, not at its due time, and they classify every
 * failure so the publisher knows whether to retry, refresh, fail or alert.
 */

export type NetworkName = 'mastodon';

/** Where a network account lives and how to reach it; credentials come separately from Secrets Manager. */
export interface NetworkAccount {
  readonly accountId: string;
  readonly brandId: string;
  readonly network: NetworkName;
  readonly handle: string;
  /** API base URL, e.g. https://mastodon.social or the local sandbox. */
  readonly baseUrl: string;
}

export interface NetworkCredentials {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresAt?: string;
}

export interface PublishRequest {
  readonly text: string;
  readonly link?: string;
  /**
   * Stable per post: networks with idempotency keys (Mastodon) use it to make a repeated
   * call return the first result instead of posting twice.
   */
  readonly idempotencyKey: string;
}

export interface PublishedRef {
  readonly networkPostId: string;
  readonly url?: string;
  readonly publishedAt: string;
}

export interface PostStatus {
  readonly networkPostId: string;
  readonly exists: boolean;
  readonly url?: string;
}

export interface NetworkLimits {
  /** Maximum text length, counted the network's way (see `measureText`). */
  readonly maxTextLength: number;
  readonly maxMedia: number;
}

export interface NetworkAdapter {
  readonly network: NetworkName;
  readonly limits: NetworkLimits;
  /**
   * True when a repeated publish with the same idempotency key returns the first post instead
   * of creating a second one (Mastodon's Idempotency-Key). Only then may an unknown outcome be
   * reconciled by replaying the call; other networks reconcile by looking up recent posts.
   */
  readonly idempotentPublish: boolean;
  /** Length of `text` as the network counts it. */
  measureText(text: string): number;
  publish(account: NetworkAccount, credentials: NetworkCredentials, request: PublishRequest): Promise<PublishedRef>;
  getStatus(account: NetworkAccount, credentials: NetworkCredentials, networkPostId: string): Promise<PostStatus>;
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
