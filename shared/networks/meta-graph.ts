/**
 * The Graph API HTTP client shared by the Facebook Pages, Instagram and Threads adapters. Meta has no
 * well-kept official Node client, so this is plain fetch with a timeout, form or JSON bodies and the
 * `access_token` parameter, plus the two things every Meta adapter needs to get right:
 *
 * - classification: Graph errors (`{"error":{"message","type","code","error_subcode","fbtrace_id"}}`,
 *   https://developers.facebook.com/docs/graph-api/guides/error-handling and the Instagram error-code table)
 *   become NetworkError kinds — see `classifyGraphApiError` for the table;
 * - outcome certainty: Meta has no idempotency key, so a request that makes a post visible (`commit`) and
 *   loses its answer, times out, or gets an answer that does not prove a rejection (5xx, code 1/2, an
 *   unreadable body) is `unknown_outcome`: the caller reconciles with `findRecent`, it never replays blindly.
 *   Requests that only prepare something invisible (an Instagram/Threads container, an unpublished photo)
 *   are `retry_later` in that case: a lost container simply expires unpublished.
 *
 * Usage headers (`X-App-Usage`, `X-Page-Usage`, `X-Business-Use-Case-Usage`, see
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting) are percentages of a budget, not
 * counts: `RateLimitState.remaining` is therefore the percentage left (0–100).
 */
import { NetworkError, type NetworkAccount, type NetworkErrorKind, type NetworkName, type RateLimitState } from './contract.js';
import { errorCodes, isTimeoutOrAbort, parseRetryAfter, wasNotSent } from './transport-errors.js';

export const DEFAULT_GRAPH_TIMEOUT_MS = 10_000;
/** Platform rate limits are computed over a rolling hour; used as `resetAt` when Meta gives no regain time. */
const USAGE_WINDOW_MS = 60 * 60 * 1000;

export type GraphParamValue = string | number | boolean | readonly unknown[] | Readonly<Record<string, unknown>> | undefined;
export type GraphParams = Readonly<Record<string, GraphParamValue>>;

/**
 * What a request does, which decides how an uncertain failure is read:
 * - `read`: changes nothing;
 * - `prepare`: creates something nobody sees (container, unpublished photo): losing its answer is harmless;
 * - `commit`: makes a post visible: losing its answer is `unknown_outcome`.
 */
export type GraphOperation = 'read' | 'prepare' | 'commit';

export interface GraphRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Path under the (versioned) base URL, e.g. `/1234/feed`. */
  readonly path: string;
  /** Query parameters for GET/DELETE, body parameters for POST. */
  readonly params?: GraphParams;
  /** POST body encoding; default form (`application/x-www-form-urlencoded`). */
  readonly encoding?: 'form' | 'json';
  /** Default `read` for GET, `commit` for other methods (the conservative reading). */
  readonly operation?: GraphOperation;
  /** Prefix the path with the API version; default true. Token refresh endpoints are unversioned. */
  readonly versioned?: boolean;
  /** Overrides the client's token; `null` sends none (e.g. the app-secret token exchange). */
  readonly accessToken?: string | null;
}

export interface GraphResponse<T> {
  readonly body: T;
  readonly status: number;
  readonly headers: Headers;
  readonly rateLimit?: RateLimitState;
}

