/**
 * A brand's publishing settings, kept in the table next to its posts. `requireApproval` turns
 * on the review step: new and edited posts wait in review until someone else approves them;
 * `linkShortener` picks the provider that shortens post links (its token is in the secret).
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { keys } from './store/keys.js';
import { brandSettingsInput } from '../contracts/api/settings.js';

export type BrandSettings = z.infer<typeof brandSettingsInput>;

export const DEFAULT_SETTINGS: BrandSettings = { requireApproval: false };

export interface SettingsRepository {
  get(brandId: string): Promise<BrandSettings>;
  put(brandId: string, settings: BrandSettings): Promise<void>;
}

export function createSettingsRepository(client: DynamoDBDocumentClient, tableName: string): SettingsRepository {
  const key = (brandId: string) => ({ pk: keys.brand(brandId), sk: keys.settings });
  return {
    async get(brandId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(brandId) }));
      const parsed = brandSettingsInput.safeParse(Item?.settings);
      return parsed.success ? parsed.data : DEFAULT_SETTINGS;
    },
    async put(brandId, settings) {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...key(brandId), type: 'settings', settings } }));
    },
  };
}
