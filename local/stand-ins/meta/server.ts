/**
 * A local Meta Graph API: ONE node:http server that serves the Facebook Pages, Instagram and Threads paths
 * the real adapters call (optionally under a `/vNN.N` version prefix), so they run end to end against it,
 * with the shared fault queue answering in Graph's error shape. It follows Meta's documented behaviour (see
 * the route files) rather than mocking our adapters: tokens (190/463 expired, 190/467 invalidated), the
 * container lifecycle (IN_PROGRESS for `processingPolls` status reads, FINISHED, PUBLISHED, EXPIRED after
 * 24 h), publish-once containers, media URL checks (9004/2207052), publishing quotas, comments, token
 * exchange and refresh, usage headers and throttling.
 *
 * Faults answer in Graph's shape. A `status` fault maps 401 → #190, 403 → #10, 404 → #803, 429 → #4,
 * 503 → #2, other 5xx → #1, other 4xx → #100. A `rate_limit` fault answers like Graph throttling, not
 * 429 + Retry-After: HTTP 400 with the token's throttling code (80001 Page, 80002 Instagram, 4 Threads,
 * 17 User) and the usage header at 100% with `estimated_time_to_regain_access` in minutes.
 *
 * Control API (never faulted, never throttled):
 *   POST   /_sandbox/faults            JSON body = SandboxFault → 201 { pending }   (fault `path` is matched
 *   GET    /_sandbox/faults            → 200 pending faults                          without the version prefix)
 *   DELETE /_sandbox/faults            → 204
 *   GET    /_sandbox/posts             → 200 posts and replies, oldest first
 *   POST   /_sandbox/pages             { name, pageToken, userToken?, id? } → 201 { id }
 *   POST   /_sandbox/instagram-users   { username, token, id? } → 201 { id }
 *   POST   /_sandbox/threads-users     { username, token, id? } → 201 { id }
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxFault } from '../faults.js';
import { startStandInHost, type HostReply } from '../stand-in-host.js';
import { graphError, type Params, type Reply } from './graph-shape.js';
import { handleApi } from './routes.js';
import { MetaState, type Container, type ContainerStatus, type MetaNetwork, type StandInPost, type TokenKind } from './state.js';

export type { StandInMedia, StandInPost } from './state.js';
export { countThreadsCharacters } from './state.js';

export interface MetaStandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Clock for timestamps, token expiry, container expiry, quotas and usage windows. Default Date.now. */
  readonly now?: () => number;
  /** Status reads a container answers IN_PROGRESS before FINISHED; default 1. */
  readonly processingPolls?: number;
  /** Posts per moving 24 h: Instagram 50, Threads 250 (and 1,000 replies) by default. */
  readonly instagramQuota?: number;
  readonly threadsQuota?: number;
  readonly threadsReplyQuota?: number;
  /** Calls per token per hour before throttling; default 4,800. */
  readonly callsPerHour?: number;
  /** Lifetime of exchanged/refreshed tokens (default 60 days); null: they never expire and answers omit `expires_in`. */
  readonly longLivedTokenSeconds?: number | null;
  /** The app allowed to exchange tokens; default { clientId: 'sandbox-app', clientSecret: 'sandbox-secret' }. */
  readonly app?: { readonly clientId: string; readonly clientSecret: string };
}

export interface AccountInput {
  readonly token: string;
  readonly id?: string;
  /** ISO 8601; default never. */
  readonly tokenExpiresAt?: string;
}

