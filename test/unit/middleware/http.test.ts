import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { BRAND_CLAIM, httpHandler } from '../../../shared/platform/middleware/http.js';
import { NotFoundError } from '../../../shared/platform/errors.js';

const context = {
  functionName: 'test', awsRequestId: 'aws-req-1', getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

function event(overrides: { body?: string; claims?: Record<string, string>; headers?: Record<string, string>; routeKey?: string } = {}) {
  const routeKey = overrides.routeKey ?? 'POST /posts';
  return {
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1],
    headers: overrides.headers ?? {},
    body: overrides.body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-42',
      routeKey,
      authorizer: { jwt: { claims: overrides.claims ?? { [BRAND_CLAIM]: 'brand-a', 'cognito:groups': '[editor]' }, scopes: null } },
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

  it('answers 401 for a brand claim that could reach into another brand\'s keys', async () => {
    const handler = httpHandler({}, async () => ({ statusCode: 200 }));
    for (const brand of ['brand-a#PMETRICS#2026-01', 'brand-a/x', 'b'.repeat(65)]) {
      expect(await call(handler, event({ claims: { [BRAND_CLAIM]: brand, 'cognito:groups': '[admin]' } })), brand).toMatchObject({ status: 401 });
    }
  });

  describe('roles', () => {
    const claims = (groups?: string) => ({ [BRAND_CLAIM]: 'brand-a', sub: 'vic', ...(groups === undefined ? {} : { 'cognito:groups': groups }) });

    it('answers 403 to a viewer, or a caller in no group, on a route that writes, before reading the body or calling the handler', async () => {
      let called = false;
      const handler = httpHandler({ body: schema }, async () => { called = true; return { statusCode: 201 }; });
      for (const groups of ['[viewer]', undefined, '[]']) {
        const res = await call(handler, event({ claims: claims(groups), body: '{not json' }));
        expect(res, String(groups)).toMatchObject({ status: 403, body: { error: { code: 'ForbiddenError' } } });
        expect(res.body.error.message).toBe(`POST /posts needs one of the brand's groups admin, editor, approver; the token's groups: ${groups === '[viewer]' ? 'viewer' : 'none'}`);
      }
      expect(called).toBe(false);
    });

    it('lets every role read, a caller in no group too', async () => {
      const handler = httpHandler({}, async ({ groups }) => ({ statusCode: 200, body: { groups } }));
      for (const groups of ['[admin]', '[editor]', '[approver]', '[viewer]', undefined]) {
        expect(await call(handler, event({ routeKey: 'GET /posts', claims: claims(groups) })), String(groups)).toMatchObject({ status: 200 });
      }
    });

    it('keeps reviews to approvers and admins, and accounts and settings to admins', async () => {
      const handler = httpHandler({}, async () => ({ statusCode: 200 }));
      const status = async (routeKey: string, groups: string) => (await call(handler, event({ routeKey, claims: claims(groups) }))).status;
      expect(await status('POST /posts/{postId}/approve', '[editor]')).toBe(403);
      expect(await status('POST /posts/{postId}/approve', '[approver]')).toBe(200);
      expect(await status('POST /posts/{postId}/reject', '[admin]')).toBe(200);
      for (const routeKey of ['POST /accounts', 'PUT /accounts/{accountId}', 'PUT /settings', 'PUT /analytics/settings']) {
        expect(await status(routeKey, '[editor approver]'), routeKey).toBe(403);
        expect(await status(routeKey, '[admin]'), routeKey).toBe(200);
      }
      const refused = await call(handler, event({ routeKey: 'POST /accounts', claims: claims('[approver]') }));
      expect(refused.body.error.message).toBe("POST /accounts needs the brand's admin group; the token's groups: approver");
    });

    it('refuses a route the route table does not know, since nobody said who may call it', async () => {
      const handler = httpHandler({}, async () => ({ statusCode: 200 }));
      expect(await call(handler, event({ routeKey: 'POST /things', claims: claims('[admin]') }))).toMatchObject({ status: 500 });
    });
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
