/**
 * POST /webhooks/conversions/{brandId} through the real handler, with the brand's signing secret in
 * the local Secrets Manager (real SDK client) and conversions stored in DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../helpers/local-clients.js';
import { createConversionsRepository, type ConversionsRepository } from '../../../shared/analytics/store/conversions-repository.js';
import { createWebAnalyticsSecrets, WEB_ANALYTICS_SECRET } from '../../../shared/analytics/web-analytics/brand-secrets.js';
import { standardWebhookSignature, verifyStandardWebhook } from '../../../shared/analytics/web-analytics/standard-webhooks.js';

// Standard Webhooks test vector (reference webhooks.md, F3).
const F3 = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const OLD_SECRET = 'whsec_b2xkLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=';
const NOW = new Date(Number(F3.timestamp) * 1000 + 30_000);
const context = { functionName: 'conversion-webhook', awsRequestId: 'aws-req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

let services: AwsServices;
let table: TestTable;
let secretsClient: SecretsManagerClient;
let conversions: ConversionsRepository;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

beforeAll(async () => {
  services = await startAwsServices({
    onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined,
    secrets: { [WEB_ANALYTICS_SECRET]: JSON.stringify({ shop: { conversionSigningSecrets: [F3.secret, OLD_SECRET] }, other: {} }) },
  });
  table = await createTestTable();
  secretsClient = new SecretsManagerClient({ endpoint: services.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  conversions = createConversionsRepository(table.documentClient, table.tableName);
  // The module builds its production dependencies at load, as in Lambda; these are never called.
  Object.assign(process.env, { TABLE_NAME: 'unused', WEB_ANALYTICS_SECRET_ARN: 'unused' });
  const module = await import('../../../functions/analytics/conversion-webhook.js');
  handler = module.conversionWebhookHandler({ secrets: createWebAnalyticsSecrets(secretsClient, WEB_ANALYTICS_SECRET), conversions, now: () => NOW });
});

afterAll(async () => {
  secretsClient?.destroy();
  await table?.drop();
  await services?.close();
});

interface Delivery {
  brandId?: string;
  id?: string;
  timestamp?: string;
  body: string;
  signature?: string;
  headers?: Record<string, string>;
  base64?: boolean;
}

const conversionBody = (overrides: Record<string, unknown> = {}) => JSON.stringify({
  conversionId: 'conv-1', occurredAt: '2021-02-21T18:00:00+01:00', value: 49.9, currency: 'EUR',
  utm_source: 'mastodon', utm_medium: 'social', utm_campaign: 'spring-launch', orderId: 'order-77', ...overrides,
});

function signed(body: string, options: { id?: string; timestamp?: string; secret?: string } = {}): Delivery {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = options.timestamp ?? F3.timestamp;
  return { id, timestamp, body, signature: standardWebhookSignature(options.secret ?? F3.secret, id, timestamp, body) };
}

async function deliver(d: Delivery) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...d.headers };
  if (d.id !== undefined) headers['Webhook-Id'] = d.id;
  if (d.timestamp !== undefined) headers['Webhook-Timestamp'] = d.timestamp;
  if (d.signature !== undefined) headers['Webhook-Signature'] = d.signature;
  const brandId = d.brandId ?? 'shop';
  const event = {
    version: '2.0', routeKey: 'POST /webhooks/conversions/{brandId}', rawPath: `/webhooks/conversions/${brandId}`,
    headers, pathParameters: { brandId },
    body: d.base64 ? Buffer.from(d.body).toString('base64') : d.body, isBase64Encoded: d.base64 ?? false,
    requestContext: { requestId: 'req-1', routeKey: 'POST /webhooks/conversions/{brandId}' },
  } as unknown as APIGatewayProxyEventV2;
  const res = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

const stored = (brandId = 'shop') => conversions.listByDays(brandId, '2021-02-01', '2021-02-28');

describe('Standard Webhooks signature', () => {
  it('reproduces and accepts the F3 test vector', () => {
    expect(standardWebhookSignature(F3.secret, F3.id, F3.timestamp, F3.body)).toBe(F3.signature);
    const verdict = verifyStandardWebhook({
      headers: { id: F3.id, timestamp: F3.timestamp, signature: F3.signature }, rawBody: Buffer.from(F3.body), secrets: [F3.secret], now: NOW,
    });
    expect(verdict).toEqual({ ok: true, id: F3.id });
  });

  it('accepts any of several space-separated signatures, and any configured secret during a rotation', () => {
    const body = Buffer.from(F3.body);
    const withOld = standardWebhookSignature(OLD_SECRET, F3.id, F3.timestamp, body);
    const headers = { id: F3.id, timestamp: F3.timestamp, signature: `v1,AAAA ${withOld}` };
    expect(verifyStandardWebhook({ headers, rawBody: body, secrets: [F3.secret], now: NOW }).ok).toBe(false);
    expect(verifyStandardWebhook({ headers, rawBody: body, secrets: [F3.secret, OLD_SECRET], now: NOW }).ok).toBe(true);
  });
});

describe('POST /webhooks/conversions/{brandId}', () => {
  it('passes the F3 vector through the signature check, then answers 400 naming the missing fields', async () => {
    const res = await deliver({ id: F3.id, timestamp: F3.timestamp, body: F3.body, signature: F3.signature });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['conversionId', 'occurredAt', 'value', 'currency', 'utm_source', 'utm_campaign']));
    expect(await stored()).toEqual([]);
  });

  it('stores a valid conversion once (201), and answers 200 to a duplicate delivery without storing it again', async () => {
    const delivery = signed(conversionBody(), { id: 'msg_first' });
    const first = await deliver({ ...delivery, base64: true });
    expect(first).toEqual({ status: 201, body: { conversionId: 'conv-1', duplicate: false } });
    const again = await deliver(delivery);
    expect(again).toEqual({ status: 200, body: { conversionId: 'conv-1', duplicate: true } });
    expect(await stored()).toEqual([{
      brandId: 'shop', conversionId: 'conv-1', occurredAt: '2021-02-21T17:00:00.000Z', value: 49.9, currency: 'EUR',
      source: 'mastodon', medium: 'social', campaign: 'spring-launch', orderId: 'order-77', webhookId: 'msg_first', receivedAt: NOW.toISOString(),
    }]);
  });

  it.each([
    ['a tampered body', () => ({ ...signed(conversionBody({ conversionId: 'conv-t' })), body: conversionBody({ conversionId: 'conv-t', value: 4990 }) })],
    ['a wrong secret', () => signed(conversionBody({ conversionId: 'conv-w' }), { secret: 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==' })],
    ['a stale timestamp (replay beyond 5 minutes)', () => signed(conversionBody({ conversionId: 'conv-s' }), { timestamp: String(Number(F3.timestamp) - 301) })],
    ['a timestamp from the future', () => signed(conversionBody({ conversionId: 'conv-f' }), { timestamp: String(Number(F3.timestamp) + 400) })],
    ['a missing webhook-signature header', () => ({ ...signed(conversionBody({ conversionId: 'conv-m' })), signature: undefined })],
    ['a missing webhook-id header', () => ({ ...signed(conversionBody({ conversionId: 'conv-i' })), id: undefined })],
    ['a brand without a signing secret', () => ({ ...signed(conversionBody({ conversionId: 'conv-o' })), brandId: 'other' })],
  ])('answers 401 and stores nothing for %s', async (_, make) => {
    const delivery = make();
    const res = await deliver(delivery);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UnauthorizedError');
    expect((await stored(delivery.brandId ?? 'shop')).map((c) => c.conversionId)).not.toContain(JSON.parse(delivery.body).conversionId);
  });

  it.each([
    ['a negative value', { value: -1 }, 'value'],
    ['a value sent as a string', { value: '49.90' }, 'value'],
    ['a lower-case currency', { currency: 'eur' }, 'currency'],
    ['an occurredAt without a time zone', { occurredAt: '2021-02-21 18:00' }, 'occurredAt'],
    ['an empty utm_campaign', { utm_campaign: ' ' }, 'utm_campaign'],
  ])('answers 400 naming the field for %s, and stores nothing', async (_, overrides, field) => {
    const conversionId = `conv-bad-${field}`;
    const res = await deliver(signed(conversionBody({ ...overrides, conversionId })));
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field, message: expect.any(String) }]);
    expect((await stored()).map((c) => c.conversionId)).not.toContain(conversionId);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await deliver(signed('conversionId=conv-x'));
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'body', message: expect.stringContaining('JSON') }]);
  });
});
