/**
 * API Gateway (HTTP API) locally: routes from the synthesized templates, the JWT authorizer's
 * job done against the local token file (same claims shape as a Cognito ID token), payload
 * format 2.0 events, and the Lambda's response mapped back to HTTP the way API Gateway does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { RouteWiring } from './wiring/wiring.js';
import type { InvokeResult } from './lambda/lambda-runtime.js';
import { BRAND_CLAIM, GROUPS_CLAIM } from '../shared/platform/middleware/http.js';

export interface HttpApiOptions {
  readonly port: number;
  readonly host?: string;
  /** Routes can also be set after start, since the wiring needs the API's URL first. */
  readonly routes?: readonly RouteWiring[];
  /** Token → brand; undefined when the token is unknown. */
  readonly authenticate: (token: string) => { brandId: string; subject: string; groups: readonly string[] } | undefined;
  readonly invoke: (functionArn: string, event: unknown) => Promise<InvokeResult>;
  readonly onRequest?: (line: { method: string; path: string; status: number; ms: number; route?: string }) => void;
}

export interface HttpApi {
  readonly url: string;
  setRoutes(routes: readonly RouteWiring[]): void;
  close(): Promise<void>;
}

interface CompiledRoute extends RouteWiring {
  readonly pattern: RegExp;
  readonly params: string[];
}

export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  let routes = (options.routes ?? []).map(compile);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const started = Date.now();
    handle(req, res, routes, options)
      .catch((error: unknown) => {
        process.stderr.write(`local API error: ${(error as Error).stack ?? String(error)}\n`);
        send(res, 500, { message: 'Internal Server Error' });
      })
      .finally(() => options.onRequest?.({
        method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status: res.statusCode, ms: Date.now() - started,
        route: (res as ServerResponse & { routeKey?: string }).routeKey,
      }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    setRoutes: (next) => { routes = next.map(compile); },
    close: () => closeServer(server),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: CompiledRoute[], options: HttpApiOptions) {
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  const match = findRoute(routes, method, url.pathname);
  if (!match) return send(res, 404, { message: 'Not Found' });
  const { route, pathParameters } = match;
  (res as ServerResponse & { routeKey?: string }).routeKey = `${route.method} ${route.path}`;

  let claims: Record<string, string> | undefined;
  if (route.auth === 'JWT') {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const identity = token ? options.authenticate(token) : undefined;
    // API Gateway's JWT authorizer answers exactly this, before any function runs.
    if (!identity) return send(res, 401, { message: 'Unauthorized' });
    // The claims a Cognito ID token carries; array claims arrive as "[a b]", as API Gateway passes them.
    claims = { sub: identity.subject, [BRAND_CLAIM]: identity.brandId, [GROUPS_CLAIM]: `[${identity.groups.join(' ')}]`, token_use: 'id' };
  }

  const body = await readBody(req);
  const event = toEvent(req, url, route, pathParameters, body, claims);
  const result = await options.invoke(route.functionArn, event);
  if (!result.ok) return send(res, 500, { message: 'Internal Server Error' });
  writeLambdaResponse(res, result.result);
}

function compile(route: RouteWiring): CompiledRoute {
  const params: string[] = [];
  const source = route.path.split('/').map((segment) => {
    const param = /^\{([^}+]+)(\+)?\}$/.exec(segment);
    if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    params.push(param[1]!);
    return param[2] ? '(.+)' : '([^/]+)';
  }).join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), params };
}

function findRoute(routes: CompiledRoute[], method: string, path: string) {
  // Literal paths win over parameterised ones, as in API Gateway.
  const candidates = routes.filter((r) => r.method === method || r.method === 'ANY')
    .sort((a, b) => a.params.length - b.params.length);
  for (const route of candidates) {
    const m = route.pattern.exec(path);
    if (m) return { route, pathParameters: Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(m[i + 1]!)])) };
  }
  return undefined;
}

function toEvent(req: IncomingMessage, url: URL, route: CompiledRoute, pathParameters: Record<string, string>, body: Buffer, claims?: Record<string, string>) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = new Date();
  const textual = /json|text|xml|x-www-form-urlencoded/i.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: headers.cookie?.split(';').map((c) => c.trim()),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: route.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: claims ? { jwt: { claims, scopes: null } } : undefined,
    },
    body: body.length ? (textual ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/** Payload format 2.0: an object with statusCode is a full response; anything else is a 200 JSON body. */
function writeLambdaResponse(res: ServerResponse, result: unknown) {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const r = result as { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean; cookies?: string[] };
    res.statusCode = r.statusCode;
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    if (r.cookies?.length) res.setHeader('set-cookie', r.cookies);
    res.end(r.body ? (r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body) : undefined);
    return;
  }
  send(res, 200, result);
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
