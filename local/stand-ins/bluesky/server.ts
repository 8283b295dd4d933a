/**
 * A local Bluesky PDS: a node:http server speaking the XRPC subset Pillars uses, so the real adapter
 * and @atproto/api run end to end against it, plus fault injection:
 *
 *   com.atproto.server.createSession / refreshSession (rotating: a refresh JWT works once) / getSession
 *   com.atproto.repo.createRecord (app.bsky.feed.post, client-chosen rkey, taken rkey → 500 as the PDS)
 *   com.atproto.repo.getRecord / listRecords / deleteRecord / uploadBlob / describeRepo
 *   com.atproto.identity.resolveHandle
 *   app.bsky.feed.getPosts / app.bsky.actor.getProfile (AppView reads the PDS proxies: like, repost, reply,
 *     quote and bookmark counts growing with the post's age, followers growing by day; ../engagement.ts)
 *
 * Posts are validated (300 graphemes, 3000 bytes, facet byte ranges, embeds, reply refs: see
 * records.ts). Every answer carries `ratelimit-limit`, `-remaining`, `-reset` (epoch seconds) and
 * `-policy`: 3000 requests per 5 minutes per IP, and for writes 5000 points per hour per account
 * (create 3, delete 1), as https://docs.bsky.app/docs/advanced-guides/rate-limits describes.
 *
 * Control API (never faulted, never rate limited):
 *   POST/GET/DELETE /_sandbox/faults   (see ../faults.ts)
 *   GET    /_sandbox/posts             → BlueskyStandInPost[]
 *   POST   /_sandbox/accounts          { handle, password, did? } → 201 { did, accessJwt, refreshJwt }
 */
import type { SandboxFault } from '../faults.js';
import { bearerToken, startStandInHost, type HostReply } from '../stand-in-host.js';
import { handleXrpc, WRITE_COSTS, xrpcError, type Reply } from './routes.js';
import { BlueskyState, type BskyAccount } from './state.js';

export { cidFor, tid } from './state.js';

/** A stored `app.bsky.feed.post` record. */
export interface BlueskyStandInPost {
  readonly uri: string;
  readonly cid: string;
  readonly did: string;
  readonly handle: string;
  readonly rkey: string;
  readonly text: string;
  readonly record: Readonly<Record<string, unknown>>;
  readonly indexedAt: string;
}

export interface BlueskyStandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Clock for token expiry, record times, TIDs and rate-limit windows. Default Date.now. */
  readonly now?: () => number;
  /** Access JWTs last 2 hours, refresh JWTs 90 days. */
  readonly accessTokenTtlSeconds?: number;
  readonly refreshTokenTtlSeconds?: number;
  readonly rateLimits?: { readonly requestsPer5Minutes?: number; readonly writePointsPerHour?: number; readonly sessionsPer5Minutes?: number };
}

export interface BlueskyStandIn {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Creates the account (handle + app password) on first use and opens a session for it. */
  addAccount(input: { handle: string; password: string; did?: string }): { did: string; handle: string; accessJwt: string; refreshJwt: string };
  /** Every post record currently in the repos, oldest first. */
  posts(): BlueskyStandInPost[];
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
}

const NAMES: Record<number, string> = {
  400: 'InvalidRequest', 401: 'AuthenticationRequired', 403: 'Forbidden', 404: 'NotFound', 413: 'PayloadTooLarge', 429: 'RateLimitExceeded',
  500: 'InternalServerError', 501: 'MethodNotImplemented', 502: 'UpstreamFailure', 503: 'NotEnoughResources', 504: 'UpstreamTimeout',
};
const AUTH_ERRORS: Record<string, Reply> = {
  AuthenticationRequired: xrpcError(401, 'AuthenticationRequired', 'Authentication Required'),
  InvalidToken: xrpcError(400, 'InvalidToken', 'Token could not be verified'),
  ExpiredToken: xrpcError(400, 'ExpiredToken', 'Token has expired'),
  Revoked: xrpcError(400, 'ExpiredToken', 'Token has been revoked'),
};

