/**
 * What a caller asks for when building a report, and how its period is read: dates are whole
 * local days in the brand's time zone (`to` inclusive), instants are taken as given. Without a
 * period the report covers the last 7 full local days; with only `to`, the 7 days ending there.
 * It is compared with the period of the same length just before (as many whole days, for dates).
 */
import type { z } from 'zod';
import { DATE, DATE_OR_INSTANT, isInstant, type createReportInput } from '../../contracts/api/analytics.js';
import { localToInstant } from '../../platform/time/zoned.js';
import { localTime } from '../periods.js';
import { ValidationError } from '../../platform/errors.js';
import { isDay } from '../../contracts/api/fields.js';

export type CreateReportInput = z.infer<typeof createReportInput>;

export interface ReportPeriod {
  readonly from: Date;
  readonly to: Date;
  readonly timezone: string;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

/** The period asked for, and the one of the same length just before it (for comparisons). */
export function resolvePeriod(input: CreateReportInput, timezone: string, now: Date): { period: ReportPeriod; previous: ReportPeriod } {
  const startOfDay = (date: string) => localToInstant(`${date}T00:00`, timezone);
  const asked = { from: input?.from && boundary('from', input.from), to: input?.to && boundary('to', input.to) };
  // Local dates (the end exclusive) where a bound is a whole day; undefined where it is an instant.
  const endDay = asked.to === undefined ? localTime(now.getTime(), timezone).date : DATE.test(asked.to) ? addDays(asked.to, 1) : undefined;
  const startDay = asked.from === undefined ? (endDay && addDays(endDay, -7)) : DATE.test(asked.from) ? asked.from : undefined;
  const to = endDay ? startOfDay(endDay) : new Date(asked.to!);
  const start = startDay ? startOfDay(startDay) : asked.from ? new Date(asked.from) : new Date(to.getTime() - 7 * DAY_MS);
  if (start >= to) throw new ValidationError([{ field: 'from', message: `must be before to (${to.toISOString()}, the end of the period)` }]);
  if (to.getTime() - start.getTime() > MAX_DAYS * DAY_MS) throw new ValidationError([{ field: 'from', message: `the period may span at most ${MAX_DAYS} days; split it into several reports` }]);
  // Whole days are compared with as many whole days before them: across a daylight-saving switch
  // a week is 167 or 169 hours, and the week before it must still start at local midnight.
  const previousFrom = startDay && endDay
    ? startOfDay(addDays(startDay, -daysBetween(startDay, endDay)))
    : new Date(start.getTime() - (to.getTime() - start.getTime()));
  return {
    period: { from: start, to, timezone },
    previous: { from: previousFrom, to: start, timezone },
  };
}

/** The value itself once it is a real date or an instant; callers that skipped the schema get the same error. */
function boundary(field: 'from' | 'to', value: string): string {
  if (isDay(value) || isInstant(value)) return value;
  throw new ValidationError([{ field, message: `${DATE_OR_INSTANT}; got "${value}"` }]);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
