/**
 * How numbers read in a report. One place, so the HTML, the plain-text e-mail part and the chart
 * labels agree. Missing stays visibly missing ("—"), never "0".
 */
import type { Change, KpiRow, Unit } from './document.js';

export const MISSING = '—';

const LOCALE = 'en-US';

export function formatValue(value: number | null, unit: Unit | undefined): string {
  if (value === null) return MISSING;
  switch (unit) {
    case '%':
      return `${decimals(value, 2)}%`;
    case 'per post':
      return decimals(value, 2);
    case 'count':
    case undefined:
      return decimals(value, Number.isInteger(value) ? 0 : 2);
    default:
      return new Intl.NumberFormat(LOCALE, { style: 'currency', currency: unit, maximumFractionDigits: 2 }).format(value);
  }
}

/** The absolute change with its sign; a change of a rate is in percentage points, not percent. */
export function formatAbsoluteChange(change: Change, unit: Unit): string {
  if (change.absolute === null) return MISSING;
  const sign = change.absolute > 0 ? '+' : change.absolute < 0 ? '−' : '±';
  const magnitude = Math.abs(change.absolute);
  if (unit === '%') return `${sign}${decimals(magnitude, 2)} pp`;
  return `${sign}${formatValue(magnitude, unit)}`;
}

export function formatRelativeChange(change: Change): string {
  if (change.relative === null) return MISSING;
  const sign = change.relative > 0 ? '+' : change.relative < 0 ? '−' : '±';
  return `${sign}${decimals(Math.abs(change.relative) * 100, 1)}%`;
}

export type Direction = 'up' | 'down' | 'flat' | 'unknown';
/** Whether the change is good news, by the KPI's `better`; unknown when either side is missing. */
export type Verdict = 'better' | 'worse' | 'same' | 'unknown';

export function changeDirection(change: Change): Direction {
  if (change.absolute === null) return 'unknown';
  return change.absolute > 0 ? 'up' : change.absolute < 0 ? 'down' : 'flat';
}

export function changeVerdict(row: KpiRow): Verdict {
  const direction = changeDirection(row.change);
  if (direction === 'unknown') return 'unknown';
  if (direction === 'flat') return 'same';
  return (direction === 'up') === (row.better === 'higher') ? 'better' : 'worse';
}

/** "23 Nov 2026 – 29 Nov 2026" in the report's time zone; `to` is exclusive, so the last day shown is the day before. */
export function formatPeriod(period: { from: string; to: string; timezone: string }): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: period.timezone, day: 'numeric', month: 'short', year: 'numeric' });
  const lastInstant = new Date(Date.parse(period.to) - 1);
  return `${day.format(new Date(period.from))} – ${day.format(lastInstant)}`;
}

export function formatInstant(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(new Date(iso));
}

function decimals(value: number, max: number): string {
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: max }).format(value);
}
