/**
 * The GA4 client against the GA4 stand-in: the service-account JWT flow (the stand-in verifies the
 * RS256 signature with the account's public key), token reuse, runReport paging, retries of 429 and
 * 5xx, and classified failures.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { startGa4StandIn, trafficDay, type Ga4StandIn, type ServiceAccountKeyFile, type TrafficSource } from '../../../local/stand-ins/ga4/server.js';
import { createGa4Client } from '../../../shared/analytics/web-analytics/ga4.js';
import { createServiceAccountTokens } from '../../../shared/analytics/web-analytics/google-service-account.js';
import { serviceAccountSchema } from '../../../shared/analytics/web-analytics/brand-secrets.js';
import { Ga4Error } from '../../../shared/analytics/web-analytics/ga4-errors.js';
import { failure } from '../../helpers/failure.js';

const PROPERTY = '123456789';
const DAY = '2026-11-25';
const traffic: TrafficSource[] = Array.from({ length: 7 }, (_, i) => ({ source: `source-${i}`, medium: 'social', campaign: `campaign-${i % 3}` }));

let ga4: Ga4StandIn;
let keyFile: ServiceAccountKeyFile;
const calls: { url: string; body: string }[] = [];
const countingFetch: typeof fetch = async (input, init) => {
  calls.push({ url: String(input), body: String(init?.body ?? '') });
  return fetch(input, init);
};
const sleeps: number[] = [];
const sleep = async (ms: number) => { sleeps.push(ms); };

beforeAll(async () => {
  ga4 = await startGa4StandIn({ traffic, seed: 'test' });
  keyFile = ga4.createServiceAccount('pillars-reader', [PROPERTY]);
});
afterAll(async () => { await ga4?.close(); });
afterEach(() => {
  calls.length = 0;
  sleeps.length = 0;
  ga4.clearFaults();
});

const client = (options: { pageSize?: number; key?: ServiceAccountKeyFile; propertyId?: string } = {}) => createGa4Client({
  baseUrl: ga4.url,
  propertyId: options.propertyId ?? PROPERTY,
  tokens: createServiceAccountTokens({ serviceAccount: serviceAccountSchema.parse(options.key ?? keyFile), fetch: countingFetch }),
  fetch: countingFetch,
  pageSize: options.pageSize,
  sleep,
});
const tokenCalls = () => calls.filter((c) => c.url.endsWith('/token')).length;
const reportCalls = () => calls.filter((c) => c.url.endsWith(':runReport'));

describe('GA4 client against the stand-in', () => {
  it('gets an access token with a signed JWT, reads every page until rowCount and parses the rows', async () => {
    const report = await client({ pageSize: 3 }).runReport(DAY);
    expect(report.currency).toBe('EUR');
    expect(report.rows).toHaveLength(7);
    expect(reportCalls().map((c) => JSON.parse(c.body) as { offset: number; limit: number }).map((b) => [b.offset, b.limit])).toEqual([[0, 3], [3, 3], [6, 3]]);
    expect(tokenCalls()).toBe(1);
    const expected = trafficDay('test', PROPERTY, DAY, traffic[4]!);
    expect(report.rows.find((r) => r.source === 'source-4')).toEqual({
      day: DAY, source: 'source-4', medium: 'social', campaign: 'campaign-1',
      sessions: expected.sessions, keyEvents: expected.keyEvents, revenue: expected.totalRevenue,
    });
  });

  it('reuses the access token across reports until it nears expiry', async () => {
    const reader = client();
    await reader.runReport(DAY);
    await reader.runReport('2026-11-24');
    expect(tokenCalls()).toBe(1);
    expect(reportCalls()).toHaveLength(2);
  });

  it('renews a revoked access token once and carries on', async () => {
    const reader = client();
    await reader.runReport(DAY);
    ga4.revokeTokens();
    expect((await reader.runReport(DAY)).rows).toHaveLength(7);
    expect(tokenCalls()).toBe(2);
  });

  it('waits out a 429 with Retry-After and a 503 with backoff, then succeeds', async () => {
    ga4.injectFault({ kind: 'rate_limit', retryAfterSeconds: 7, path: '/v1beta/' });
    ga4.injectFault({ kind: 'status', status: 503, path: '/v1beta/' });
    const report = await client().runReport(DAY);
    expect(report.rows).toHaveLength(7);
    expect(sleeps).toEqual([7000, 1000]);
    expect(reportCalls()).toHaveLength(3);
  });

  it('gives up after the last attempt with a retry_later error', async () => {
    ga4.injectFault({ kind: 'status', status: 500, path: '/v1beta/', times: 5 });
    const error = await failure(client().runReport(DAY), Ga4Error);
    expect(error).toMatchObject({ kind: 'retry_later', status: 500 });
    expect(reportCalls()).toHaveLength(5);
  });

  it('classifies a spent daily quota as quota, without retrying', async () => {
    ga4.injectFault({ kind: 'status', status: 429, error: 'Exhausted property tokens per day quota.', path: '/v1beta/' });
    await expect(client().runReport(DAY)).rejects.toMatchObject({ kind: 'quota', status: 429 });
    expect(reportCalls()).toHaveLength(1);
  });

  it('classifies a key the token endpoint does not know as credentials', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = { ...keyFile, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const error = await failure(client({ key: forged }).runReport(DAY), Ga4Error);
    expect(error).toMatchObject({ kind: 'credentials', status: 400, message: expect.stringContaining('Invalid JWT Signature') });
    expect(reportCalls()).toHaveLength(0);
  });

  it('classifies a property the service account cannot read as credentials (403)', async () => {
    await expect(client({ propertyId: '987654321' }).runReport(DAY)).rejects.toMatchObject({ kind: 'credentials', status: 403 });
  });

  it('answers an empty report (no rowCount) with no rows', async () => {
    const empty = await startGa4StandIn({ traffic: [] });
    try {
      const key = empty.createServiceAccount('reader', [PROPERTY]);
      const reader = createGa4Client({ baseUrl: empty.url, propertyId: PROPERTY, tokens: createServiceAccountTokens({ serviceAccount: serviceAccountSchema.parse(key) }), sleep });
      expect(await reader.runReport(DAY)).toEqual({ rows: [], currency: 'EUR' });
    } finally {
      await empty.close();
    }
  });
});
