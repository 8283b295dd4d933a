/** The analytics routes' inputs: settings, rollups, reports, campaigns and the conversion webhook. */
import { z } from 'zod';
import { isDay } from './fields.js';

const AGE_PATTERN = /^(\d+)(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const MAX_AGE_SECONDS = 90 * 86_400;

/** "90s", "15m", "1h", "7d" → seconds; undefined when it is not such a duration. */
export function parseAge(age: string): number | undefined {
  const match = AGE_PATTERN.exec(age);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

const age = z.string().refine((value) => {
  const seconds = parseAge(value);
  return seconds !== undefined && seconds > 0 && seconds <= MAX_AGE_SECONDS;
}, 'must be a duration such as 1h, 24h, 7d (s, m, h or d; more than 0, at most 90d)');

export const analyticsSettingsInput = z.object({
  snapshotAges: z.array(age).min(1, 'needs at least one age, e.g. ["1h","24h","7d","30d"]').max(12, 'at most 12 ages')
    .refine((ages) => new Set(ages.map(parseAge)).size === ages.length, 'each age must differ from the others')
    .optional(),
  reportRecipients: z.array(z.email({ error: 'must be an e-mail address' })).max(50, 'at most 50 recipients').optional(),
}).strict();

/** A calendar day as written in requests, e.g. 2026-11-16. */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_OR_INSTANT = 'must be a date such as 2026-11-16 (a whole day in the brand time zone) or an ISO 8601 instant such as 2026-11-16T00:00:00Z';
export const isInstant = (v: string) => z.iso.datetime({ offset: true }).safeParse(v).success;
export const dateOrInstant = z.string().refine((v) => isDay(v) || isInstant(v), DATE_OR_INSTANT);

export const createReportInput = z.object({ from: dateOrInstant.optional(), to: dateOrInstant.optional() }).strict().optional();
export const reportIdPath = z.object({ reportId: z.string().min(1) });
export const reportFilePath = z.object({
  reportId: z.string().min(1),
  name: z.string().regex(/^(index\.html|[a-z0-9][a-z0-9._-]*\.csv)$/, 'must be index.html or one of the report\'s CSV file names'),
});

export const rollupsQuery = z.object({
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  granularity: z.enum(['day', 'week', 'month'], { error: 'must be day, week or month' }).default('day'),
  by: z.enum(['channel', 'campaign', 'pillar', 'all'], { error: 'must be channel, campaign, pillar or all' }).default('channel'),
}).strict();
const day = (what: string) => z.string({ error: `must be a date YYYY-MM-DD (${what})` }).refine(isDay, `must be a real date written YYYY-MM-DD (${what})`);

export const campaignNamePath = z.object({
  name: z.string().trim().min(1, 'required: the campaign name as used in utm_campaign').max(200, 'at most 200 characters')
    .refine((name) => !name.includes('#'), 'must not contain #'),
});

export const campaignInput = z.object({
  cost: z.number({ error: 'required: what the campaign cost, as a number ≥ 0 (e.g. 1200)' }).finite().nonnegative('must be 0 or more'),
  currency: z.string({ error: 'required: an ISO 4217 code such as EUR' }).regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, e.g. EUR'),
  startsOn: day('the first day of the campaign').optional(),
  endsOn: day('the last day of the campaign').optional(),
  notes: z.string().max(2000, 'at most 2000 characters').optional(),
}).strict().refine((c) => !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] });

const text = (what: string) => z.string({ error: `required: ${what}` }).trim().min(1, `must not be empty: ${what}`).max(200, 'at most 200 characters');

export const conversionInput = z.object({
  conversionId: text("the sender's id of the conversion"),
  occurredAt: z.iso.datetime({ offset: true, error: 'required: an ISO 8601 instant such as 2026-11-25T14:03:00Z' }),
  value: z.number({ error: 'required: the conversion value as a JSON number, e.g. 49.9' }).nonnegative('must be 0 or more').finite(),
  currency: z.string({ error: 'required: an ISO 4217 code such as EUR' }).regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, e.g. EUR'),
  utm_source: text('the utm_source of the visit, e.g. mastodon'),
  utm_medium: text('the utm_medium of the visit').optional(),
  utm_campaign: text('the utm_campaign of the visit; it joins the conversion to a campaign'),
  orderId: text('the order id').optional(),
});

