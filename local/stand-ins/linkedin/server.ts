/**
 * A local LinkedIn built from the documentation, so the real adapter runs end to end against it:
 * versioned REST calls (LinkedIn-Version + X-Restli-Protocol-Version: 2.0.0, else 400/426), bearer
 * tokens (401 with serviceErrorCode), Posts API, Images API upload flow, comments, the OAuth
 * refresh_token grant, daily throttles (429, midnight UTC reset) and the shared fault injection.
 * One origin serves what LinkedIn splits over api.linkedin.com (/rest), www.linkedin.com (/oauth/v2)
 * and the upload host (/dms-uploads).
 *
 * Control API (never faulted, never throttled):
 *   POST   /_sandbox/faults   JSON body = SandboxFault → 201 { pending }
 *   GET    /_sandbox/faults   → 200 pending faults
 *   DELETE /_sandbox/faults   → 204
 *   GET    /_sandbox/posts    → 200 StandInPost[] (with their comments)
 *   POST   /_sandbox/members  { accessToken, refreshToken?, id?, organizations? } → 201 { id, urn }
 */
import type { SandboxFault } from '../faults.js';
import { bearerToken, startStandInHost, type HostReply } from '../stand-in-host.js';
import { handleRest, handleToken, handleUpload, liError, type Reply, type RouteContext } from './routes.js';
import { LinkedInState, type MemberInput, type StandInPost } from './state.js';

export type { StandInPost, StandInComment, MemberInput } from './state.js';
export { parseLittleText } from './little-text.js';

export interface LinkedInStandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Clock for ids, token expiry, image processing and daily limits. Default Date.now. */
  readonly now?: () => number;
  /** The app whose client credentials the token endpoint accepts. */
  readonly app?: { readonly clientId: string; readonly clientSecret: string };
  /** Active LinkedIn-Version range (YYYYMM); default the twelve months up to the clock's month. */
  readonly versions?: { readonly oldest: string; readonly newest: string };
  /** How long an uploaded image stays PROCESSING before it is AVAILABLE. Default 0. */
  readonly imageProcessingMs?: number;
  /** Calls per app per day, and posts per member per day (LinkedIn does not publish its figures). */
  readonly dailyLimits?: { readonly application?: number; readonly memberPosts?: number };
  /** Whether the refresh_token grant echoes the (unchanged) refresh token. Default true. */
  readonly refreshReturnsRefreshToken?: boolean;
}

export interface LinkedInStandIn {
  readonly url: string;
  readonly port: number;
  readonly app: { readonly clientId: string; readonly clientSecret: string };
  close(): Promise<void>;
  /** Registers a member and their tokens; returns the member's person URN. */
  addMember(input: MemberInput): { id: string; urn: string };
  /** Every post ever created, oldest first, with its comments; deleted ones carry `deletedAt`. */
  posts(): StandInPost[];
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
}

export const DEFAULT_STAND_IN_APP = { clientId: 'pillars-local', clientSecret: 'pillars-local-secret' } as const;
const REASONS: Record<number, [string, string]> = {
  400: ['ILLEGAL_ARGUMENT', 'Bad Request'], 401: ['INVALID_ACCESS_TOKEN', 'Invalid access token'], 403: ['ACCESS_DENIED', 'Forbidden'],
  404: ['NOT_FOUND', 'Not Found'], 422: ['UNPROCESSABLE_ENTITY', 'Unprocessable Entity'], 429: ['TOO_MANY_REQUESTS', 'Too Many Requests'],
  500: ['INTERNAL_SERVER_ERROR', 'Internal Server Error'], 502: ['BAD_GATEWAY', 'Bad Gateway'], 503: ['SERVICE_UNAVAILABLE', 'Service Unavailable'],
  504: ['GATEWAY_TIMEOUT', 'Gateway Timeout'],
};