export interface GraphClientOptions {
  readonly network: NetworkName;
  /** e.g. https://graph.facebook.com, https://graph.instagram.com, https://graph.threads.net, or a stand-in. */
  readonly baseUrl: string;
  /** e.g. `v23.0`; empty for none. */
  readonly version?: string;
  readonly accessToken?: string;
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

export interface GraphClient {
  /** Resolves with the parsed JSON object; rejects with a classified NetworkError whose `cause` may be a GraphApiError. */
  request<T = Record<string, unknown>>(request: GraphRequest): Promise<GraphResponse<T>>;
}

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

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  return {
    async request<T>(request: GraphRequest): Promise<GraphResponse<T>> {
      const method = request.method ?? 'GET';
      const operation = request.operation ?? (method === 'GET' ? 'read' : 'commit');
      const version = request.versioned === false || !options.version ? '' : `/${options.version}`;
      const url = new URL(`${base}${version}${request.path}`);
      const token = request.accessToken === undefined ? options.accessToken : request.accessToken;
      const params: Record<string, GraphParamValue> = { ...request.params };
      if (token) params.access_token = token;
      const headers: Record<string, string> = { Accept: 'application/json' };
      let body: string | undefined;
      if (method === 'POST') {
        if (request.encoding === 'json') {
          headers['Content-Type'] = 'application/json';
          body = JSON.stringify(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)));
        } else {
          headers['Content-Type'] = 'application/x-www-form-urlencoded';
          body = encodeParams(params).toString();
        }
      } else {
        for (const [key, value] of encodeParams(params)) url.searchParams.append(key, value);
      }

      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        text = await response.text();
      } catch (error) {
        throw classifyGraphFailure(options.network, error, operation, now);
      }
      const parsed = parseJson(text);
      const graphError = parseGraphError(response.status, parsed, response.headers);
      if (graphError) throw classifyGraphFailure(options.network, graphError, operation, now);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        const unreadable = new GraphApiError({ httpStatus: response.status, message: 'unreadable answer', unreadable: true, headers: response.headers });
        throw classifyGraphFailure(options.network, unreadable, operation, now);
      }
      const usage = parseGraphUsage(response.headers);
      return { body: parsed as T, status: response.status, headers: response.headers, rateLimit: usage && usageToRateLimit(usage, now) };
    },
  };
}

/** Graph form encoding: arrays as `key[0]`, `key[1]`…, objects (and array items that are objects) as JSON. */
export function encodeParams(params: Readonly<Record<string, GraphParamValue>>): URLSearchParams {
  const search = new URLSearchParams();
  const scalar = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((item: unknown, index) => search.append(`${key}[${index}]`, scalar(item)));
    else search.append(key, scalar(value));
  }
  return search;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
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

// --- classification -------------------------------------------------------------------------------

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

// --- usage headers --------------------------------------------------------------------------------

export interface GraphUsage {
  /** Highest of call_count, total_cputime and total_time across the usage headers, in percent. */
  readonly percentUsed: number;
  /** `estimated_time_to_regain_access`, minutes; 0 when not throttled. */
  readonly regainAccessMinutes: number;
}

/** Reads `X-App-Usage`, `X-Page-Usage` and `X-Business-Use-Case-Usage`; undefined when none is present or readable. */
export function parseGraphUsage(headers: Headers | undefined): GraphUsage | undefined {
  if (!headers) return undefined;
  const entries: Record<string, unknown>[] = [];
  for (const name of ['x-app-usage', 'x-page-usage']) {
    const value = parseJson(headers.get(name) ?? '');
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) entries.push(value as Record<string, unknown>);
  }
  const buc = parseJson(headers.get('x-business-use-case-usage') ?? '');
  if (typeof buc === 'object' && buc !== null) {
    for (const list of Object.values(buc as Record<string, unknown>)) {
      if (Array.isArray(list)) entries.push(...list.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null));
    }
  }
  if (entries.length === 0) return undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  let percentUsed = 0;
  let regainAccessMinutes = 0;
  for (const entry of entries) {
    percentUsed = Math.max(percentUsed, num(entry.call_count), num(entry.total_cputime), num(entry.total_time));
    regainAccessMinutes = Math.max(regainAccessMinutes, num(entry.estimated_time_to_regain_access));
  }
  return { percentUsed: Math.min(100, percentUsed), regainAccessMinutes };
}

/** `remaining` is the percentage of the call budget left; `resetAt` when access returns, else the end of the rolling hour. */
export function usageToRateLimit(usage: GraphUsage, now: () => number = Date.now): RateLimitState {
  const wait = usage.regainAccessMinutes > 0 ? usage.regainAccessMinutes * 60_000 : USAGE_WINDOW_MS;
  return { remaining: Math.max(0, Math.round(100 - usage.percentUsed)), resetAt: new Date(now() + wait).toISOString() };
}