export interface MetaStandIn {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** A Page with its Page token and, optionally, the Facebook User token of a person who manages it. */
  addPage(input: AccountInput & { name: string; userToken?: string }): { id: string };
  addInstagramUser(input: AccountInput & { username: string }): { id: string };
  addThreadsUser(input: AccountInput & { username: string }): { id: string };
  /** Invalidates a token: its next use answers 190/467. */
  revokeToken(token: string): void;
  /** Published posts and replies of every network, oldest first. */
  posts(network?: MetaNetwork): StandInPost[];
  comments(network?: MetaNetwork): StandInPost[];
  containers(): Array<Container & { status: ContainerStatus }>;
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startMetaStandIn(options: MetaStandInOptions = {}): Promise<MetaStandIn> {
  let baseUrl = '';
  const state = new MetaState(() => baseUrl, options.now ?? Date.now, {
    processingPolls: options.processingPolls ?? 1,
    instagramQuota: options.instagramQuota ?? 50,
    threadsQuota: options.threadsQuota ?? 250,
    threadsReplyQuota: options.threadsReplyQuota ?? 1000,
    callsPerHour: options.callsPerHour ?? 4800,
    longLivedTokenSeconds: options.longLivedTokenSeconds === undefined ? 60 * 24 * 60 * 60 : options.longLivedTokenSeconds,
    app: options.app ?? { clientId: 'sandbox-app', clientSecret: 'sandbox-secret' },
  });
  function addAccount(network: MetaNetwork, kind: TokenKind, name: string, input: AccountInput): { id: string } {
    const expiresAt = input.tokenExpiresAt === undefined ? undefined : Date.parse(input.tokenExpiresAt);
    if (expiresAt !== undefined && Number.isNaN(expiresAt)) throw new Error('tokenExpiresAt must be ISO 8601');
    const account = state.addAccount(network, name, input.id);
    state.addToken(input.token, kind, [account.id], expiresAt);
    return { id: account.id };
  }
  const stand: Omit<MetaStandIn, 'url' | 'port' | 'close'> = {
    addPage(input) {
      const page = addAccount('facebook', 'page', input.name, input);
      if (input.userToken) {
        const managed = state.tokens.get(input.userToken)?.ownerIds ?? [];
        state.tokens.delete(input.userToken);
        state.addToken(input.userToken, 'facebook_user', [...managed, page.id]);
      }
      return page;
    },
    addInstagramUser: (input) => addAccount('instagram', 'instagram', input.username, input),
    addThreadsUser: (input) => addAccount('threads', 'threads', input.username, input),
    revokeToken(token) {
      const record = state.tokens.get(token);
      if (record) record.revoked = true;
    },
    posts: (network) => [...state.posts.values()].filter((p) => p.kind !== 'comment' && (!network || p.network === network)),
    comments: (network) => [...state.posts.values()].filter((p) => p.kind === 'comment' && (!network || p.network === network)),
    containers: () => [...state.containers.values()].map((c) => ({ ...c, status: state.containerStatus(c) })),
    injectFault: (fault) => host.injectFault(fault),
    clearFaults: () => host.faults.clear(),
  };

  const host = await startStandInHost({
    port: options.port,
    host: options.host,
    maxBodyBytes: MAX_BODY_BYTES,
    // Graph accepts any /vNN.N prefix; faults and control routes match the path without it.
    routePath: (url) => url.pathname.replace(/^\/v\d+\.\d+(?=\/|$)/, '').replace(/\/+$/, '') || '/',
    errorReply: (status, message) => (status === 413
      ? { ...graphError(1, 'Request entity too large'), status: 413 }
      : graphError(1, message, { status: 500 })),
    faultReply(fault) {
      // Graph throttles with a 400 and its usage headers, which depend on the token: routes.ts answers it.
      if (fault.kind === 'rate_limit') return undefined;
      if (fault.contentType === 'html') {
        return { status: fault.status, contentType: 'text/html; charset=utf-8', body: `<html><body><h1>${fault.status} ${fault.error ?? 'Error'}</h1></body></html>` };
      }
      return statusFault(fault.status, fault.error);
    },
    async api(req, fault): Promise<HostReply> {
      // Every failure here is Graph's transient #1, unreadable bodies included (the host would make those a 400).
      try {
        const params: Params = { ...Object.fromEntries(req.url.searchParams), ...(await parseBody(req.headers, req.raw)) };
        const token = bearer(req.headers) ?? (typeof params.access_token === 'string' ? params.access_token : undefined);
        return handleApi(state, { method: req.method, path: req.path, url: req.url, params, token }, fault?.kind === 'rate_limit' ? fault.retryAfterSeconds : undefined);
      } catch (error) {
        return graphError(1, error instanceof Error ? error.message : 'An unknown error has occurred.', { status: 500, isTransient: true });
      }
    },
    control(method, path, read) {
      const body = () => read() as Record<string, unknown>;
      const str = (input: Record<string, unknown>, key: string) => (typeof input[key] === 'string' ? input[key] : undefined);
      if (path === '/_sandbox/posts' && method === 'GET') return { status: 200, body: stand.posts() };
      if (method === 'POST' && ['/_sandbox/pages', '/_sandbox/instagram-users', '/_sandbox/threads-users'].includes(path)) {
        const input = body();
        const token = str(input, 'token') ?? str(input, 'pageToken');
        const name = str(input, 'name') ?? str(input, 'username');
        if (!token || !name) return { status: 400, body: { error: 'a name (or username) and a token (or pageToken) are required' } };
        const account = { token, id: str(input, 'id'), tokenExpiresAt: str(input, 'tokenExpiresAt') };
        if (path === '/_sandbox/pages') return { status: 201, body: stand.addPage({ ...account, name, userToken: str(input, 'userToken') }) };
        const user = { ...account, username: name };
        return { status: 201, body: path === '/_sandbox/threads-users' ? stand.addThreadsUser(user) : stand.addInstagramUser(user) };
      }
      return undefined;
    },
  });
  baseUrl = host.url;

  return { ...stand, url: host.url, port: host.port, close: host.close };
}

/** A `status` fault in Graph's shape: 401 → 190, 403 → 10, 404 → 803, 429 → 4, 503 → 2, other 5xx → 1, other 4xx → 100. */
function statusFault(status: number, message?: string): Reply {
  const [code, fallback] = status === 401 ? [190, 'Invalid OAuth access token - Cannot parse access token']
    : status === 403 ? [10, '(#10) Application does not have permission for this action']
      : status === 404 ? [803, '(#803) Some of the aliases you requested do not exist']
        : status === 429 ? [4, '(#4) Application request limit reached']
          : status === 503 ? [2, 'Service temporarily unavailable']
            : status >= 500 ? [1, 'An unknown error has occurred.']
              : [100, '(#100) Invalid parameter'];
  return graphError(code, message ?? fallback, { status, ...(status >= 500 ? { isTransient: true } : {}) });
}

/** Graph takes `OAuth` as well as `Bearer` in the Authorization header. */
function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
}

async function parseBody(headers: IncomingHttpHeaders, raw: Buffer): Promise<Params> {
  if (raw.length === 0) return {};
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('JSON body must be an object');
    return parsed as Params;
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(raw, { headers: { 'content-type': String(headers['content-type']) } }).formData();
    return Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}
