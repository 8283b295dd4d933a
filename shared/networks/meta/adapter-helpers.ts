/**
 * Small pieces every Meta adapter (Facebook Pages, Instagram, Threads) needs the same way: their options,
 * Graph id checks, reading ids from write answers, best-effort follow-ups and token refresh handling.
 */
import { NetworkError, type NetworkAccount, type NetworkName } from '../contract.js';
import type { GraphOperation } from './graph-client.js';
import { networkLabel } from './graph-errors.js';

/** Graph object ids: digits, or `pageid_postid`. Anything else never reaches a request path. */
export const GRAPH_ID = /^\d{1,40}(_\d{1,40})?$/;

export interface MetaAdapterOptions {
  /** Per-request timeout in milliseconds; default 10 s. Past it, a commit is `unknown_outcome`. */
  readonly timeoutMs?: number;
  /** Clock for `publishedAt` fallbacks, token expiry and quota reset times; default `Date.now`. */
  readonly now?: () => number;
  /** The fetch implementation; default the global one. */
  readonly fetch?: typeof fetch;
  /** Graph API version prefixed to paths. */
  readonly version?: string;
}

/** The account's id on the network, which every Meta path needs. */
export function requireExternalId(network: NetworkName, account: NetworkAccount): string {
  const id = account.externalId;
  if (!id || !GRAPH_ID.test(id)) {
    throw new NetworkError(network, 'disconnected', `${networkLabel(network)} account ${account.accountId} has no valid externalId (the ${network} id)`);
  }
  return id;
}

/** The `id` of a write's answer; a success without one tells nothing, so a commit becomes `unknown_outcome`. */
export function requireId(network: NetworkName, body: { id?: unknown }, operation: GraphOperation): string {
  if (typeof body.id === 'string' && GRAPH_ID.test(body.id)) return body.id;
  if (typeof body.id === 'number') return String(body.id);
  throw new NetworkError(network, operation === 'commit' ? 'unknown_outcome' : 'retry_later', `${networkLabel(network)} answered without an id`);
}

/** Runs `task`, turning any failure into undefined: for reads and follow-ups after the post already exists. */
export async function bestEffort<T>(task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch {
    return undefined;
  }
}

/** A refresh that the network refuses for the token itself cannot be fixed by refreshing again: reconnect. */
export function refreshFailure(error: unknown): unknown {
  if (error instanceof NetworkError && error.kind === 'refresh_credentials') {
    return new NetworkError(error.network, 'disconnected', `${error.message}; the token can no longer be refreshed, reconnect the account`, {
      httpStatus: error.httpStatus, cause: error,
    });
  }
  return error;
}

/**
 * Credentials after a refresh answer `{access_token, token_type, expires_in}`: every field the network did
 * not return (refresh token, extra secrets, and the expiry when `expires_in` is absent) is kept.
 */
export function extendCredentials<C extends { readonly accessToken: string; readonly expiresAt?: string }>(
  network: NetworkName,
  credentials: C,
  answer: { access_token?: unknown; expires_in?: unknown },
  now: () => number,
): C {
  if (typeof answer.access_token !== 'string' || answer.access_token === '') {
    throw new NetworkError(network, 'retry_later', `${networkLabel(network)} refresh answered without an access_token`);
  }
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : Number(answer.expires_in);
  const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now() + expiresIn * 1000).toISOString() : credentials.expiresAt;
  return { ...credentials, accessToken: answer.access_token, ...(expiresAt === undefined ? {} : { expiresAt }) };
}
