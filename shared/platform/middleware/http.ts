/**
 * The HTTP edge of every management route: a middy chain that logs with a correlation id,
 * resolves the caller's brand and groups from the authorizer's claims, refuses a caller whose
 * groups lack the access the route table names for the route, parses body, query and path with
 * zod, and maps typed errors to status codes. Handlers get typed input and return data; 5xx
 * details never reach the caller.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { logger } from '../observability.js';
import { ConfigError, ForbiddenError, PillarsError, UnauthorizedError, ValidationError } from '../errors.js';
import { toFieldIssues } from './zod-issues.js';

import { BRAND_CLAIM, BRAND_ID_PATTERN, GROUPS_CLAIM, ROLES_WITH, mayAccess } from '../../contracts/auth.js';
import { routeKey, routes, type RouteSpec } from '../../contracts/api/routes.js';

export { BRAND_CLAIM, GROUPS_CLAIM };

export interface HttpRequest<B, Q, P> {
  readonly brandId: string;
  /** The caller (the token's `sub`), recorded as author or approver. */
  readonly userId: string;
  /** The caller's groups (Cognito's `cognito:groups` claim), e.g. `admin`. */
  readonly groups: readonly string[];
  readonly body: B;
  readonly query: Q;
  readonly path: P;
  /** e.g. `POST /posts/{postId}/approve`, for a function that serves several routes. */
  readonly routeKey: string;
  /** Request headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
}

export interface HttpResult {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Sends `body` (a string) as it is with this content type, e.g. a report's HTML, instead of as JSON. */
  readonly contentType?: string;
}

interface Schemas<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  readonly body?: B;
  readonly query?: Q;
  readonly path?: P;
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export function httpHandler<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
>(schemas: Schemas<B, Q, P>, fn: (request: HttpRequest<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<HttpResult>) {
  const base = async (event: Event, _context: Context): Promise<APIGatewayProxyResultV2> => {
    const request = {
      ...authorizedCaller(event),
      body: parse(schemas.body, readBody(event), 'body'),
      query: parse(schemas.query, event.queryStringParameters ?? {}, 'query'),
      path: parse(schemas.path, event.pathParameters ?? {}, 'path'),
      routeKey: event.routeKey,
      headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      requestId: event.requestContext.requestId,
    };
    const result = await fn(request);
    if (result.contentType) return { statusCode: result.statusCode, headers: { ...result.headers, 'content-type': result.contentType }, body: String(result.body ?? '') };
    return json(result.statusCode, result.body, result.headers);
  };
  return middy(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        logger.appendKeys({ correlationId: request.event.requestContext?.requestId, route: request.event.routeKey });
      },
      onError: (request) => {
        if (request.response !== undefined) return;
        request.response = errorResponse(request.error, request.event.requestContext?.requestId);
      },
    });
}

export interface Caller {
  readonly brandId: string;
  readonly userId: string;
  readonly groups: readonly string[];
}

const routesByKey = new Map<string, RouteSpec>(Object.values(routes).map((route) => [routeKey(route), route]));

/**
 * The caller from the authorizer's claims, once it is known to be allowed on this route: 401
 * without a usable brand claim, 403 when none of its groups has the access the route names.
 * Checked before the body is read, so a refused caller costs no work.
 */
export function authorizedCaller(event: Event): Caller {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const caller = { brandId: brandOf(event), userId: String(claims?.sub ?? 'unknown'), groups: groupsOf(claims?.[GROUPS_CLAIM]) };
  const route = routesByKey.get(event.routeKey);
  // Every management route is wired from the route table, so one missing from it is a deployment bug.
  if (!route?.auth) throw new ConfigError(`route ${event.routeKey} names no access in the route table`);
  if (!mayAccess(caller.groups, route.access)) {
    const roles = ROLES_WITH[route.access];
    const needs = roles.length === 1 ? `the brand's ${roles[0]} group` : `one of the brand's groups ${roles.join(', ')}`;
    throw new ForbiddenError(`${event.routeKey} needs ${needs}; the token's groups: ${caller.groups.length > 0 ? caller.groups.join(', ') : 'none'}`);
  }
  return caller;
}

function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string' || claim === '') return [];
  return claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

function brandOf(event: Event): string {
  const brand = event.requestContext.authorizer?.jwt?.claims?.[BRAND_CLAIM];
  if (typeof brand !== 'string' || brand === '') throw new UnauthorizedError(`token carries no ${BRAND_CLAIM} claim`);
  // Keys and secret names are built from the brand id, so one that could reach into another's is refused.
  if (!BRAND_ID_PATTERN.test(brand)) throw new UnauthorizedError(`token's ${BRAND_CLAIM} claim is not a brand id (letters, digits, - and _, at most 64)`);
  return brand;
}

function readBody(event: Event): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: 'body', message: 'must be valid JSON; send Content-Type: application/json with a JSON object' }]);
  }
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, root: string): z.infer<S> {
  if (!schema) return value as z.infer<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, root));
  return result.data;
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResultV2 {
  return {
    statusCode,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function errorResponse(error: unknown, requestId?: string): APIGatewayProxyResultV2 {
  if (error instanceof PillarsError && error.expose) {
    const issues = error instanceof ValidationError ? error.issues : undefined;
    if (error.statusCode >= 400 && error.statusCode < 500) logger.info('request rejected', { status: error.statusCode, reason: error.message });
    return json(error.statusCode, { error: { code: error.name, message: error.message, issues } });
  }
  logger.error('request failed', error as Error);
  return json(500, { error: { code: 'InternalError', message: 'internal error; quote the request id when reporting it', requestId } });
}
