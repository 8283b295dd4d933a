/**
 * The runReport request this import sends and the parse of Google's documented answer
 * (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/RunReportResponse):
 * `dimensionHeaders`/`metricHeaders` name the columns, each row carries `dimensionValues` and
 * `metricValues` as strings in that order, `rowCount` counts every row of every page, and
 * `metadata.currencyCode` is the property's currency. Columns are found by header name, not position.
 * GA4 renamed the `conversions` metric to `keyEvents` in 2024; `totalRevenue` is purchase,
 * subscription and ad revenue together.
 */
import { Ga4Error } from './ga4-errors.js';

export const REPORT_DIMENSIONS = ['date', 'sessionSource', 'sessionMedium', 'sessionCampaignName'] as const;
export const REPORT_METRICS = ['sessions', 'keyEvents', 'totalRevenue'] as const;

export interface Ga4Row {
  /** YYYY-MM-DD in the property's time zone. */
  readonly day: string;
  readonly source: string;
  readonly medium: string;
  readonly campaign: string;
  /** null when GA4 returned no value for the metric. */
  readonly sessions: number | null;
  readonly keyEvents: number | null;
  readonly revenue: number | null;
}

export interface ReportPage {
  readonly rows: Ga4Row[];
  /** Rows over all pages; 0 when the report is empty (Google then omits it). */
  readonly rowCount: number;
  readonly currency?: string;
}

export function reportRequest(day: string, offset: number, limit: number) {
  return {
    dateRanges: [{ startDate: day, endDate: day }],
    dimensions: REPORT_DIMENSIONS.map((name) => ({ name })),
    metrics: REPORT_METRICS.map((name) => ({ name })),
    limit,
    offset,
  };
}

interface RawResponse {
  dimensionHeaders?: { name?: unknown }[];
  metricHeaders?: { name?: unknown }[];
  rows?: { dimensionValues?: { value?: unknown }[]; metricValues?: { value?: unknown }[] }[];
  rowCount?: unknown;
  metadata?: { currencyCode?: unknown };
}

export function parseReportPage(body: unknown, rowOffset: number): ReportPage {
  const raw = (body ?? {}) as RawResponse;
  const dimensionIndex = indexOf(raw.dimensionHeaders, REPORT_DIMENSIONS);
  const metricIndex = indexOf(raw.metricHeaders, REPORT_METRICS);
  const rows = (raw.rows ?? []).map((row, i): Ga4Row => {
    const where = `row ${rowOffset + i + 1}`;
    const dimension = (name: (typeof REPORT_DIMENSIONS)[number]) => {
      const value = row.dimensionValues?.[dimensionIndex[name] ?? -1]?.value;
      if (typeof value !== 'string') throw new Ga4Error('bad_response', `GA4 report ${where} has no ${name} value`);
      return value;
    };
    const metric = (name: (typeof REPORT_METRICS)[number]) => {
      const index = metricIndex[name];
      const value = index === undefined ? undefined : row.metricValues?.[index]?.value;
      if (value === undefined || value === null || value === '') return null;
      const number = typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
      if (!Number.isFinite(number) || number < 0) throw new Ga4Error('bad_response', `GA4 report ${where} has ${name} "${String(value)}", not a number ≥ 0`);
      return number;
    };
    const date = dimension('date');
    if (!/^\d{8}$/.test(date)) throw new Ga4Error('bad_response', `GA4 report ${where} has date "${date}", not YYYYMMDD`);
    return {
      day: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      source: dimension('sessionSource'),
      medium: dimension('sessionMedium'),
      campaign: dimension('sessionCampaignName'),
      sessions: metric('sessions'),
      keyEvents: metric('keyEvents'),
      revenue: metric('totalRevenue'),
    };
  });
  const rowCount = raw.rowCount === undefined ? 0 : Number(raw.rowCount);
  if (!Number.isInteger(rowCount) || rowCount < 0) throw new Ga4Error('bad_response', `GA4 report rowCount "${String(raw.rowCount)}" is not a count`);
  const currency = typeof raw.metadata?.currencyCode === 'string' ? raw.metadata.currencyCode : undefined;
  return { rows, rowCount, currency };
}

function indexOf<N extends string>(headers: { name?: unknown }[] | undefined, names: readonly N[]): Partial<Record<N, number>> {
  const index: Partial<Record<N, number>> = {};
  (headers ?? []).forEach((header, i) => {
    if (names.includes(header.name as N)) index[header.name as N] = i;
  });
  return index;
}
