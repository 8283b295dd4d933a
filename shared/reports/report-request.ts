/**
 * What a caller asks for when building a report, and how its period is read: dates are whole
 * local days in the brand's time zone (`to` inclusive), instants are taken as given. Without a
 * period the report covers the last 7 full local days, and is compared with the 7 days before.
 */
import { z } from 'zod';
import { localToInstant } from '../time/zoned.js';
import { localTime } from '../analytics/periods.js';
import { ValidationError } from '../errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateOrInstant = z.string().refine((v) => (DATE.test(v) && Number.isFinite(Date.parse(v))) || z.iso.datetime({ offset: true }).safeParse(v).success,
  'must be a date such as 2026-11-16 (a whole day in the brand time zone) or an ISO 8601 instant such as 2026-11-16T00:00:00Z');

export const createReportInput = z.object({ from: dateOrInstant.optional(), to: dateOrInstant.optional() }).strict().optional();
export type CreateReportInput = z.infer<typeof createReportInput>;

export const reportIdPath = z.object({ reportId: z.string().min(1) });
export const reportFilePath = z.object({
  reportId: z.string().min(1),
  name: z.string().regex(/^(index\.html|[a-z0-9][a-z0-9._-]*\.csv)$/, 'must be index.html or one of the report\'s CSV file names'),
});

export interface ReportPeriod {
  readonly from: Date;
  readonly to: Date;
  readonly timezone: string;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

/** The period asked for, and the one of the same length just before it (for comparisons). */
export function resolvePeriod(input: CreateReportInput, timezone: string, now: Date): { period: ReportPeriod; previous: ReportPeriod } {
  const startOfLocalDay = (date: string) => localToInstant(`${date}T00:00`, timezone);
  const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const today = localTime(now.getTime(), timezone).date;
  const from = input?.from ? (DATE.test(input.from) ? startOfLocalDay(input.from) : new Date(input.from)) : undefined;
  const to = input?.to ? (DATE.test(input.to) ? startOfLocalDay(nextDay(input.to)) : new Date(input.to)) : startOfLocalDay(today);
  const start = from ?? startOfLocalDay(new Date(Date.parse(`${today}T00:00:00Z`) - 7 * DAY_MS).toISOString().slice(0, 10));
  if (start >= to) throw new ValidationError([{ field: 'from', message: 'must be before to' }]);
  if (to.getTime() - start.getTime() > MAX_DAYS * DAY_MS) throw new ValidationError([{ field: 'from', message: `the period may span at most ${MAX_DAYS} days; split it into several reports` }]);
  const length = to.getTime() - start.getTime();
  return {
    period: { from: start, to, timezone },
    previous: { from: new Date(start.getTime() - length), to: start, timezone },
  };
}
