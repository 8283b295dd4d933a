/**
 * A local Mastodon: a node:http server speaking a real subset of the Mastodon REST API (statuses with
 * replies and media, media uploads with processing, accounts, instance, Idempotency-Key, rate-limit
 * headers) so the real adapter and masto.js run end to end against it, plus fault injection for tests
 * and demos. Not a mock of our adapter: it follows Mastodon's documented behaviour
 * (https://docs.joinmastodon.org/methods/statuses/, https://docs.joinmastodon.org/methods/media/).
 *
 * Control API (never faulted, never rate limited):
 *   POST   /_sandbox/faults    JSON body = SandboxFault → 201 { pending }
 *   GET    /_sandbox/faults    → 200 pending faults
 *   DELETE /_sandbox/faults    → 204
 *   GET    /_sandbox/statuses  → 200 SandboxStatus[]
 *   POST   /_sandbox/accounts  { username, token } → 201 { id }
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { handleApi, type Reply } from './routes.js';
import { FaultQueue, sandboxFaultSchema, type SandboxFault } from '../faults.js';
import { SandboxState, type SandboxStatus } from './state.js';
import type { SandboxMedia } from './media.js';

export type { SandboxStatus } from './state.js';
export type { SandboxMedia } from './media.js';
export { countMastodonCharacters, engagementAt } from './state.js';

export { sandboxFaultSchema, type SandboxFault } from '../faults.js';

export interface SandboxNetworkOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Grow favourites/reblogs/replies with each status' age on a curve seeded from its id. Default off. */
  readonly engagement?: boolean;
  /** Clock for ids, created_at, engagement, Idempotency-Key expiry and rate-limit windows. Default Date.now. */
  readonly now?: () => number;
  /** Mastodon allows 300 requests per 5 minutes per token (or per IP when anonymous). */
  readonly rateLimit?: { readonly limit?: number; readonly windowSeconds?: number };
  /**
   * How long an uploaded attachment stays processing (`url: null`, 202 then 206) before it is ready.
   * Default 0: processed synchronously, POST /api/v2/media answers 200 with the url.
   */
  readonly mediaProcessingMs?: number;
}

export interface SandboxNetwork {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Registers a bearer access token for `username`, creating the account on first use. */
  addAccount(input: { username: string; token: string }): { id: string };
  /** Every status ever posted, oldest first; deleted ones carry `deletedAt`. */
  statuses(): SandboxStatus[];
  /** Every media attachment ever uploaded, oldest first, with the status it is attached to. */
  media(): SandboxMedia[];
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';
const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'The access token is invalid', 403: 'This action is not allowed', 404: 'Record not found',
  410: 'Gone', 422: 'Unprocessable Entity', 429: 'Too many requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export async function startSandboxNetwork(options: SandboxNetworkOptions = {}): Promise<SandboxNetwork> {
  const host = options.host ?? '127.0.0.1';
  let baseUrl = '';
  const state = new SandboxState(() => baseUrl, options.now ?? Date.now, options.engagement ?? false, {
    limit: options.rateLimit?.limit ?? 300,
    windowMs: (options.rateLimit?.windowSeconds ?? 300) * 1000,
  }, options.mediaProcessingMs ?? 0);
  const faults = new FaultQueue();
  const closing = new AbortController();

  const addAccount = (input: { username: string; token: string }) => ({ id: state.addAccount(input.username, input.token).id });
  const statuses = () => [...state.statuses.values()].map((s) => ({ ...s }));
  const media = () => [...state.media.items.values()].map((m) => ({ ...m }));
  const injectFault = (fault: SandboxFault) => faults.add(sandboxFaultSchema.parse(fault));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    if (raw === undefined) {
      send(res, { status: 413, body: { error: 'Request entity too large' }, headers: { Connection: 'close' } });
      return;
    }

    if (url.pathname.startsWith('/_sandbox/')) {
      send(res, control(method, url.pathname, raw));
      return;
    }

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

    const token = bearerToken(req) ?? url.searchParams.get('access_token') ?? undefined;
    const rate = state.hitRateLimit(token ? `token:${token}` : `ip:${req.socket.remoteAddress ?? ''}`);
    const rateHeaders = (remaining: number, resetAt: number) => ({
      'X-RateLimit-Limit': String(rate.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': new Date(resetAt).toISOString(),
    });
    if (fault?.kind === 'rate_limit' || rate.exceeded) {
      const retryAfterSeconds = fault?.kind === 'rate_limit'
        ? fault.retryAfterSeconds
        : Math.max(1, Math.ceil((rate.resetAt - state.now()) / 1000));
      send(res, {
        status: 429,
        body: { error: 'Too many requests' },
        headers: { ...rateHeaders(0, state.now() + retryAfterSeconds * 1000), 'Retry-After': String(retryAfterSeconds) },
      });
      return;
    }
    const headers = rateHeaders(rate.remaining, rate.resetAt);
    if (fault?.kind === 'status') {
      const message = fault.error ?? REASONS[fault.status] ?? 'Error';
      if (fault.contentType === 'html') {
        sendRaw(res, fault.status, 'text/html; charset=utf-8', `<html><body><h1>${fault.status} ${message}</h1></body></html>`, headers);
      } else {
        send(res, { status: fault.status, body: { error: message }, headers });
      }
      return;
    }

    let reply: Reply;
    try {
      reply = await handleApi(state, { method, url, headers: req.headers, raw, token });
    } catch (error) {
      reply = { status: 500, body: { error: error instanceof Error ? error.message : 'Internal Server Error' } };
    }
    if (fault?.kind === 'drop_after_commit') {
      req.socket.destroy();
      return;
    }
    send(res, { ...reply, headers: { ...headers, ...reply.headers } });
  }

  function control(method: string, path: string, raw: Buffer): Reply {
    const body = (): unknown => (raw.length ? JSON.parse(raw.toString('utf8')) : {});
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
      if (path === '/_sandbox/statuses' && method === 'GET') return { status: 200, body: statuses() };
      if (path === '/_sandbox/accounts' && method === 'POST') {
        const input = body() as { username?: unknown; token?: unknown };
        if (typeof input.username !== 'string' || typeof input.token !== 'string') {
          return { status: 400, body: { error: 'username and token (strings) are required' } };
        }
        return { status: 201, body: addAccount({ username: input.username, token: input.token }) };
      }
      return { status: 404, body: { error: 'Record not found' } };
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, { status: 500, body: { error: error instanceof Error ? error.message : 'Internal Server Error' } });
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
    url: baseUrl,
    port,
    addAccount,
    statuses,
    media,
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

function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
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
  if (reply.raw !== undefined) {
    if (res.destroyed) return;
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.raw.length) });
    res.end(reply.raw);
    return;
  }
  if (reply.body === undefined) {
    if (res.destroyed) return;
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
