/**
 * What the analytics operations answer: rollups, best-time suggestions, analytics settings,
 * reports, campaigns and received conversions. A metric the network did not give is null
 * (missing, not 0), and so is every KPI over it.
 */
import { z } from 'zod';
import { POST_METRICS } from '../../metric-names.js';

const instant = z.iso.datetime({ offset: true });
const metric = z.number().nullable();
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** An object with exactly these keys, each of this schema (a record with enum keys would render no properties). */
const objectWith = <const Keys extends readonly string[], S extends z.ZodType>(keys: Keys, schema: S) =>
  z.strictObject(Object.fromEntries(keys.map((key) => [key, schema])) as { [K in Keys[number]]: S });

const metricTotal = z.strictObject({
  sum: metric.meta({ description: 'Sum over the posts (or days) that reported the metric; null when none did' }),
  known: z.number().int(),
  missing: z.number().int(),
});

const postBucket = z.strictObject({
  period: z.string().meta({ description: '2026-03-29, 2026-W13 or 2026-03' }),
  key: z.string().meta({ description: 'The account id, campaign, pillar, or `all`' }),
  posts: z.number().int(),
  totals: objectWith([...POST_METRICS, 'engagements'], metricTotal),
  kpis: z.record(z.string(), z.strictObject({ value: metric, posts: z.number().int() }))
    .meta({ description: 'One entry per post KPI: a ratio of sums over the `posts` that had every input' }),
});

const accountBucket = z.strictObject({
  period: z.string(),
  accountId: z.string(),
  network: z.string(),
  days: z.number().int(),
  followersAtStart: metric,
  followersAtEnd: metric,
  audienceGrowthRate: metric,
  totals: objectWith(['reach', 'impressions', 'profileVisits'], metricTotal),
});

export const rollups = z.strictObject({
  from: instant,
  to: instant,
  timezone: z.string(),
  granularity: z.enum(['day', 'week', 'month']),
  by: z.enum(['channel', 'campaign', 'pillar', 'all']),
  posts: z.array(postBucket),
  audience: z.array(accountBucket),
});

const bestTimeBasis = z.enum(['engagementRateByImpressions', 'engagementsPerPost']);

export const queueSuggestions = z.union([
  z.strictObject({
    accountId: z.string(),
    basis: bestTimeBasis,
    postsScored: z.number().int(),
    slots: z.array(z.strictObject({
      weekday: z.enum(WEEKDAYS),
      hour: z.number().int(),
      minute: z.literal(0),
      score: z.number(),
      posts: z.number().int(),
      basis: bestTimeBasis,
    })).readonly(),
    queue: z.strictObject({
      timezone: z.string(),
      slots: z.array(z.strictObject({ day: z.enum(WEEKDAYS), time: z.string() })),
    }).meta({ description: 'Ready for PUT /accounts/{accountId}/queue' }),
  }),
  z.strictObject({
    accountId: z.string(),
    slots: z.array(z.unknown()).max(0).meta({ description: 'Empty: no slot is suggested' }),
    reason: z.string().meta({ description: 'Why there is not enough history yet' }),
    postsScored: z.number().int(),
  }),
]);

const reportFile = z.strictObject({
  name: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  location: z.string().meta({ description: 's3://bucket/key' }),
  path: z.string().optional().meta({ description: 'The file on disk, under the local runtime only' }),
});

export const report = z.strictObject({
  brandId: z.string(),
  reportId: z.string(),
  from: instant,
  to: instant,
  timezone: z.string(),
  generatedAt: instant,
  trigger: z.enum(['schedule', 'on_demand']),
  location: z.string().meta({ description: 'Where index.html lives' }),
  files: z.array(reportFile).readonly(),
  posts: z.number().int().meta({ description: 'Posts published in the period; 0 means the report says the period is empty' }),
  mailedTo: z.array(z.string()).readonly().optional(),
  requestedBy: z.string().optional(),
}).meta({ id: 'Report' });

export const reportList = z.strictObject({ items: z.array(report) });

export const campaign = z.strictObject({
  name: z.string(),
  cost: z.number(),
  currency: z.string(),
  startsOn: z.string().optional(),
  endsOn: z.string().optional(),
  notes: z.string().optional(),
  updatedAt: instant,
  updatedBy: z.string(),
}).meta({ id: 'Campaign' });

export const campaignList = z.strictObject({ items: z.array(campaign) });

export const receivedConversion = z.strictObject({
  conversionId: z.string(),
  duplicate: z.boolean().meta({ description: 'True when this conversion was already stored; the sender may stop retrying either way' }),
});
