/** Connected network accounts per brand; credentials are not here but in Secrets Manager. */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';
import type { NetworkAccount } from '../networks/contract.js';

export interface AccountsRepository {
  put(account: NetworkAccount): Promise<void>;
  get(brandId: string, accountId: string): Promise<NetworkAccount | undefined>;
  list(brandId: string): Promise<NetworkAccount[]>;
}

export function createAccountsRepository(client: DynamoDBDocumentClient, tableName: string): AccountsRepository {
  return {
    async put(account) {
      await client.send(new PutCommand({
        TableName: tableName,
        Item: { pk: keys.brand(account.brandId), sk: keys.account(account.accountId), type: 'account', ...account },
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
  };
}

function toAccount(item: Record<string, unknown>): NetworkAccount {
  const { pk: _pk, sk: _sk, type: _type, ...account } = item;
  return account as unknown as NetworkAccount;
}