export async function startBlueskyStandIn(options: BlueskyStandInOptions = {}): Promise<BlueskyStandIn> {
  const state = new BlueskyState(options.now ?? Date.now, {
    accessMs: (options.accessTokenTtlSeconds ?? 2 * 60 * 60) * 1000,
    refreshMs: (options.refreshTokenTtlSeconds ?? 90 * 24 * 60 * 60) * 1000,
  });
  const limits = {
    requests: options.rateLimits?.requestsPer5Minutes ?? 3000,
    points: options.rateLimits?.writePointsPerHour ?? 5000,
    sessions: options.rateLimits?.sessionsPer5Minutes ?? 30,
  };
  const headers = (rate: { limit: number; remaining: number; resetAt: number }, windowSeconds: number): Record<string, string> => ({
    'ratelimit-limit': String(rate.limit),
    'ratelimit-remaining': String(rate.remaining),
    'ratelimit-reset': String(Math.floor(rate.resetAt / 1000)),
    'ratelimit-policy': `${rate.limit};w=${windowSeconds}`,
  });
  const limited = (rate: { limit: number; remaining: number; resetAt: number }, windowSeconds: number): HostReply => ({
    ...xrpcError(429, 'RateLimitExceeded', 'Rate Limit Exceeded'),
    headers: { ...headers(rate, windowSeconds), 'retry-after': String(Math.max(1, Math.ceil((rate.resetAt - state.now()) / 1000))) },
  });

  const addAccount = (input: { handle: string; password: string; did?: string }) => {
    const account = state.addAccount(input.handle, input.password, input.did);
    return { did: account.did, handle: account.handle, ...state.createSession(account) };
  };
  const posts = (): BlueskyStandInPost[] =>
    [...state.records.values()]
      .filter((r) => r.collection === 'app.bsky.feed.post')
      .map((r) => ({
        uri: r.uri, cid: r.cid, did: r.did, handle: state.accounts.get(r.did)?.handle ?? '', rkey: r.rkey,
        text: String(r.value.text ?? ''), record: r.value, indexedAt: r.indexedAt,
      }));

  const host = await startStandInHost({
    port: options.port,
    host: options.host,
    errorReply: (status, message) => xrpcError(status, NAMES[status] ?? 'InternalServerError', message),
    faultReply(fault) {
      if (fault.kind === 'rate_limit') {
        return limited({ limit: limits.points, remaining: 0, resetAt: state.now() + fault.retryAfterSeconds * 1000 }, 3600);
      }
      const name = NAMES[fault.status] ?? 'InternalServerError';
      if (fault.contentType === 'html') {
        return { status: fault.status, contentType: 'text/html; charset=utf-8', body: `<html><body><h1>${fault.status} ${fault.error ?? name}</h1></body></html>` };
      }
      const isName = fault.error !== undefined && /^[A-Z][A-Za-z]+$/.test(fault.error);
      return xrpcError(fault.status, isName ? String(fault.error) : name, isName ? name : (fault.error ?? name));
    },
    async api(req) {
      const nsid = /^\/xrpc\/([a-zA-Z0-9.-]+)$/.exec(req.url.pathname)?.[1];
      if (!nsid) return xrpcError(404, 'NotFound', `${req.method} ${req.url.pathname} is not an XRPC method`);
      const token = bearerToken(req.headers);
      const global = state.spend(`ip:${req.remoteAddress}`, 1, limits.requests, 5 * 60_000);
      if (global.exceeded) return limited(global, 300);
      let rate = headers(global, 300);
      const verified = state.verify(token, 'access');
      const auth: BskyAccount | Reply = typeof verified === 'string' ? (AUTH_ERRORS[verified] ?? xrpcError(400, 'InvalidToken', verified)) : verified;
      const cost = WRITE_COSTS[nsid];
      if (cost !== undefined && 'did' in auth) {
        const points = state.spend(`did:${auth.did}`, cost, limits.points, 60 * 60_000);
        if (points.exceeded) return limited(points, 3600);
        rate = headers(points, 3600);
      }
      if (nsid === 'com.atproto.server.createSession') {
        const sessions = state.spend(`session:${req.remoteAddress}`, 1, limits.sessions, 5 * 60_000);
        if (sessions.exceeded) return limited(sessions, 300);
      }
      const reply = handleXrpc(state, { method: req.method, nsid, query: req.url.searchParams, headers: req.headers, raw: req.raw, token }, auth);
      return { ...reply, headers: { ...rate, ...reply.headers } };
    },
    control(method, path, body) {
      if (path === '/_sandbox/posts' && method === 'GET') return { status: 200, body: posts() };
      if (path === '/_sandbox/accounts' && method === 'POST') {
        const input = body() as { handle?: unknown; password?: unknown; did?: unknown };
        if (typeof input.handle !== 'string' || typeof input.password !== 'string') {
          return { status: 400, body: { error: 'handle and password (strings) are required' } };
        }
        return { status: 201, body: addAccount({ handle: input.handle, password: input.password, did: typeof input.did === 'string' ? input.did : undefined }) };
      }
      return undefined;
    },
  });

  return {
    url: host.url,
    port: host.port,
    close: host.close,
    addAccount,
    posts,
    injectFault: host.injectFault,
    clearFaults: () => host.faults.clear(),
  };
}
