/**
 * The HTTP host shared by the network stand-ins (X, Bluesky, LinkedIn, Meta): body reading, the
 * `/_sandbox/faults` control routes, the shared fault queue (drop, slow, drop_after_commit handled
 * here; `status` and `rate_limit` answered by the network in its own error shape), JSON replies,
 * listening and closing. Fault handling must behave the same on every network so one test can
 * inject the same fault anywhere; only the error bodies differ, and those come from the options.
 * (mastodon-server.ts predates it and keeps its own plumbing: its rate limiter runs before faults.)
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { FaultQueue, sandboxFaultSchema, type SandboxFault } from './faults.js';

export interface HostReply {
  readonly status: number;
  /** JSON-encoded unless `contentType` says otherwise (then it must be a string or a Buffer). */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

export interface HostRequest {
  readonly method: string;
  readonly url: URL;
  /** The path faults and control routes match (see `routePath`); `url.pathname` by default. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly remoteAddress: string;
}

export interface StandInHostOptions {
  readonly port?: number;
  readonly host?: string;
  readonly maxBodyBytes?: number;
  /** Content-Type of JSON replies; default `application/json; charset=utf-8`. */
  readonly jsonContentType?: string;
  /**
   * Headers the network puts on every reply the host encodes (JSON or empty), under the reply's own.
   * Not on replies with their own `contentType`: those stand for a proxy's page, not the network.
   */
  readonly replyHeaders?: Record<string, string>;
  /** The path faults and control routes match, e.g. without an API version prefix; default the URL's path. */
  routePath?(url: URL): string;
  /**
   * Answers a network request that no fault consumed (or a `slow`/`drop_after_commit` one, or one
   * `faultReply` left to it: then `fault` is that fault).
   */
  api(req: HostRequest, fault?: SandboxFault): Promise<HostReply>;
  /**
   * The network's answer to an injected `status` or `rate_limit` fault; `undefined` lets `api`
   * answer it (a network whose throttling depends on its own state).
   */
  faultReply(fault: Extract<SandboxFault, { kind: 'status' | 'rate_limit' }>, req: HostRequest): HostReply | undefined;
  /** The network's own error shape for an unexpected failure or an oversized body. */
  errorReply(status: number, message: string): HostReply;
  /** The body of a control-route error carrying `message`; default `{ error: message }`. */
  controlError?(message: string): Record<string, unknown>;
  /** Further `/_sandbox/...` routes (faults are built in); `undefined` for 404. */
  control?(method: string, path: string, body: () => unknown): HostReply | undefined;
}

export interface StandInHost {
  readonly url: string;
  readonly port: number;
  readonly faults: FaultQueue;
  injectFault(fault: SandboxFault): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export async function startStandInHost(options: StandInHostOptions): Promise<StandInHost> {
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const faults = new FaultQueue();
  const closing = new AbortController();
  const controlError = options.controlError ?? ((message: string) => ({ error: message }));
  const reply = (res: ServerResponse, answer: HostReply) => send(res, answer, options.jsonContentType ?? JSON_TYPE, options.replyHeaders);
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req, maxBody);
    if (raw === undefined) {
      reply(res, { ...options.errorReply(413, 'Request entity too large'), headers: { Connection: 'close' } });
      return;
    }
    const path = options.routePath?.(url) ?? url.pathname;
    const request: HostRequest = { method, url, path, headers: req.headers, raw, remoteAddress: req.socket.remoteAddress ?? '' };
    if (path.startsWith('/_sandbox/')) {
      reply(res, control(method, path, raw));
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
    if (fault?.kind === 'status' || fault?.kind === 'rate_limit') {
      const answer = options.faultReply(fault, request);
      if (answer) {
        reply(res, answer);
        return;
      }
    }
    let answer: HostReply;
    try {
      answer = await options.api(request, fault);
    } catch (error) {
      answer = options.errorReply(error instanceof SyntaxError ? 400 : 500, error instanceof Error ? error.message : 'Internal Server Error');
    }
    if (fault?.kind === 'drop_after_commit') {
      req.socket.destroy();
      return;
    }
    reply(res, answer);
  }

  function control(method: string, path: string, raw: Buffer): HostReply {
    const body = (): unknown => (raw.length ? JSON.parse(raw.toString('utf8')) : {});
    try {
      if (path === '/_sandbox/faults' && method === 'POST') {
        const parsed = sandboxFaultSchema.safeParse(body());
        if (!parsed.success) return { status: 400, body: { ...controlError('invalid fault'), issues: parsed.error.issues } };
        faults.add(parsed.data);
        return { status: 201, body: { pending: faults.pending() } };
      }
      if (path === '/_sandbox/faults' && method === 'GET') return { status: 200, body: faults.pending() };
      if (path === '/_sandbox/faults' && method === 'DELETE') {
        faults.clear();
        return { status: 204 };
      }
      return options.control?.(method, path, body) ?? { status: 404, body: { error: 'not found' } };
    } catch (error) {
      return { status: 400, body: controlError(error instanceof Error ? error.message : String(error)) };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else reply(res, options.errorReply(500, error instanceof Error ? error.message : 'Internal Server Error'));
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
    faults,
    injectFault: (fault) => faults.add(sandboxFaultSchema.parse(fault)),
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

/** The bearer token of a request, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: HostReply, jsonType: string, networkHeaders?: Record<string, string>): void {
  if (res.destroyed) return;
  const headers = reply.contentType ? reply.headers : { ...networkHeaders, ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers });
    res.end();
    return;
  }
  const payload = reply.contentType ? (reply.body as string | Buffer) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    'Content-Type': reply.contentType ?? jsonType,
    'Content-Length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}