export async function startLinkedInStandIn(options: LinkedInStandInOptions = {}): Promise<LinkedInStandIn> {
  const now = options.now ?? Date.now;
  const state = new LinkedInState(now, options.imageProcessingMs ?? 0);
  const app = options.app ?? DEFAULT_STAND_IN_APP;
  let ctx: RouteContext | undefined;

  const addMember = (input: MemberInput) => {
    const member = state.addMember(input);
    return { id: member.id, urn: member.urn };
  };
  const posts = () => [...state.posts.values()].map((p) => ({ ...p, comments: [...p.comments] }));
  const internalError = (message: string): Reply => liError(500, message, 'INTERNAL_SERVER_ERROR');

  const host = await startStandInHost({
    port: options.port,
    host: options.host,
    jsonContentType: 'application/json',
    replyHeaders: { 'X-RestLi-Protocol-Version': '2.0.0' },
    controlError: (message) => ({ message }),
    errorReply: (status, message) => (status === 413 ? liError(413, 'Request Entity Too Large', 'REQUEST_ENTITY_TOO_LARGE') : internalError(message)),
    faultReply(fault, req) {
      // The OAuth endpoints (www.linkedin.com) answer in OAuth's error shape, the rest in Rest.li's.
      const oauth = req.url.pathname.startsWith('/oauth/');
      if (fault.kind === 'rate_limit') {
        const body = oauth ? { error: 'temporarily_unavailable', error_description: 'Too many requests' }
          : liError(429, 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.', 'TOO_MANY_REQUESTS', 101).body;
        return { status: 429, body, headers: { 'Retry-After': String(fault.retryAfterSeconds) } };
      }
      const [code, reason] = REASONS[fault.status] ?? ['ERROR', 'Error'];
      const message = fault.error ?? reason;
      if (fault.contentType === 'html') {
        return { status: fault.status, contentType: 'text/html; charset=utf-8', body: `<html><body><h1>${fault.status} ${message}</h1></body></html>` };
      }
      return oauth ? { status: fault.status, body: { error: code.toLowerCase(), error_description: message } } : liError(fault.status, message, code);
    },
    async api(req): Promise<HostReply> {
      if (!ctx) throw new Error('stand-in not started');
      const { method, url } = req;
      const request = { method, url, headers: req.headers, raw: req.raw, token: bearerToken(req.headers) };
      // Every failure here is LinkedIn's 500, malformed JSON included (the host would make that a 400).
      try {
        const upload = /^\/dms-uploads\/([\w-]+)$/.exec(url.pathname);
        return url.pathname.startsWith('/rest/') ? handleRest(ctx, request)
          : url.pathname === '/oauth/v2/accessToken' ? handleToken(ctx, request)
            : upload?.[1] ? handleUpload(ctx, request, upload[1])
              : liError(404, 'Not Found', 'NOT_FOUND');
      } catch (error) {
        return internalError(error instanceof Error ? error.message : 'Internal Server Error');
      }
    },
    control(method, path, body) {
      if (path === '/_sandbox/posts' && method === 'GET') return { status: 200, body: posts() };
      if (path === '/_sandbox/members' && method === 'POST') {
        const input = body() as Partial<MemberInput>;
        if (typeof input.accessToken !== 'string') return { status: 400, body: { message: 'accessToken (string) is required' } };
        return { status: 201, body: addMember(input as MemberInput) };
      }
      return { status: 404, body: { message: 'Not Found' } };
    },
  });
  ctx = {
    state,
    origin: host.url,
    app,
    versions: options.versions ?? defaultVersions(now()),
    dailyLimits: { application: options.dailyLimits?.application ?? 100_000, memberPosts: options.dailyLimits?.memberPosts ?? 150 },
    refreshReturnsRefreshToken: options.refreshReturnsRefreshToken ?? true,
  };

  return {
    url: host.url,
    port: host.port,
    app,
    addMember,
    posts,
    injectFault: host.injectFault,
    clearFaults: () => host.faults.clear(),
    close: host.close,
  };
}

/** LinkedIn supports each monthly version for (at least) a year. */
function defaultVersions(at: number): { oldest: string; newest: string } {
  const date = new Date(at);
  const month = (year: number, m: number) => `${year}${String(m + 1).padStart(2, '0')}`;
  return { oldest: month(date.getUTCFullYear() - 1, date.getUTCMonth()), newest: month(date.getUTCFullYear(), date.getUTCMonth()) };
}
