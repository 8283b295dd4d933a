/** Builds the OpenAPI 3.1 document from the route catalogue and its zod schemas. */
import { z } from 'zod';
import { routes, type RouteSpec } from './routes.js';

export function buildOpenApi(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(routes) as [string, RouteSpec][]) {
    const operation: Record<string, unknown> = {
      operationId,
      summary: route.summary,
      security: route.auth ? [{ bearer: [] }] : [],
      responses: responsesFor(route),
    };
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } };
    }
    const parameters: unknown[] = [...parametersOf(route.query, 'query'), ...parametersOf(route.path_, 'path')];
    if (route.idempotent) {
      parameters.push({
        name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 },
        description: 'Any unique string (e.g. a UUID). A retry with the same key within 24 h returns the first result with `Idempotent-Replayed: true`.',
      });
    }
    if (parameters.length) operation.parameters = parameters;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Pillars management API', version: '1' },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    components: {
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
                requestId: { type: 'string' },
              },
            },
          },
        },
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token carrying the custom:brand claim' } },
    },
    paths,
  };
}

function jsonSchema(schema: z.ZodType) {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function parametersOf(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property,
  }));
}

function responsesFor(route: RouteSpec) {
  const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const responses: Record<string, unknown> = { [route.method === 'POST' ? '201' : '200']: { description: 'OK' } };
  if (route.body || route.query) responses['400'] = { ...error, description: 'Invalid input; `issues` names each field and the fix' };
  if (route.auth) {
    responses['401'] = { ...error, description: 'Missing or invalid bearer token' };
    if (route.path.includes('{')) responses['404'] = { ...error, description: "Not found (or another brand's)" };
  }
  return responses;
}
