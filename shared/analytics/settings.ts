/**
 * A brand's analytics settings: when its posts' metrics are snapshotted (ages after publishing)
 * and who receives the weekly report. Kept apart from the publishing settings so each pillar
 * owns its own document and neither can overwrite the other's.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys } from '../platform/store/keys.js';

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

export type AnalyticsSettings = z.infer<typeof analyticsSettingsInput>;

/** The ages the field's tools compare posts at: first hour, first day, first week, first month. */
export const DEFAULT_SNAPSHOT_AGES = ['1h', '24h', '7d', '30d'] as const;

export function snapshotAgeSeconds(settings: AnalyticsSettings): number[] {
  return (settings.snapshotAges ?? DEFAULT_SNAPSHOT_AGES).map((a) => parseAge(a)!).sort((a, b) => a - b);
}

export interface AnalyticsSettingsRepository {
  get(brandId: string): Promise<AnalyticsSettings>;
  put(brandId: string, settings: AnalyticsSettings): Promise<void>;
}

export function createAnalyticsSettingsRepository(client: DynamoDBDocumentClient, tableName: string): AnalyticsSettingsRepository {
  const key = (brandId: string) => ({ pk: keys.brand(brandId), sk: keys.analyticsSettings });
  return {
    async get(brandId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(brandId) }));
      const parsed = analyticsSettingsInput.safeParse(Item?.settings);
      return parsed.success ? parsed.data : {};
    },
    async put(brandId, settings) {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...key(brandId), type: 'analyticsSettings', settings } }));
    },
  };
}
