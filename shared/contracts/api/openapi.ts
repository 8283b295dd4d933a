/**
 * Builds the OpenAPI 3.1 document with zod-openapi from the route catalogue (routes.ts: paths,
 * inputs, auth) and what each operation answers (responses.ts), so the document is generated
 * from the same zod schemas the handlers parse with.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { routes, type RouteSpec } from './routes.js';
import { responses, type DocumentedResponse, type OperationResponses } from './responses.js';
import { idempotencyKeyHeader } from './fields.js';
import { ROLES_WITH } from '../auth.js';

type OperationId = keyof typeof routes;

/** Request parts the route table cannot say: bodies that are not JSON, and headers a handler reads itself. */
const requestExtras: Partial<Record<OperationId, Pick<ZodOpenApiOperationObject, 'requestBody' | 'requestParams'>>> = {
  importPosts: {
    requestBody: {
      required: true,
      description: 'The CSV file itself (columns in the README); rows are streamed, so a file of any length up to the payload limit is read in one request',
      content: { 'text/csv': { schema: z.string() } },
    },
  },
  conversionWebhook: {
    requestParams: {
      path: z.object({ brandId: z.string().min(1).meta({ description: 'The brand whose signing secret signs the delivery' }) }),
      header: z.object({
        'webhook-id': z.string().meta({ description: 'The delivery id (Standard Webhooks)' }),
        'webhook-timestamp': z.string().meta({ description: 'Unix seconds when it was signed; old or future timestamps are refused' }),
        'webhook-signature': z.string().meta({ description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body">, space-separated when several' }),
      }),
    },
  },
};

const idempotencyHeader = z.object({
  'Idempotency-Key': idempotencyKeyHeader.meta({
    description: 'Any unique string (e.g. a UUID). A retry with the same key within 24 h answers the first result instead of creating anything again.',
  }),
});

export function buildOpenApi(serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  const shared = new Map<DocumentedResponse, ZodOpenApiResponseObject>();
  for (const [operationId, route] of Object.entries(routes) as [OperationId, RouteSpec][]) {
    const extras = requestExtras[operationId];
    const operation: ZodOpenApiOperationObject = withoutUndefined({
      operationId,
      summary: route.summary,
      description: route.auth && route.access !== 'read' ? `Needs one of the groups: ${ROLES_WITH[route.access].join(', ')}.` : undefined,
      security: route.auth ? [{ bearer: [] }] : [],
      requestParams: withoutUndefined({
        path: extras?.requestParams?.path ?? pathParameters(route),
        query: route.query as z.ZodObject | undefined,
        header: extras?.requestParams?.header ?? (route.idempotent ? idempotencyHeader : undefined),
      }),
      requestBody: extras?.requestBody ?? (route.body && { required: !route.body.safeParse(undefined).success, content: { 'application/json': { schema: route.body } } }),
      responses: responsesOf(responses[operationId], shared),
    });
    (paths[route.path] ??= {})[route.method.toLowerCase() as Lowercase<RouteSpec['method']>] = operation;
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Pillars management API',
      version: '1',
      description: 'Plan, approve and publish posts, connect network accounts, and read analytics and reports. '
        + 'Every management operation needs a bearer token scoped to one brand; an id from another brand answers 404.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // Relative by default: the document is served by the API it describes.
    servers: [{ url: serverUrl ?? '/' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: 'An ID token carrying the custom:brand claim and cognito:groups (admin, editor, approver or viewer); without a group, a token only reads',
        },
      },
    },
    paths,
  });
}

/** The path's parameters as its route declares them; each `{name}` in the path must be declared. */
function pathParameters(route: RouteSpec): z.ZodObject | undefined {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const schema = route.path_ as z.ZodObject | undefined;
  const declared = Object.keys(schema?.shape ?? {});
  if (names.join() !== declared.join()) {
    throw new Error(`${route.method} ${route.path}: its path schema declares [${declared.join(', ')}], the path has [${names.join(', ')}]`);
  }
  return schema;
}

/** zod-openapi registers a response with an id once and knows it again by identity, so each is converted once. */
function responsesOf(documented: OperationResponses, shared: Map<DocumentedResponse, ZodOpenApiResponseObject>): ZodOpenApiResponsesObject {
  return Object.fromEntries(Object.entries(documented).map(([status, response]) => {
    let converted = shared.get(response);
    if (!converted) {
      converted = withoutUndefined({
        id: response.id,
        description: response.description,
        headers: response.headers,
        content: response.content && Object.fromEntries(Object.entries(response.content).map(([type, schema]) => [type, { schema }])),
      });
      shared.set(response, converted);
    }
    return [status, converted];
  }));
}

/** zod-openapi reads a key that is present as given, so absent parts must be left out rather than undefined. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
