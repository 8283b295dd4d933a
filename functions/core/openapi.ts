/** Serves the management API's OpenAPI document; the only route besides webhooks without auth. */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { buildOpenApi } from '../../shared/contracts/api/openapi.js';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(buildOpenApi(serverUrl(event))),
});

function serverUrl(event: APIGatewayProxyEventV2): string | undefined {
  const host = event.requestContext?.domainName;
  return host ? `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${host}` : undefined;
}
