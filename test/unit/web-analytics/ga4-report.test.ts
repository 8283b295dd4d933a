import { describe, expect, it } from 'vitest';
import { parseReportPage } from '../../../shared/analytics/web-analytics/ga4-report.js';

// The documented RunReportResponse shape; columns deliberately in another order than requested.
const response = (rows: { dims: string[]; metrics: (string | undefined)[] }[], extra: Record<string, unknown> = {}) => ({
  dimensionHeaders: [{ name: 'sessionCampaignName' }, { name: 'date' }, { name: 'sessionSource' }, { name: 'sessionMedium' }],
  metricHeaders: [{ name: 'totalRevenue', type: 'TYPE_CURRENCY' }, { name: 'sessions', type: 'TYPE_INTEGER' }, { name: 'keyEvents', type: 'TYPE_INTEGER' }],
  rows: rows.map((r) => ({ dimensionValues: r.dims.map((value) => ({ value })), metricValues: r.metrics.map((value) => (value === undefined ? {} : { value })) })),
  rowCount: rows.length,
  metadata: { currencyCode: 'USD', timeZone: 'America/New_York' },
  kind: 'analyticsData#runReport',
  ...extra,
});

describe('parseReportPage', () => {
  it('reads columns by header name and numbers from strings', () => {
    const page = parseReportPage(response([{ dims: ['spring', '20261125', 'mastodon', 'social'], metrics: ['123.45', '80', '3'] }]), 0);
    expect(page).toEqual({
      rowCount: 1, currency: 'USD',
      rows: [{ day: '2026-11-25', source: 'mastodon', medium: 'social', campaign: 'spring', sessions: 80, keyEvents: 3, revenue: 123.45 }],
    });
  });

  it('reports a metric GA4 did not return as null, not zero', () => {
    const body = response([{ dims: ['spring', '20261125', 'x', 'social'], metrics: [undefined, '10', '0'] }]);
    expect(parseReportPage(body, 0).rows[0]).toMatchObject({ revenue: null, sessions: 10, keyEvents: 0 });
    const withoutHeader = { ...body, metricHeaders: body.metricHeaders.slice(0, 2), rows: [{ ...body.rows[0], metricValues: [{ value: '5' }, { value: '10' }] }] };
    expect(parseReportPage(withoutHeader, 0).rows[0]).toMatchObject({ revenue: 5, sessions: 10, keyEvents: null });
  });

  it('refuses a number that is not one, naming the row (counted across pages) and the metric', () => {
    const body = response([{ dims: ['spring', '20261125', 'x', 'social'], metrics: ['12', 'lots', '1'] }]);
    expect(() => parseReportPage(body, 10_000)).toThrow('GA4 report row 10001 has sessions "lots", not a number ≥ 0');
  });

  it('refuses a row without a dimension value or with a malformed date', () => {
    expect(() => parseReportPage(response([{ dims: ['spring', '20261125', 'x'], metrics: ['1', '1', '1'] }]), 0)).toThrow('row 1 has no sessionMedium value');
    expect(() => parseReportPage(response([{ dims: ['spring', '2026-11-25', 'x', 'social'], metrics: ['1', '1', '1'] }]), 0)).toThrow('date "2026-11-25", not YYYYMMDD');
  });
});
