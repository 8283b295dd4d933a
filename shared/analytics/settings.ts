/**
 * A brand's analytics settings: when its posts' metrics are snapshotted (ages after publishing)
 * and who receives the weekly report. Kept apart from the publishing settings so each pillar
 * owns its own document and neither can overwrite the other's.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { analyticsSettingsInput, parseAge } from '../contracts/api/analytics.js';
import { keys } from '../platform/store/keys.js';

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
