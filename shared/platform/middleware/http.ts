/**
 * The HTTP edge of every management route: a middy chain that logs with a correlation id,
 * resolves the caller's brand from the authorizer's claims, parses body, query and path with
 * zod, and maps typed errors to status codes. Handlers get typed input and return data; 5xx
 * details never reach the caller.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { logger } from '../observability.js';
import { PillarsError, UnauthorizedError, ValidationError } from '../errors.js';
import { toFieldIssues } from './zod-issues.js';

import { BRAND_CLAIM, GROUPS_CLAIM } from '../../contracts/auth.js';

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
      brandId: brandOf(event),
      userId: String(event.requestContext.authorizer?.jwt?.claims?.sub ?? 'unknown'),
      groups: groupsOf(event.requestContext.authorizer?.jwt?.claims?.[GROUPS_CLAIM]),
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

function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string' || claim === '') return [];
  return claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

function brandOf(event: Event): string {
  const brand = event.requestContext.authorizer?.jwt?.claims?.[BRAND_CLAIM];
  if (typeof brand !== 'string' || brand === '') throw new UnauthorizedError(`token carries no ${BRAND_CLAIM} claim`);
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
