/**
 * The HTTP host shared by the X and Bluesky stand-ins: body reading, the `/_sandbox/faults`
 * control routes, the shared fault queue (drop, slow, drop_after_commit handled here; `status` and
 * `rate_limit` answered by the network in its own error shape), listening and closing.
 * It plays the part of mastodon-server.ts's plumbing for the newer stand-ins.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { FaultQueue, sandboxFaultSchema, type SandboxFault } from '../faults.js';

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
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly remoteAddress: string;
}

export interface StandInHostOptions {
  readonly port?: number;
  readonly host?: string;
  readonly maxBodyBytes?: number;
  /** Answers a network request that no fault consumed (or a `slow`/`drop_after_commit` one). */
  api(req: HostRequest): Promise<HostReply>;
  /** The network's answer to an injected `status` or `rate_limit` fault. */
  faultReply(fault: Extract<SandboxFault, { kind: 'status' | 'rate_limit' }>, req: HostRequest): HostReply;
  /** The network's own error shape for an unexpected failure or an oversized body. */
  errorReply(status: number, message: string): HostReply;
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
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req, maxBody);
    if (raw === undefined) {
      send(res, { ...options.errorReply(413, 'Request entity too large'), headers: { Connection: 'close' } });
      return;
    }
    const request: HostRequest = { method, url, headers: req.headers, raw, remoteAddress: req.socket.remoteAddress ?? '' };
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
    if (fault?.kind === 'status' || fault?.kind === 'rate_limit') {
      send(res, options.faultReply(fault, request));
      return;
    }
    let reply: HostReply;
    try {
      reply = await options.api(request);
    } catch (error) {
      reply = options.errorReply(error instanceof SyntaxError ? 400 : 500, error instanceof Error ? error.message : 'Internal Server Error');
    }
    if (fault?.kind === 'drop_after_commit') {
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  function control(method: string, path: string, raw: Buffer): HostReply {
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
      return options.control?.(method, path, body) ?? { status: 404, body: { error: 'not found' } };
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, options.errorReply(500, error instanceof Error ? error.message : 'Internal Server Error'));
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

function send(res: ServerResponse, reply: HostReply): void {
  if (res.destroyed) return;
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...reply.headers });
    res.end();
    return;
  }
  const payload = reply.contentType ? (reply.body as string | Buffer) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': reply.contentType ?? JSON_TYPE,
    'Content-Length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}
