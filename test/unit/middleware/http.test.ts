import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { BRAND_CLAIM, httpHandler } from '../../../shared/platform/middleware/http.js';
import { NotFoundError } from '../../../shared/platform/errors.js';

const context = {
  functionName: 'test', awsRequestId: 'aws-req-1', getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

function event(overrides: { body?: string; claims?: Record<string, string>; headers?: Record<string, string> } = {}) {
  return {
    version: '2.0',
    routeKey: 'POST /things',
    rawPath: '/things',
    headers: overrides.headers ?? {},
    body: overrides.body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-42',
      routeKey: 'POST /things',
      authorizer: { jwt: { claims: overrides.claims ?? { [BRAND_CLAIM]: 'brand-a' }, scopes: null } },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const call = async (handler: ReturnType<typeof httpHandler>, e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const res = (await handler(e, context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
};

describe('httpHandler', () => {
  const schema = z.object({ name: z.string({ error: 'required: a name' }) }).strict();

  it('gives the handler the brand from the token claims and the parsed body', async () => {
    const handler = httpHandler({ body: schema }, async ({ brandId, body, headers }) => ({
      statusCode: 201, body: { brandId, name: body.name, key: headers['idempotency-key'] },
    }));
    const res = await call(handler, event({ body: '{"name":"spring"}', headers: { 'Idempotency-Key': 'k1' } }));
    expect(res).toMatchObject({ status: 201, body: { brandId: 'brand-a', name: 'spring', key: 'k1' } });
    expect(res.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('answers 400 naming each bad field, without calling the handler', async () => {
    let called = false;
    const handler = httpHandler({ body: schema }, async () => { called = true; return { statusCode: 200 }; });
    const res = await call(handler, event({ body: '{"nam":"typo"}' }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(res.body.error.issues.map((i: { field: string }) => i.field).sort()).toEqual(['body', 'name']);
    expect(called).toBe(false);
  });

  it('reads the caller and their groups from the claims, as API Gateway passes an array claim', async () => {
    const handler = httpHandler({}, async ({ userId, groups }) => ({ statusCode: 200, body: { userId, groups } }));
    const res = await call(handler, event({ claims: { [BRAND_CLAIM]: 'brand-a', sub: 'ana', 'cognito:groups': '[admin editors]' } }));
    expect(res.body).toEqual({ userId: 'ana', groups: ['admin', 'editors'] });
  });

  it('answers 401 when the token carries no brand claim', async () => {
    const handler = httpHandler({}, async () => ({ statusCode: 200 }));
    const res = await call(handler, event({ claims: { sub: 'someone' } }));
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'UnauthorizedError' } } });
  });

  it('maps typed errors to their status with their message', async () => {
    const handler = httpHandler({}, async () => { throw new NotFoundError('post p1'); });
    expect(await call(handler, event())).toMatchObject({ status: 404, body: { error: { code: 'NotFoundError', message: 'post p1 not found' } } });
  });

  it('answers 500 without leaking the cause, quoting the request id', async () => {
    const handler = httpHandler({}, async () => { throw new Error('connection to db-prod.internal:5432 refused (password=hunter2)'); });
    const res = await call(handler, event());
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'InternalError', message: expect.any(String), requestId: 'req-42' } });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|db-prod/);
  });
});
