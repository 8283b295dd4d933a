/**
 * Graph API errors and their classification, shared by the Facebook Pages, Instagram and Threads adapters.
 * Graph errors (`{"error":{"message","type","code","error_subcode","fbtrace_id"}}`,
 * https://developers.facebook.com/docs/graph-api/guides/error-handling and the Instagram error-code table)
 * become NetworkError kinds — see `classifyGraphApiError` for the table. Meta has no idempotency key, so a
 * `commit` whose answer is lost or proves no rejection is `unknown_outcome`; a `prepare` is `retry_later`.
 */
import { NetworkError, type NetworkErrorKind, type NetworkName } from '../contract.js';
import { retryAfterFromHeaders } from './graph-usage.js';
import { errorCodes, isTimeoutOrAbort, wasNotSent } from '../transport-errors.js';

/**
 * What a request does, which decides how an uncertain failure is read:
 * - `read`: changes nothing;
 * - `prepare`: creates something nobody sees (container, unpublished photo): losing its answer is harmless;
 * - `commit`: makes a post visible: losing its answer is `unknown_outcome`.
 */
export type GraphOperation = 'read' | 'prepare' | 'commit';

/** A Graph error answer, or an answer that could not be read. */
export class GraphApiError extends Error {
  readonly httpStatus: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly type?: string;
  readonly fbtraceId?: string;
  readonly isTransient?: boolean;
  readonly userMessage?: string;
  /** The answer was not a JSON object (an HTML proxy page, a truncated body). */
  readonly unreadable: boolean;
  readonly headers?: Headers;
  constructor(input: {
    httpStatus: number; message: string; code?: number; subcode?: number; type?: string; fbtraceId?: string;
    isTransient?: boolean; userMessage?: string; unreadable?: boolean; headers?: Headers;
  }) {
    super(input.message);
    this.name = 'GraphApiError';
    this.httpStatus = input.httpStatus;
    this.code = input.code;
    this.subcode = input.subcode;
    this.type = input.type;
    this.fbtraceId = input.fbtraceId;
    this.isTransient = input.isTransient;
    this.userMessage = input.userMessage;
    this.unreadable = input.unreadable ?? false;
    this.headers = input.headers;
  }
}

const LABELS: Record<NetworkName, string> = {
  mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X', facebook: 'Facebook', instagram: 'Instagram', threads: 'Threads', linkedin: 'LinkedIn',
};

export function networkLabel(network: NetworkName): string {
  return LABELS[network];
}

/** The GraphApiError an answer carries: a Graph `error` object, or any non-2xx status. Undefined for a success. */
export function parseGraphError(httpStatus: number, body: unknown, headers?: Headers): GraphApiError | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined);
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return new GraphApiError({
      httpStatus: httpStatus >= 400 ? httpStatus : 400,
      message: str(e.message) ?? `HTTP ${httpStatus}`,
      code: num(e.code),
      subcode: num(e.error_subcode),
      type: str(e.type),
      fbtraceId: str(e.fbtrace_id),
      isTransient: typeof e.is_transient === 'boolean' ? e.is_transient : undefined,
      userMessage: str(e.error_user_msg),
      headers,
    });
  }
  if (httpStatus >= 400) {
    return new GraphApiError({ httpStatus, message: `HTTP ${httpStatus}`, unreadable: body === undefined, headers });
  }
  return undefined;
}

/** The GraphApiError behind a NetworkError thrown by the client, if any. */
export function graphErrorOf(error: unknown): GraphApiError | undefined {
  if (error instanceof GraphApiError) return error;
  return error instanceof NetworkError && error.cause instanceof GraphApiError ? error.cause : undefined;
}

/** Code 100 subcode 33 ("Object with ID … does not exist"), 803 or HTTP 404: the object is not there. */
export function isNotFound(error: GraphApiError | undefined): boolean {
  return !!error && ((error.code === 100 && error.subcode === 33) || error.code === 803 || (error.code === undefined && error.httpStatus === 404));
}

