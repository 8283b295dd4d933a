/**
 * POST /posts/import: the body is the CSV itself (`Content-Type: text/csv`), so this handler
 * cannot use httpHandler, which parses every body as JSON. It is the same middy chain otherwise
 * (the caller authorized as httpHandler does it, logger context, correlation id, typed errors
 * mapped by `errorResponse`), with the raw body
 * fed to the importer in slices rather than split into rows up front.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { authorizedCaller, errorResponse } from '../../shared/platform/middleware/http.js';
import { toFieldIssues } from '../../shared/platform/middleware/zod-issues.js';
import { logger } from '../../shared/platform/observability.js';
import { PillarsError, ValidationError } from '../../shared/platform/errors.js';
import { importPostsQuery } from '../../shared/contracts/api/publishing.js';
import { type ImportPostsDeps, importPosts, publishingDeps } from '../../shared/publishing/index.js';

const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain)\s*(;|$)/i;
/** Slices the body is fed to the parser in, so no second full copy of it is made. */
const SLICE_CHARS = 64 * 1024;

export class UnsupportedMediaTypeError extends PillarsError {
  constructor(message: string) {
    super(message, 415);
  }
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export function importPostsHandler(deps: ImportPostsDeps) {
  const base = async (event: Event, _context: Context): Promise<APIGatewayProxyResultV2> => {
    const { brandId, userId } = authorizedCaller(event);
    const query = importPostsQuery.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw new ValidationError(toFieldIssues(query.error, 'query'));
    const type = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    if (!CSV_TYPES.test(type)) {
      throw new UnsupportedMediaTypeError(`send the CSV file itself as the body with Content-Type: text/csv${type ? `, not ${type}` : ''}`);
    }
    const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const summary = await importPosts(brandId, slices(body), { ...query.data, userId }, deps);
    logger.info('posts imported', { imported: summary.imported, rejected: summary.rejected.length });
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(summary) };
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

/** The body in slices that never split a surrogate pair (half an emoji would be encoded as U+FFFD). */
export function* slices(text: string, size = SLICE_CHARS): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}

export const handler = importPostsHandler(publishingDeps());
