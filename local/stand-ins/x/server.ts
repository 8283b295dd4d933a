/**
 * A local X: a node:http server speaking a documented subset of the X API v2 so the real adapter
 * and twitter-api-v2 run end to end against it, plus fault injection:
 *
 *   POST   /2/tweets                       text, media.media_ids, reply.in_reply_to_tweet_id → 201
 *                                          (280 weighted limit → 400, duplicate text → 403, dead parent → 403)
 *   GET    /2/tweets/:id, DELETE /2/tweets/:id
 *   GET    /2/users/me, GET /2/users/:id/tweets (start_time, end_time, since_id, until_id, max_results, pagination_token)
 *   POST   /2/media/upload/initialize, /2/media/upload/:id/append, /2/media/upload/:id/finalize, /2/media/upload, /2/media/metadata
 *   POST   /2/oauth2/token                 grant_type=refresh_token, rotating refresh tokens
 *
 * Every API answer carries `x-rate-limit-limit`, `-remaining` and `-reset` (epoch seconds) per user
 * and endpoint over 15-minute windows; past the limit, 429.
 *
 * Control API (never faulted, never rate limited):
 *   POST/GET/DELETE /_sandbox/faults   (see ../faults.ts)
 *   GET    /_sandbox/posts             → XStandInPost[]
 *   POST   /_sandbox/accounts          { username, token?, refreshToken? } → 201 { id, accessToken, refreshToken }
 */
import { bearerToken, startStandInHost, type HostReply } from '../stand-in-host.js';
import { endpointKey, handleXApi, problem } from './routes.js';
import { XState, type RefreshRotation, type XClient, type XStandInPost } from './state.js';
import type { SandboxFault } from '../faults.js';

export type { XStandInPost, XClient, RefreshRotation } from './state.js';
export { weightedLength } from './state.js';

/** The OAuth 2.0 app the stand-in knows unless told otherwise (a confidential client). */
export const DEFAULT_X_CLIENT: XClient = { clientId: 'pillars-x-client', clientSecret: 'pillars-x-secret' };

/** X's documented per-user limits per 15 minutes; endpoints not listed allow 900. */
const DEFAULT_LIMITS: Record<string, number> = {
  'POST /2/tweets': 100,
  'DELETE /2/tweets/:id': 50,
  'GET /2/users/me': 75,
  'GET /2/users/:id/tweets': 900,
  'GET /2/tweets/:id': 900,
};
const WINDOW_MS = 15 * 60 * 1000;
const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found Error', 410: 'Gone', 413: 'Payload Too Large',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export interface XStandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Clock for ids, created_at, token expiry, duplicate window and rate-limit windows. Default Date.now. */
  readonly now?: () => number;
  /** X user access tokens last 2 hours. */
  readonly accessTokenTtlSeconds?: number;
  /** OAuth 2.0 apps allowed to refresh tokens; default [DEFAULT_X_CLIENT]. */
  readonly clients?: readonly XClient[];
  /** `rotate` (default, X's behaviour), or a server that returns no (`keep`) or an empty (`empty`) refresh token. */
  readonly refreshRotation?: RefreshRotation;
  /** Per-endpoint limits per 15 minutes, keyed like `POST /2/tweets`. */
  readonly rateLimits?: Readonly<Record<string, number>>;
}

export interface XStandIn {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Creates the user on first use and registers an access/refresh token pair for it (generated when omitted). */
  addAccount(input: { username: string; token?: string; refreshToken?: string }): { id: string; accessToken: string; refreshToken: string };
  addClient(client: XClient): void;
  /** Every post ever created, oldest first; deleted ones carry `deletedAt`. */
  posts(): XStandInPost[];
  /** Every media upload, with its alt text once set. */
  media(): Array<{ id: string; mediaType: string; kind: string; size: number; finalized: boolean; altText: string | null }>;
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
}

export async function startXStandIn(options: XStandInOptions = {}): Promise<XStandIn> {
  const state = new XState(options.now ?? Date.now, (options.accessTokenTtlSeconds ?? 7200) * 1000, options.refreshRotation);
  for (const client of options.clients ?? [DEFAULT_X_CLIENT]) state.addClient(client);
  const limits = { ...DEFAULT_LIMITS, ...options.rateLimits };

  const addAccount = (input: { username: string; token?: string; refreshToken?: string }) => {
    const added = state.addUser(input.username, { accessToken: input.token, refreshToken: input.refreshToken });
    return { id: added.user.id, accessToken: added.accessToken, refreshToken: added.refreshToken };
  };
  const posts = () => [...state.posts.values()].map((p) => ({ ...p }));
  const rateHeaders = (limit: number, remaining: number, resetAt: number): Record<string, string> => ({
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(Math.floor(resetAt / 1000)),
  });

  const host = await startStandInHost({
    port: options.port,
    host: options.host,
    errorReply: (status, message) => problem(status, REASONS[status] ?? 'Error', message),
    faultReply(fault) {
      if (fault.kind === 'rate_limit') {
        const key = 'POST /2/tweets';
        return { ...problem(429, 'Too Many Requests', 'Too Many Requests'), headers: rateHeaders(limits[key] ?? 900, 0, state.now() + fault.retryAfterSeconds * 1000) };
      }
      const reason = REASONS[fault.status] ?? 'Error';
      if (fault.contentType === 'html') {
        return { status: fault.status, contentType: 'text/html; charset=utf-8', body: `<html><body><h1>${fault.status} ${fault.error ?? reason}</h1></body></html>` };
      }
      return problem(fault.status, reason, fault.error ?? reason);
    },
    async api(req) {
      const path = req.url.pathname.replace(/\/+$/, '');
      const token = bearerToken(req.headers);
      if (path === '/2/oauth2/token') {
        return handleXApi(state, { method: req.method, path, query: req.url.searchParams, headers: req.headers, raw: req.raw, token });
      }
      const key = endpointKey(req.method, path);
      const user = state.userForToken(token);
      const caller = user && user !== 'expired' ? `user:${user.id}` : `ip:${req.remoteAddress}`;
      const rate = state.hitRateLimit(`${caller} ${key}`, limits[key] ?? 900, WINDOW_MS);
      const headers = rateHeaders(rate.limit, rate.remaining, rate.resetAt);
      if (rate.exceeded) return { ...problem(429, 'Too Many Requests', 'Too Many Requests'), headers };
      const reply: HostReply = await handleXApi(state, { method: req.method, path, query: req.url.searchParams, headers: req.headers, raw: req.raw, token });
      return { ...reply, headers: { ...headers, ...reply.headers } };
    },
    control(method, path, body) {
      if (path === '/_sandbox/posts' && method === 'GET') return { status: 200, body: posts() };
      if (path === '/_sandbox/accounts' && method === 'POST') {
        const input = body() as { username?: unknown; token?: unknown; refreshToken?: unknown };
        if (typeof input.username !== 'string') return { status: 400, body: { error: 'username (string) is required' } };
        const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);
        return { status: 201, body: addAccount({ username: input.username, token: optional(input.token), refreshToken: optional(input.refreshToken) }) };
      }
      return undefined;
    },
  });

  return {
    url: host.url,
    port: host.port,
    close: host.close,
    addAccount,
    addClient: (client) => state.addClient(client),
    posts,
    media: () => [...state.media.values()].map((m) => ({
      id: m.id, mediaType: m.mediaType, kind: m.kind, size: m.totalBytes, finalized: m.finalized, altText: m.altText,
    })),
    injectFault: host.injectFault,
    clearFaults: () => host.faults.clear(),
  };
}