/** Instagram's "maximum number of posts" (code 9, subcode 2207042) and the Threads equivalent (code 9). */
export function isPublishingQuotaError(error: GraphApiError | undefined): boolean {
  return !!error && (error.code === 9 || error.subcode === 2207042);
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/** Access token invalid or expired (190), session (102), token missing (104). */
const TOKEN_CODES = new Set([102, 104, 190]);
/** 190 subcodes a refresh cannot fix: app not installed, user checkpointed, password changed, unconfirmed user, no longer a Page admin. */
const RECONNECT_SUBCODES = new Set([458, 459, 460, 464, 492]);
/** Graph "unknown"/"service" (1, 2) and Instagram server/download (-1, -2): transient, but they prove nothing. */
const TRANSIENT_CODES = new Set([1, 2, -1, -2]);
/**
 * Failures that prove nothing was published and a fresh container fixes: media expired (2207020), not ready
 * (9007/2207027), builder or media not found (24: 2207008, Threads 4279009), download timeout (2207003),
 * create media failed (2207032), upload error (2207053).
 */
const FRESH_CONTAINER_SUBCODES = new Set([2207020, 2207027, 2207008, 4279009, 2207003, 2207032, 2207053]);
const FRESH_CONTAINER_CODES = new Set([9007, 24]);

/** Anything fetch or the Graph API produced, as a NetworkError for `network`. */
export function classifyGraphFailure(network: NetworkName, error: unknown, operation: GraphOperation, now: () => number = Date.now): NetworkError {
  if (error instanceof NetworkError) return error;
  if (error instanceof GraphApiError) return classifyGraphApiError(network, error, operation, now);
  const label = LABELS[network];
  const uncertain: NetworkErrorKind = operation === 'commit' ? 'unknown_outcome' : 'retry_later';
  if (isTimeoutOrAbort(error)) {
    return new NetworkError(network, uncertain, `${label} did not answer in time`, { cause: error });
  }
  const codes = errorCodes(error);
  if (wasNotSent(codes)) {
    return new NetworkError(network, 'retry_later', `could not reach ${label} (${codes.join(', ')})`, { cause: error });
  }
  const detail = codes.length ? codes.join(', ') : error instanceof Error ? error.message : String(error);
  return new NetworkError(network, uncertain, `connection to ${label} lost (${detail})`, { cause: error });
}

/**
 * The classification table, first match wins:
 *
 * | Graph answer                                                        | kind                                       |
 * |---------------------------------------------------------------------|--------------------------------------------|
 * | subcode 2207051 (Instagram "we restrict certain activity")          | commit: unknown_outcome, else disconnected |
 * | code 9 / subcode 2207042 (publishing quota)                         | retry_later                                |
 * | code 4, 17, 32, 613, 80001–80014, HTTP 429 (throttling)             | retry_later, wait from the usage headers   |
 * | code 190/102/104 with subcode 458, 459, 460, 464, 492               | disconnected (a person must log in again)  |
 * | code 190/102/104 otherwise (463 expired, 467 invalid, none)         | refresh_credentials                        |
 * | code 3, 10, 200–299 (permission)                                    | disconnected                               |
 * | code 368 (blocked for policy), subcode 2207050 (account restricted) | disconnected                               |
 * | code 100 subcode 33, code 803 (object does not exist)               | disconnected                               |
 * | code 9007, 24, subcodes 2207020/2207027/2207008/4279009/2207003/…   | retry_later (a fresh container)            |
 * | code 1, 2, -1, -2, is_transient, HTTP ≥ 500, unreadable answer      | commit: unknown_outcome, else retry_later  |
 * | any other error (100, 506 duplicate, 1609005 link, 9004/2207052…)   | bad_content                                |
 */
export function classifyGraphApiError(network: NetworkName, error: GraphApiError, operation: GraphOperation, now: () => number = Date.now): NetworkError {
  const label = LABELS[network];
  const { code, subcode, httpStatus } = error;
  const codeText = code === undefined ? `HTTP ${httpStatus}` : `#${code}${subcode === undefined ? '' : `/${subcode}`}`;
  const message = `${label}: ${error.message} (${codeText})`;
  const details = { httpStatus, cause: error };
  const make = (kind: NetworkErrorKind, extra: { retryAfterMs?: number } = {}) => new NetworkError(network, kind, message, { ...details, ...extra });
  const uncertain: NetworkErrorKind = operation === 'commit' ? 'unknown_outcome' : 'retry_later';
  const wait = () => ({ retryAfterMs: retryAfterFromHeaders(error.headers, now) });

  if (code === undefined || error.unreadable) {
    if (httpStatus === 429) return make('retry_later', wait());
    if (httpStatus >= 500 || httpStatus === 408 || error.unreadable) return make(uncertain, wait());
    if (httpStatus === 401) return make('refresh_credentials');
    if (httpStatus === 403 || httpStatus === 404 || httpStatus === 410) return make('disconnected');
    return make('bad_content');
  }
  if (subcode === 2207051) return make(operation === 'commit' ? 'unknown_outcome' : 'disconnected');
  if (code === 9 || subcode === 2207042) return make('retry_later', wait());
  if (RATE_LIMIT_CODES.has(code) || (code >= 80001 && code <= 80014) || httpStatus === 429) return make('retry_later', wait());
  if (TOKEN_CODES.has(code)) return make(subcode !== undefined && RECONNECT_SUBCODES.has(subcode) ? 'disconnected' : 'refresh_credentials');
  if (code === 3 || code === 10 || (code >= 200 && code <= 299)) return make('disconnected');
  if (code === 368 || subcode === 2207050) return make('disconnected');
  if ((code === 100 && subcode === 33) || code === 803) return make('disconnected');
  if (FRESH_CONTAINER_CODES.has(code) || (subcode !== undefined && FRESH_CONTAINER_SUBCODES.has(subcode))) return make('retry_later');
  if (TRANSIENT_CODES.has(code) || error.isTransient === true || httpStatus >= 500) return make(uncertain, wait());
  return make('bad_content');
}
