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
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { FaultQueue, sandboxFaultSchema, type SandboxFault } from '../faults.js';
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
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const REASONS: Record<number, [string, string]> = {
  400: ['ILLEGAL_ARGUMENT', 'Bad Request'], 401: ['INVALID_ACCESS_TOKEN', 'Invalid access token'], 403: ['ACCESS_DENIED', 'Forbidden'],
  404: ['NOT_FOUND', 'Not Found'], 422: ['UNPROCESSABLE_ENTITY', 'Unprocessable Entity'], 429: ['TOO_MANY_REQUESTS', 'Too Many Requests'],
  500: ['INTERNAL_SERVER_ERROR', 'Internal Server Error'], 502: ['BAD_GATEWAY', 'Bad Gateway'], 503: ['SERVICE_UNAVAILABLE', 'Service Unavailable'],
  504: ['GATEWAY_TIMEOUT', 'Gateway Timeout'],
};

export async function startLinkedInStandIn(options: LinkedInStandInOptions = {}): Promise<LinkedInStandIn> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const state = new LinkedInState(now, options.imageProcessingMs ?? 0);
  const faults = new FaultQueue();
  const closing = new AbortController();
  const app = options.app ?? DEFAULT_STAND_IN_APP;
  let ctx: RouteContext | undefined;

  const addMember = (input: MemberInput) => {
    const member = state.addMember(input);
    return { id: member.id, urn: member.urn };
  };
  const posts = () => [...state.posts.values()].map((p) => ({ ...p, comments: [...p.comments] }));
  const injectFault = (fault: SandboxFault) => faults.add(sandboxFaultSchema.parse(fault));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!ctx) throw new Error('stand-in not started');
    const url = new URL(req.url ?? '/', ctx.origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    if (raw === undefined) {
      send(res, { ...liError(413, 'Request Entity Too Large', 'REQUEST_ENTITY_TOO_LARGE'), headers: { Connection: 'close' } });
      return;
    }
    if (url.pathname.startsWith('/_sandbox/')) {
      send(res, control(method, url.pathname, raw));
      return;
    }
    const oauth = url.pathname.startsWith('/oauth/');
    const fault = faults.take(method, url.pathname);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') {
      try {
        await delay(fault.delayMs, undefined, { signal: closing.signal });
      } catch {
        req.socket.destroy();
        return;
      }
    }
    if (fault?.kind === 'rate_limit') {
      const body = oauth ? { error: 'temporarily_unavailable', error_description: 'Too many requests' }
        : liError(429, 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.', 'TOO_MANY_REQUESTS', 101).body;
      send(res, { status: 429, body, headers: { 'Retry-After': String(fault.retryAfterSeconds) } });
      return;
    }
    if (fault?.kind === 'status') {
      const [code, reason] = REASONS[fault.status] ?? ['ERROR', 'Error'];
      const message = fault.error ?? reason;
      if (fault.contentType === 'html') {
        sendRaw(res, fault.status, 'text/html; charset=utf-8', `<html><body><h1>${fault.status} ${message}</h1></body></html>`);
      } else {
        send(res, oauth ? { status: fault.status, body: { error: code.toLowerCase(), error_description: message } } : liError(fault.status, message, code));
      }
      return;
    }

    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const request = { method, url, headers: req.headers, raw, token };
    let reply: Reply;
    try {
      const upload = /^\/dms-uploads\/([\w-]+)$/.exec(url.pathname);
      reply = url.pathname.startsWith('/rest/') ? handleRest(ctx, request)
        : url.pathname === '/oauth/v2/accessToken' ? handleToken(ctx, request)
          : upload?.[1] ? handleUpload(ctx, request, upload[1])
            : liError(404, 'Not Found', 'NOT_FOUND');
    } catch (error) {
      reply = liError(500, error instanceof Error ? error.message : 'Internal Server Error', 'INTERNAL_SERVER_ERROR');
    }
    if (fault?.kind === 'drop_after_commit') {
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  function control(method: string, path: string, raw: Buffer): Reply {
    const body = (): unknown => (raw.length ? JSON.parse(raw.toString('utf8')) : {});
    try {
      if (path === '/_sandbox/faults' && method === 'POST') {
        const parsed = sandboxFaultSchema.safeParse(body());
        if (!parsed.success) return { status: 400, body: { message: 'invalid fault', issues: parsed.error.issues } };
        faults.add(parsed.data);
        return { status: 201, body: { pending: faults.pending() } };
      }
      if (path === '/_sandbox/faults' && method === 'GET') return { status: 200, body: faults.pending() };
      if (path === '/_sandbox/faults' && method === 'DELETE') {
        faults.clear();
        return { status: 204 };
      }
      if (path === '/_sandbox/posts' && method === 'GET') return { status: 200, body: posts() };
      if (path === '/_sandbox/members' && method === 'POST') {
        const input = body() as Partial<MemberInput>;
        if (typeof input.accessToken !== 'string') return { status: 400, body: { message: 'accessToken (string) is required' } };
        return { status: 201, body: addMember(input as MemberInput) };
      }
      return { status: 404, body: { message: 'Not Found' } };
    } catch (error) {
      return { status: 400, body: { message: error instanceof Error ? error.message : String(error) } };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, liError(500, error instanceof Error ? error.message : 'Internal Server Error', 'INTERNAL_SERVER_ERROR'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${urlHost}:${port}`;
  ctx = {
    state,
    origin,
    app,
    versions: options.versions ?? defaultVersions(now()),
    dailyLimits: { application: options.dailyLimits?.application ?? 100_000, memberPosts: options.dailyLimits?.memberPosts ?? 150 },
    refreshReturnsRefreshToken: options.refreshReturnsRefreshToken ?? true,
  };

  return {
    url: origin,
    port,
    app,
    addMember,
    posts,
    injectFault,
    clearFaults: () => faults.clear(),
    close: () => {
      if (closing.signal.aborted) return Promise.resolve();
      closing.abort();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** LinkedIn supports each monthly version for (at least) a year. */
function defaultVersions(at: number): { oldest: string; newest: string } {
  const date = new Date(at);
  const month = (year: number, m: number) => `${year}${String(m + 1).padStart(2, '0')}`;
  return { oldest: month(date.getUTCFullYear() - 1, date.getUTCMonth()), newest: month(date.getUTCFullYear(), date.getUTCMonth()) };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  const headers = { 'X-RestLi-Protocol-Version': '2.0.0', ...reply.headers };
  if (reply.body === undefined) {
    if (res.destroyed) return;
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  sendRaw(res, reply.status, 'application/json', JSON.stringify(reply.body), headers);
}

function sendRaw(res: ServerResponse, status: number, contentType: string, payload: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}
