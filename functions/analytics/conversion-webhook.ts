/**
 * POST /webhooks/conversions/{brandId}: no bearer token (the route is open), so this handler skips
 * httpHandler's brand claim and JSON parsing: the signature must be checked over the raw bytes,
 * which API Gateway may hand over base64-encoded. Same middy chain and error mapping otherwise.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { errorResponse } from '../../shared/platform/middleware/http.js';
import { logger } from '../../shared/platform/observability.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { type ConversionWebhookDeps, receiveConversion, webAnalyticsDeps } from '../../shared/analytics/index.js';

export function conversionWebhookHandler(deps: ConversionWebhookDeps) {
  const base = async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyResultV2> => {
    const brandId = event.pathParameters?.brandId;
    if (!brandId) throw new ValidationError([{ field: 'brandId', message: 'required in the path: /webhooks/conversions/{brandId}' }]);
    const rawBody = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const result = await receiveConversion(deps, { brandId, headers, rawBody });
    logger.info(result.stored ? 'conversion stored' : 'duplicate conversion ignored', { brandId, conversionId: result.conversionId });
    // A duplicate is still a success: the sender must stop retrying it.
    return { statusCode: result.stored ? 201 : 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversionId: result.conversionId, duplicate: !result.stored }) };
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

export const handler = conversionWebhookHandler(webAnalyticsDeps());