/** Milliseconds to wait: `estimated_time_to_regain_access` (minutes) from the usage headers, else `Retry-After`. */
export function retryAfterFromHeaders(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  const usage = parseGraphUsage(headers);
  if (usage && usage.regainAccessMinutes > 0) return usage.regainAccessMinutes * 60_000;
  return parseRetryAfter(headers?.get('retry-after'), now);
}

// --- helpers shared by the Meta adapters -------------------------------------------------------------

/** Graph timestamps (`2025-03-01T12:00:00+0000`, or unix seconds) as ISO 8601; undefined when unreadable. */
export function graphTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value !== 'string') return undefined;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = Date.parse(normalized);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * When the next publishing slot frees in a moving window: the `usage - total + 1`-th oldest post of the
 * window, plus the window. `timestamps` (ms) may include posts that do not count against the quota (posted
 * from the app): the answer is then a lower bound, and a retry at that time meets the quota again at worst.
 */
export function quotaResetAt(timestamps: readonly number[], usage: number, total: number, windowMs: number): number | undefined {
  const sorted = [...timestamps].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, usage - total));
  const oldest = sorted[index];
  return oldest === undefined ? undefined : oldest + windowMs;
}

/** Graph object ids: digits, or `pageid_postid`. Anything else never reaches a request path. */
export const GRAPH_ID = /^\d{1,40}(_\d{1,40})?$/;

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ContainerPolling {
  /** Wait between two status reads; Meta suggests about a minute for video, seconds are enough for images. */
  readonly pollIntervalMs: number;
  /** Status reads before giving up with `retry_later` (the container is never published then). */
  readonly maxPolls: number;
  readonly sleep: Sleep;
}

export type ContainerState = { readonly state: 'ready' } | { readonly state: 'wait' } | { readonly state: 'failed'; readonly error: NetworkError };

/**
 * Reads a container's status until `interpret` says it is ready or failed: the first read is immediate,
 * then one read per interval, at most `maxPolls` reads. Running out is `retry_later`: nothing was published.
 */
export async function waitForContainer(
  graph: GraphClient,
  network: NetworkName,
  containerId: string,
  fields: string,
  interpret: (body: Record<string, unknown>) => ContainerState,
  polling: ContainerPolling,
): Promise<void> {
  for (let poll = 1; poll <= polling.maxPolls; poll += 1) {
    const { body } = await graph.request({ path: `/${containerId}`, params: { fields } });
    const result = interpret(body);
    if (result.state === 'ready') return;
    if (result.state === 'failed') throw result.error;
    if (poll < polling.maxPolls) await polling.sleep(polling.pollIntervalMs);
  }
  throw new NetworkError(network, 'retry_later', `${LABELS[network]} container ${containerId} still processing after ${polling.maxPolls} status reads`);
}

export interface ListedItem {
  readonly id: string;
  readonly createdAt: string;
  readonly raw: Record<string, unknown>;
}

/**
 * Reads an edge newest first (`/{id}/posts`, `/{id}/media`, `/{id}/threads`) with `since` (unix seconds), following
 * `paging.cursors.after` while items are at or after `since`, at most `maxPages` pages. Graph timestamps have
 * second precision, so `since` is compared at second precision too: a post made 300 ms after `since` is kept.
 */
export async function listSince(
  graph: GraphClient,
  path: string,
  params: GraphParams,
  timeField: string,
  since: Date,
  maxPages = 10,
): Promise<ListedItem[]> {
  const sinceSeconds = Math.floor(since.getTime() / 1000);
  const items: ListedItem[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const { body } = await graph.request<{ data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } }>({
      path, params: { ...params, since: sinceSeconds, ...(after ? { after } : {}) },
    });
    const data = Array.isArray(body.data) ? body.data.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null) : [];
    let older = false;
    for (const raw of data) {
      const createdAt = graphTime(raw[timeField]);
      if (typeof raw.id !== 'string' || !createdAt) continue;
      if (Date.parse(createdAt) < sinceSeconds * 1000) {
        older = true;
        continue;
      }
      items.push({ id: raw.id, createdAt, raw });
    }
    const cursor = body.paging?.cursors?.after;
    if (older || data.length === 0 || typeof body.paging?.next !== 'string' || typeof cursor !== 'string') break;
    after = cursor;
  }
  return items.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

