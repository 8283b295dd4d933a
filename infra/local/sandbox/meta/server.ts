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
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { FaultQueue, sandboxFaultSchema, type SandboxFault } from '../faults.js';
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
const JSON_TYPE = 'application/json; charset=utf-8';

export async function startMetaStandIn(options: MetaStandInOptions = {}): Promise<MetaStandIn> {
  const host = options.host ?? '127.0.0.1';
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
  const faults = new FaultQueue();
  const closing = new AbortController();

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
    injectFault: (fault) => faults.add(sandboxFaultSchema.parse(fault)),
    clearFaults: () => faults.clear(),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    if (raw === undefined) {
      send(res, { ...graphError(1, 'Request entity too large'), status: 413, headers: { Connection: 'close' } });
      return;
    }
    const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/|$)/, '').replace(/\/+$/, '') || '/';
    if (path.startsWith('/_sandbox/')) {
      send(res, control(method, path, raw));
      return;
    }

    const fault = faults.take(method, path);
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
    if (fault?.kind === 'status') {
      if (fault.contentType === 'html') {
        sendRaw(res, fault.status, 'text/html; charset=utf-8', `<html><body><h1>${fault.status} ${fault.error ?? 'Error'}</h1></body></html>`);
      } else {
        send(res, statusFault(fault.status, fault.error));
      }
      return;
    }

    let reply: Reply;
    try {
      const params: Params = { ...Object.fromEntries(url.searchParams), ...(await parseBody(req, raw)) };
      const token = bearer(req) ?? (typeof params.access_token === 'string' ? params.access_token : undefined);
      reply = handleApi(state, { method, path, url, params, token }, fault?.kind === 'rate_limit' ? fault.retryAfterSeconds : undefined);
    } catch (error) {
      reply = graphError(1, error instanceof Error ? error.message : 'An unknown error has occurred.', { status: 500, isTransient: true });
    }
    if (fault?.kind === 'drop_after_commit') {
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  function control(method: string, path: string, raw: Buffer): Reply {
    const body = (): Record<string, unknown> => (raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {});
    const str = (input: Record<string, unknown>, key: string) => (typeof input[key] === 'string' ? input[key] : undefined);
    try {
      if (path === '/_sandbox/faults' && method === 'POST') {
        const parsed = sandboxFaultSchema.safeParse(body());
        if (!parsed.success) return { status: 400, body: { error: 'invalid fault', issues: parsed.error.issues } };
        faults.add(parsed.data);
        return { status: 201, body: { pending: faults.pending() } };
      }
      if (path === '/_sandbox/faults' && method === 'GET') return { status: 200, body: faults.pending() };
      if (path === '/_sandbox/faults' && method === 'DELETE') {
        faults.clear();
        return { status: 204 };
      }
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
      return { status: 404, body: { error: 'not found' } };
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, graphError(1, error instanceof Error ? error.message : 'An unknown error has occurred.', { status: 500 }));
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
  baseUrl = `http://${urlHost}:${port}`;

  return {
    ...stand,
    url: baseUrl,
    port,
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

function bearer(req: IncomingMessage): string | undefined {
  return /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<Params> {
  if (raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('JSON body must be an object');
    return parsed as Params;
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(raw, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    return Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
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
  if (res.destroyed) return;
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...reply.headers });
    res.end();
    return;
  }
  sendRaw(res, reply.status, JSON_TYPE, JSON.stringify(reply.body), reply.headers);
}

function sendRaw(res: ServerResponse, status: number, contentType: string, payload: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}
