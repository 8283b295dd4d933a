/**
 * PUT/GET /campaigns through the real handlers against DynamoDB Local, and the ROI inputs read back
 * from stored campaigns, web analytics rows and conversions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { BRAND_CLAIM } from '../../../shared/platform/middleware/http.js';
import { createCampaignsRepository, type CampaignsRepository } from '../../../shared/analytics/store/campaigns-repository.js';
import { createConversionsRepository } from '../../../shared/analytics/store/conversions-repository.js';
import { createWebAnalyticsRepository } from '../../../shared/analytics/store/web-analytics-repository.js';
import { readCampaignReturns } from '../../../shared/analytics/campaigns/read-campaign-returns.js';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;
const context = { functionName: 'campaigns', awsRequestId: 'aws-req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const NOW = new Date('2026-11-26T09:00:00.000Z');

let table: TestTable;
let campaigns: CampaignsRepository;
let put: Handler;
let get: Handler;
let list: Handler;

beforeAll(async () => {
  table = await createTestTable();
  campaigns = createCampaignsRepository(table.documentClient, table.tableName);
  // The modules build their production dependencies at load, as in Lambda; these are never called.
  Object.assign(process.env, { TABLE_NAME: 'unused' });
  put = (await import('../../../functions/analytics/put-campaign.js')).putCampaignHandler({ campaigns, now: () => NOW });
  get = (await import('../../../functions/analytics/get-campaign.js')).getCampaignHandler({ campaigns });
  list = (await import('../../../functions/analytics/list-campaigns.js')).listCampaignsHandler({ campaigns });
});
afterAll(async () => { await table?.drop(); });

async function call(handler: Handler, routeKey: string, options: { name?: string; body?: unknown; brand?: string } = {}) {
  const event = {
    version: '2.0', routeKey, rawPath: '/campaigns', headers: {},
    pathParameters: options.name === undefined ? undefined : { name: options.name },
    body: options.body === undefined ? undefined : JSON.stringify(options.body), isBase64Encoded: false,
    requestContext: { requestId: 'req-1', routeKey, authorizer: { jwt: { claims: { [BRAND_CLAIM]: options.brand ?? 'brand-a', sub: 'ana', 'cognito:groups': '[editor]' }, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const res = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}
const putCampaign = (name: string, body: unknown, brand?: string) => call(put, 'PUT /campaigns/{name}', { name, body, brand });

describe('campaigns API', () => {
  it('stores a campaign, replaces it on a second PUT, and lists and gets it for its brand only', async () => {
    expect(await putCampaign('spring-launch', { cost: 900, currency: 'EUR' })).toMatchObject({ status: 200 });
    const replaced = await putCampaign('spring-launch', { cost: 1200, currency: 'EUR', startsOn: '2026-11-01', endsOn: '2026-11-30', notes: 'print + influencer' });
    const stored = { name: 'spring-launch', cost: 1200, currency: 'EUR', startsOn: '2026-11-01', endsOn: '2026-11-30', notes: 'print + influencer', updatedAt: NOW.toISOString(), updatedBy: 'ana' };
    expect(replaced).toEqual({ status: 200, body: stored });
    await putCampaign('autumn', { cost: 0, currency: 'USD' });
    expect(await call(get, 'GET /campaigns/{name}', { name: 'spring-launch' })).toEqual({ status: 200, body: stored });
    expect((await call(list, 'GET /campaigns')).body.items.map((c: { name: string }) => c.name)).toEqual(['autumn', 'spring-launch']);
    expect(await call(list, 'GET /campaigns', { brand: 'brand-b' })).toEqual({ status: 200, body: { items: [] } });
    expect((await call(get, 'GET /campaigns/{name}', { name: 'spring-launch', brand: 'brand-b' })).status).toBe(404);
  });

  it.each([
    ['a negative cost', { cost: -5, currency: 'EUR' }, 'cost'],
    ['a cost sent as text', { cost: '1200', currency: 'EUR' }, 'cost'],
    ['a missing currency', { cost: 10 }, 'currency'],
    ['a currency that is not ISO 4217', { cost: 10, currency: 'euro' }, 'currency'],
    ['a date that does not exist', { cost: 10, currency: 'EUR', startsOn: '2026-02-30' }, 'startsOn'],
    ['a month that does not exist', { cost: 10, currency: 'EUR', endsOn: '2026-13-01' }, 'endsOn'],
    ['an end before the start', { cost: 10, currency: 'EUR', startsOn: '2026-11-10', endsOn: '2026-11-01' }, 'endsOn'],
    ['an unknown field', { cost: 10, currency: 'EUR', budget: 5 }, 'body'],
  ])('answers 400 naming the field for %s, and stores nothing', async (_, body, field) => {
    const res = await putCampaign('rejected', body);
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ field, message: expect.any(String) })]);
    expect(await campaigns.get('brand-a', 'rejected')).toBeUndefined();
  });

  it('refuses a name with # (it would collide with stored keys)', async () => {
    const res = await putCampaign('a#b', { cost: 1, currency: 'EUR' });
    expect(res.body.error.issues).toEqual([{ field: 'name', message: 'must not contain #' }]);
  });
});

describe('readCampaignReturns', () => {
  it('joins stored cost, GA4 rows and conversions of the period per campaign', async () => {
    const webAnalytics = createWebAnalyticsRepository(table.documentClient, table.tableName);
    const conversions = createConversionsRepository(table.documentClient, table.tableName);
    await campaigns.put('brand-r', { name: 'spring', cost: 400, currency: 'EUR', updatedAt: NOW.toISOString(), updatedBy: 'ana' });
    const row = { brandId: 'brand-r', medium: 'social', campaign: 'spring', currency: 'EUR' };
    await webAnalytics.replaceDay('brand-r', '2026-10-31', [{ ...row, day: '2026-10-31', source: 'x', sessions: 40, conversions: 1, revenue: 25 }]);
    await webAnalytics.replaceDay('brand-r', '2026-11-01', [{ ...row, day: '2026-11-01', source: 'mastodon', sessions: 60, conversions: 3, revenue: 90 }]);
    await webAnalytics.replaceDay('brand-r', '2026-11-02', [{ ...row, day: '2026-11-02', source: 'mastodon', sessions: 999, conversions: 9, revenue: 999 }]);
    await conversions.putOnce({
      brandId: 'brand-r', conversionId: 'o1', occurredAt: '2026-11-01T12:00:00.000Z', value: 70, currency: 'EUR',
      source: 'mastodon', campaign: 'spring', webhookId: 'msg_1', receivedAt: NOW.toISOString(),
    });
    // Oct 31 and Nov 1 span two monthly partitions; Nov 2 is outside the period.
    expect(await readCampaignReturns({ campaigns, webAnalytics, conversions }, 'brand-r', '2026-10-31', '2026-11-01')).toEqual([{
      campaign: 'spring', currency: 'EUR', cost: 400, enteredCost: 400, adSpend: null,
      sessions: 100, conversions: 2, revenue: 95, revenueInOtherCurrencies: {},
    }]);
  });
});