// --- adapter plumbing ---------------------------------------------------------------------------------

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

export interface ContainerAdapterOptions extends MetaAdapterOptions {
  /** Wait between container status reads; default 5 s. */
  readonly pollIntervalMs?: number;
  /** Status reads per container before `retry_later`; default 60 (5 minutes at the default interval). */
  readonly maxPolls?: number;
  /** Injectable for tests; default setTimeout. */
  readonly sleep?: Sleep;
}

export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const DEFAULT_MAX_POLLS = 60;

/** The account's id on the network, which every Meta path needs. */
export function requireExternalId(network: NetworkName, account: NetworkAccount): string {
  const id = account.externalId;
  if (!id || !GRAPH_ID.test(id)) {
    throw new NetworkError(network, 'disconnected', `${LABELS[network]} account ${account.accountId} has no valid externalId (the ${network} id)`);
  }
  return id;
}

/** The `id` of a write's answer; a success without one tells nothing, so a commit becomes `unknown_outcome`. */
export function requireId(network: NetworkName, body: { id?: unknown }, operation: GraphOperation): string {
  if (typeof body.id === 'string' && GRAPH_ID.test(body.id)) return body.id;
  if (typeof body.id === 'number') return String(body.id);
  throw new NetworkError(network, operation === 'commit' ? 'unknown_outcome' : 'retry_later', `${LABELS[network]} answered without an id`);
}

/** Runs `task`, turning any failure into undefined: for reads and follow-ups after the post already exists. */
export async function bestEffort<T>(task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch {
    return undefined;
  }
}

export function networkLabel(network: NetworkName): string {
  return LABELS[network];
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
    throw new NetworkError(network, 'retry_later', `${LABELS[network]} refresh answered without an access_token`);
  }
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : Number(answer.expires_in);
  const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now() + expiresIn * 1000).toISOString() : credentials.expiresAt;
  return { ...credentials, accessToken: answer.access_token, ...(expiresAt === undefined ? {} : { expiresAt }) };
}

/**
 * The `retry_later` error for a publishing quota answer (Instagram 50, Threads 250 posts per moving 24 h),
 * with `retryAfterMs` until the next slot frees: the quota from `limitPath` (`quota_usage`,
 * `config.quota_total`, `config.quota_duration`) and the window's posts from `listPath`. Both reads are
 * best effort; without them the wait falls back to the usage headers, if any.
 */
export async function publishingQuotaError(
  graph: GraphClient,
  network: NetworkName,
  error: NetworkError,
  input: { limitPath: string; listPath: string; timeField: string; defaultTotal: number; now: () => number },
): Promise<NetworkError> {
  const limit = await bestEffort(() => graph.request<{ data?: unknown }>({ path: input.limitPath, params: { fields: 'quota_usage,config' } }));
  const entry = Array.isArray(limit?.body.data) ? (limit.body.data[0] as Record<string, unknown> | undefined) : undefined;
  const config = (typeof entry?.config === 'object' && entry.config !== null ? entry.config : {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const total = num(config.quota_total, input.defaultTotal);
  const windowSeconds = num(config.quota_duration, 86_400);
  const usage = num(entry?.quota_usage, total);
  const recent = await bestEffort(() => listSince(graph, input.listPath, { fields: `id,${input.timeField}`, limit: 100 }, input.timeField,
    new Date(input.now() - windowSeconds * 1000)));
  const resetAt = recent && quotaResetAt(recent.map((r) => Date.parse(r.createdAt)), usage, total, windowSeconds * 1000);
  const retryAfterMs = resetAt === undefined ? error.retryAfterMs : Math.max(0, resetAt - input.now());
  const next = resetAt === undefined ? 'unknown' : new Date(resetAt).toISOString();
  return new NetworkError(network, 'retry_later',
    `${LABELS[network]} publishing quota reached (${usage} of ${total} posts per ${windowSeconds / 3600} h); next slot at ${next}`,
    { retryAfterMs, httpStatus: error.httpStatus, cause: error.cause ?? error });
}
