/**
 * The Google endpoints the stand-in serves, as pure functions of its state and one request:
 *   POST /token                                    jwt-bearer grant (RFC 7523) → { access_token, expires_in, token_type }
 *   POST /v1beta/properties/{propertyId}:runReport  dateRanges (one), dimensions, metrics, limit, offset
 * Shapes follow https://developers.google.com/identity/protocols/oauth2/service-account and
 * https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport;
 * API errors are `{ error: { code, message, status } }`, token errors `{ error, error_description }`.
 */
import type { HostReply, HostRequest } from '../stand-in-host.js';
import { bearerToken } from '../stand-in-host.js';
import type { ServiceAccounts } from './service-accounts.js';
import { daysBetween, trafficDay, type TrafficDay, type TrafficSource } from './traffic.js';

export interface Ga4Context {
  readonly accounts: ServiceAccounts;
  readonly traffic: readonly TrafficSource[];
  readonly seed: string;
  readonly currency: string;
  readonly timeZone: string;
  /** The token endpoint's own URL: the `aud` every assertion must carry. */
  tokenUri(): string;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL', 502: 'UNAVAILABLE', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

export const googleError = (code: number, message: string): HostReply => ({ status: code, body: { error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN' } } });

const DIMENSIONS: Record<string, (row: TrafficDay) => string> = {
  date: (row) => row.day.replaceAll('-', ''),
  sessionSource: (row) => row.source,
  sessionMedium: (row) => row.medium,
  sessionCampaignName: (row) => row.campaign,
};
const METRICS: Record<string, { type: string; value: (row: TrafficDay) => number }> = {
  sessions: { type: 'TYPE_INTEGER', value: (row) => row.sessions },
  keyEvents: { type: 'TYPE_INTEGER', value: (row) => row.keyEvents },
  totalRevenue: { type: 'TYPE_CURRENCY', value: (row) => row.totalRevenue },
};
const MAX_LIMIT = 250_000;

export function handleToken(ctx: Ga4Context, req: HostRequest): HostReply {
  const form = new URLSearchParams(req.raw.toString('utf8'));
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (form.get('grant_type') ?? '') } };
  }
  const check = ctx.accounts.checkAssertion(form.get('assertion') ?? '', ctx.tokenUri());
  if (!check.ok) return { status: 400, body: { error: 'invalid_grant', error_description: check.reason } };
  if (!check.scope.split(' ').includes('https://www.googleapis.com/auth/analytics.readonly')) {
    return { status: 400, body: { error: 'invalid_scope', error_description: 'The analytics.readonly scope is required for the Data API.' } };
  }
  return { status: 200, body: ctx.accounts.issueToken(check.email) };
}

export function handleRunReport(ctx: Ga4Context, req: HostRequest, propertyId: string): HostReply {
  const email = ctx.accounts.tokenOwner(bearerToken(req.headers));
  if (!email) return googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
  if (!ctx.accounts.mayRead(email, propertyId)) return googleError(403, `User does not have sufficient permissions for this property. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.`);
  const body = JSON.parse(req.raw.toString('utf8') || '{}') as {
    dateRanges?: { startDate?: string; endDate?: string }[];
    dimensions?: { name?: string }[];
    metrics?: { name?: string }[];
    limit?: number | string;
    offset?: number | string;
  };
  const range = body.dateRanges?.[0];
  if (body.dateRanges?.length !== 1 || !isDate(range?.startDate) || !isDate(range?.endDate) || range.startDate > range.endDate) {
    return googleError(400, 'dateRanges must hold one range with startDate and endDate as YYYY-MM-DD, startDate not after endDate (this stand-in serves one range).');
  }
  const dimensions = (body.dimensions ?? []).map((d) => d.name ?? '');
  const metrics = (body.metrics ?? []).map((m) => m.name ?? '');
  const unknownDimension = dimensions.find((name) => !(name in DIMENSIONS));
  if (unknownDimension !== undefined) return googleError(400, `Field ${unknownDimension} is not a valid dimension. For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema`);
  const unknownMetric = metrics.find((name) => !(name in METRICS));
  if (unknownMetric !== undefined) return googleError(400, `Field ${unknownMetric} is not a valid metric. For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema`);
  if (metrics.length === 0) return googleError(400, 'At least one metric is required.');
  const limit = Number(body.limit ?? 10_000);
  const offset = Number(body.offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return googleError(400, `limit must be a positive integer no larger than ${MAX_LIMIT}.`);
  if (!Number.isInteger(offset) || offset < 0) return googleError(400, 'offset must be a non-negative integer.');

  const grouped = new Map<string, { dims: string[]; values: number[] }>();
  for (const day of daysBetween(range.startDate, range.endDate)) {
    for (const source of ctx.traffic) {
      const row = trafficDay(ctx.seed, propertyId, day, source);
      const dims = dimensions.map((name) => DIMENSIONS[name]!(row));
      const key = dims.join('\u0000');
      const entry = grouped.get(key) ?? { dims, values: metrics.map(() => 0) };
      metrics.forEach((name, i) => { entry.values[i]! += METRICS[name]!.value(row); });
      grouped.set(key, entry);
    }
  }
  const all = [...grouped.values()].sort((a, b) => a.dims.join('\u0000').localeCompare(b.dims.join('\u0000')));
  const page = all.slice(offset, offset + limit);
  return {
    status: 200,
    body: {
      dimensionHeaders: dimensions.map((name) => ({ name })),
      metricHeaders: metrics.map((name) => ({ name, type: METRICS[name]!.type })),
      ...(page.length > 0 ? {
        rows: page.map((row) => ({
          dimensionValues: row.dims.map((value) => ({ value })),
          metricValues: row.values.map((value, i) => ({ value: METRICS[metrics[i]!]!.type === 'TYPE_CURRENCY' ? String(Math.round(value * 100) / 100) : String(value) })),
        })),
      } : {}),
      ...(all.length > 0 ? { rowCount: all.length } : {}),
      metadata: { currencyCode: ctx.currency, timeZone: ctx.timeZone },
      kind: 'analyticsData#runReport',
    },
  };
}

function isDate(value: string | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
