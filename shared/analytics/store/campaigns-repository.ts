/** Campaigns with their entered cost, one item per campaign name in the brand's partition. */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../platform/store/keys.js';
import type { Campaign } from '../campaigns/campaign.js';

export interface CampaignsRepository {
  put(brandId: string, campaign: Campaign): Promise<void>;
  get(brandId: string, name: string): Promise<Campaign | undefined>;
  /** By name. */
  list(brandId: string): Promise<Campaign[]>;
}

export function createCampaignsRepository(client: DynamoDBDocumentClient, tableName: string): CampaignsRepository {
  return {
    async put(brandId, campaign) {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: keys.brand(brandId), sk: keys.campaign(campaign.name), type: 'campaign', ...campaign } }));
    },
    async get(brandId, name) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.brand(brandId), sk: keys.campaign(name) } }));
      return Item ? toCampaign(Item) : undefined;
    },
    async list(brandId) {
      const campaigns: Campaign[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.brand(brandId), ':prefix': keys.campaignPrefix },
          ExclusiveStartKey: start,
        }));
        campaigns.push(...(page.Items ?? []).map(toCampaign));
        start = page.LastEvaluatedKey;
      } while (start);
      return campaigns;
    },
  };
}

function toCampaign(item: Record<string, unknown>): Campaign {
  const { pk: _pk, sk: _sk, type: _type, ...campaign } = item;
  return campaign as unknown as Campaign;
}
