/**
 * The daily import's Lambda handler as the local runtime runs it: production clients from the
 * environment (AWS_ENDPOINT_URL_* pointing at DynamoDB Local and the local Secrets Manager), the
 * brand's GA4 entry seeded by the stand-in, rows read back through the repository.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Context } from 'aws-lambda';
import { startGa4StandIn, type Ga4StandIn } from '../../../local/stand-ins/ga4/server.js';
import { withDemoWebAnalyticsSecret } from '../../../local/stand-ins/ga4/demo-secret.js';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { createWebAnalyticsRepository } from '../../../shared/analytics/store/web-analytics-repository.js';
import { WEB_ANALYTICS_SECRET } from '../../../shared/analytics/web-analytics/brand-secrets.js';

const context = { functionName: 'collect-web-analytics', awsRequestId: 'aws-req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
let ga4: Ga4StandIn;
let services: AwsServices;
let table: TestTable;
let handler: (event: { day?: string; brandId?: string }, context: Context) => Promise<unknown>;

beforeAll(async () => {
  ga4 = await startGa4StandIn();
  table = await createTestTable();
  const seeded = withDemoWebAnalyticsSecret(ga4, {}, 'demo');
  const entries = JSON.parse(seeded[WEB_ANALYTICS_SECRET]!) as Record<string, unknown>;
  // A second brand whose service account lost access to its property.
  const broken = { ...(entries.demo as { ga4: Record<string, unknown> }).ga4, propertyId: '999' };
  services = await startAwsServices({
    onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined,
    secrets: { [WEB_ANALYTICS_SECRET]: JSON.stringify({ ...entries, broken: { ga4: broken } }) },
  });
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    WEB_ANALYTICS_SECRET_ARN: WEB_ANALYTICS_SECRET,
    AWS_ENDPOINT_URL_DYNAMODB: inject('ddbEndpoint'),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: services.url,
  });
  handler = (await import('../../../functions/analytics/collect-web-analytics.js')).handler as typeof handler;
});
afterAll(async () => {
  await Promise.all([ga4?.close(), services?.close(), table?.drop()]);
});

describe('collect-web-analytics handler', () => {
  it('imports the day for a named brand', async () => {
    expect(await handler({ day: '2026-11-20', brandId: 'demo' }, context)).toEqual({ day: '2026-11-20', brands: 1 });
    const rows = await createWebAnalyticsRepository(table.documentClient, table.tableName).listByDays('demo', '2026-11-20', '2026-11-20');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.currency === 'EUR' && r.day === '2026-11-20')).toBe(true);
  });

  it('imports every brand it can and then fails, naming the brand that could not be imported', async () => {
    await expect(handler({ day: '2026-11-21' }, context)).rejects.toThrow('web analytics import for 2026-11-21 failed for broken');
    const rows = await createWebAnalyticsRepository(table.documentClient, table.tableName).listByDays('demo', '2026-11-21', '2026-11-21');
    expect(rows.length).toBeGreaterThan(0);
  });
});
