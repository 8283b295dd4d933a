/**
 * The Graph API HTTP client shared by the Facebook Pages, Instagram and Threads adapters. Meta has no
 * well-kept official Node client, so this is plain fetch with a timeout, form or JSON bodies and the
 * `access_token` parameter. Every failure leaves as a classified NetworkError (meta-graph-errors.ts), and
 * each answer's usage headers become its `rateLimit` (meta-graph-usage.ts). What a request does
 * (`GraphOperation`) decides how an uncertain failure is read: Meta has no idempotency key, so a lost
 * `commit` is `unknown_outcome` and the caller reconciles with `findRecent`, never replays blindly.
 */
import type { NetworkName, RateLimitState } from '../contract.js';
import { GraphApiError, classifyGraphFailure, parseGraphError } from './graph-errors.js';
import { parseGraphUsage, parseJson, usageToRateLimit } from './graph-usage.js';

export const DEFAULT_GRAPH_TIMEOUT_MS = 10_000;

export type GraphParamValue = string | number | boolean | readonly unknown[] | Readonly<Record<string, unknown>> | undefined;
export type GraphParams = Readonly<Record<string, GraphParamValue>>;

import type { GraphOperation } from './graph-errors.js';

export type { GraphOperation };

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
