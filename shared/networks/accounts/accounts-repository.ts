/** Connected network accounts per brand; credentials are not here but in Secrets Manager. */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GSI1, keys } from '../../platform/store/keys.js';
import type { NetworkAccount } from '../contract.js';

export interface AccountsRepository {
  put(account: NetworkAccount): Promise<void>;
  get(brandId: string, accountId: string): Promise<NetworkAccount | undefined>;
  list(brandId: string): Promise<NetworkAccount[]>;
  /** Every brand's accounts (for daily checks across the deployment). */
  listAll(): Promise<NetworkAccount[]>;
  /**
   * Records that the expiry `expiresAt` of this account's credentials was reported; false when
   * it already was, so one expiry is announced once, not every day.
   */
  markExpiryReported(brandId: string, accountId: string, expiresAt: string): Promise<boolean>;
}

export function createAccountsRepository(client: DynamoDBDocumentClient, tableName: string): AccountsRepository {
  return {
    async put(account) {
      await client.send(new PutCommand({
        TableName: tableName,
        Item: {
          pk: keys.brand(account.brandId), sk: keys.account(account.accountId), type: 'account', ...account,
          gsi1pk: keys.allAccounts, gsi1sk: `${account.brandId}#${account.accountId}`,
        },
      }));
    },
    async get(brandId, accountId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.brand(brandId), sk: keys.account(accountId) } }));
      return Item ? toAccount(Item) : undefined;
    },
    async list(brandId) {
      const { Items = [] } = await client.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.brand(brandId), ':prefix': keys.accountPrefix },
      }));
      return Items.map(toAccount);
    },
    async listAll() {
      const accounts: NetworkAccount[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new QueryCommand({
          TableName: tableName, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.allAccounts }, ExclusiveStartKey: start,
        }));
        accounts.push(...(page.Items ?? []).map(toAccount));
        start = page.LastEvaluatedKey;
      } while (start);
      return accounts;
    },
    async markExpiryReported(brandId, accountId, expiresAt) {
      try {
        await client.send(new UpdateCommand({
          TableName: tableName,
          Key: { pk: keys.brand(brandId), sk: keys.account(accountId) },
          UpdateExpression: 'SET expiryReportedFor = :exp',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(expiryReportedFor) OR expiryReportedFor <> :exp)',
          ExpressionAttributeValues: { ':exp': expiresAt },
        }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

function toAccount(item: Record<string, unknown>): NetworkAccount {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g2, expiryReportedFor: _reported, ...account } = item;
  return account as unknown as NetworkAccount;
}
