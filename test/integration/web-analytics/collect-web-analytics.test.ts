/**
 * collectWebAnalytics with the real GA4 client against the GA4 stand-in and rows in DynamoDB Local:
 * one row per (day, source, campaign); re-running a day replaces it, never duplicates it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGa4StandIn, trafficDay, type Ga4StandIn, type TrafficSource } from '../../../local/stand-ins/ga4/server.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { createWebAnalyticsRepository, type WebAnalyticsRepository } from '../../../shared/analytics/store/web-analytics-repository.js';
import { collectWebAnalytics } from '../../../shared/analytics/web-analytics/collect-web-analytics.js';
import { createGa4Client, type Ga4Client } from '../../../shared/analytics/web-analytics/ga4.js';
import { createServiceAccountTokens } from '../../../shared/analytics/web-analytics/google-service-account.js';
import { serviceAccountSchema } from '../../../shared/analytics/web-analytics/brand-secrets.js';

const PROPERTY = '42';
const SPRING: TrafficSource[] = [
  { source: 'mastodon', medium: 'social', campaign: 'spring' },
  { source: 'x', medium: 'social', campaign: 'spring' },
  { source: 'linkedin', medium: 'social', campaign: 'webinar' },
];
const GOOGLE_TWICE: TrafficSource[] = [
  { source: 'google', medium: 'organic', campaign: '(not set)' },
  { source: 'google', medium: 'cpc', campaign: '(not set)' },
];

let table: TestTable;
let repo: WebAnalyticsRepository;
const standIns: Ga4StandIn[] = [];

beforeAll(async () => {
  table = await createTestTable();
  repo = createWebAnalyticsRepository(table.documentClient, table.tableName);
});
afterAll(async () => {
  await Promise.all(standIns.map((s) => s.close()));
  await table?.drop();
});

async function ga4With(traffic: TrafficSource[]): Promise<Ga4Client> {
  const standIn = await startGa4StandIn({ traffic, seed: 'collect', currency: 'EUR' });
  standIns.push(standIn);
  const key = serviceAccountSchema.parse(standIn.createServiceAccount('reader', [PROPERTY]));
  return createGa4Client({ baseUrl: standIn.url, propertyId: PROPERTY, tokens: createServiceAccountTokens({ serviceAccount: key }), pageSize: 2 });
}

const expected = (day: string, source: TrafficSource) => {
  const t = trafficDay('collect', PROPERTY, day, source);
  return { brandId: 'b1', day, source: source.source, medium: source.medium, campaign: source.campaign, sessions: t.sessions, conversions: t.keyEvents, revenue: t.totalRevenue, currency: 'EUR' };
};

describe('collectWebAnalytics', () => {
  it('stores one row per source and campaign, and re-running the day replaces it instead of adding to it', async () => {
    const ga4 = await ga4With(SPRING);
    expect(await collectWebAnalytics({ ga4, repo }, 'b1', '2026-10-31')).toEqual({ day: '2026-10-31', rows: 3, removed: 0 });
    expect(await collectWebAnalytics({ ga4, repo }, 'b1', '2026-11-01')).toEqual({ day: '2026-11-01', rows: 3, removed: 0 });
    expect(await collectWebAnalytics({ ga4, repo }, 'b1', '2026-11-01')).toEqual({ day: '2026-11-01', rows: 3, removed: 0 });
    const rows = await repo.listByDays('b1', '2026-10-31', '2026-11-01');
    expect(rows).toHaveLength(6);
    expect(rows).toEqual(expect.arrayContaining([...SPRING.map((s) => expected('2026-10-31', s)), ...SPRING.map((s) => expected('2026-11-01', s))]));
  });

  it('drops the rows GA4 no longer reports for a re-imported day, and leaves other days alone', async () => {
    const ga4 = await ga4With(SPRING.slice(0, 2));
    expect(await collectWebAnalytics({ ga4, repo }, 'b1', '2026-11-01')).toEqual({ day: '2026-11-01', rows: 2, removed: 1 });
    expect((await repo.listByDays('b1', '2026-11-01', '2026-11-01')).map((r) => r.source).sort()).toEqual(['mastodon', 'x']);
    expect(await repo.listByDays('b1', '2026-10-31', '2026-10-31')).toHaveLength(3);
    expect(await repo.listByDays('b2', '2026-10-01', '2026-11-30')).toEqual([]);
  });

  it('merges one source and campaign reported under two mediums into one row', async () => {
    const ga4 = await ga4With(GOOGLE_TWICE);
    await collectWebAnalytics({ ga4, repo }, 'b3', '2026-11-02');
    const [organic, cpc] = GOOGLE_TWICE.map((s) => expected('2026-11-02', s));
    const rows = await repo.listByDays('b3', '2026-11-02', '2026-11-02');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'google', campaign: '(not set)', sessions: organic!.sessions + cpc!.sessions, conversions: organic!.conversions + cpc!.conversions });
    expect(rows[0]!.medium.split(', ').sort()).toEqual(['cpc', 'organic']);
  });

  it('refuses a day that is not a date, naming the field', async () => {
    const ga4 = await ga4With(SPRING);
    await expect(collectWebAnalytics({ ga4, repo }, 'b1', '2026-02-30')).rejects.toMatchObject({ statusCode: 400, issues: [{ field: 'day' }] });
  });
});
