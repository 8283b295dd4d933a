/** Connected network accounts per brand; credentials are not here but in Secrets Manager. */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GSI1, keys } from '../../platform/store/keys.js';
import type { NetworkAccount } from '../contract.js';

export interface AccountsRepository {
  /** Writes the account as it is, whether or not it exists (seeding, tests). */
  put(account: NetworkAccount): Promise<void>;
  /** Adds the account; false when the brand already has one with its id, which stays as it was. */
  create(account: NetworkAccount): Promise<boolean>;
  /**
   * Points an existing account elsewhere (handle, base URL, external id), keeping its network and
   * when it was connected; false when the brand has no such account on that network.
   */
  repoint(account: NetworkAccount): Promise<boolean>;
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
  const item = (account: NetworkAccount) => ({
    pk: keys.brand(account.brandId), sk: keys.account(account.accountId), type: 'account', ...account,
    gsi1pk: keys.allAccounts, gsi1sk: `${account.brandId}#${account.accountId}`,
  });
  const unlessConditionFails = async (write: Promise<unknown>) => {
    try {
      await write;
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  return {
    async put(account) {
      await client.send(new PutCommand({ TableName: tableName, Item: item(account) }));
    },
    create: (account) => unlessConditionFails(client.send(new PutCommand({
      TableName: tableName, Item: item(account), ConditionExpression: 'attribute_not_exists(pk)',
    }))),
    repoint: (account) => unlessConditionFails(client.send(new UpdateCommand({
      TableName: tableName,
      Key: { pk: keys.brand(account.brandId), sk: keys.account(account.accountId) },
      UpdateExpression: account.externalId === undefined
        ? 'SET #handle = :handle, #baseUrl = :baseUrl REMOVE #externalId'
        : 'SET #handle = :handle, #baseUrl = :baseUrl, #externalId = :externalId',
      ConditionExpression: 'attribute_exists(pk) AND #network = :network',
      ExpressionAttributeNames: { '#handle': 'handle', '#baseUrl': 'baseUrl', '#externalId': 'externalId', '#network': 'network' },
      ExpressionAttributeValues: {
        ':handle': account.handle, ':baseUrl': account.baseUrl, ':network': account.network,
        ...(account.externalId === undefined ? {} : { ':externalId': account.externalId }),
      },
    }))),
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
    markExpiryReported: (brandId, accountId, expiresAt) => unlessConditionFails(client.send(new UpdateCommand({
      TableName: tableName,
      Key: { pk: keys.brand(brandId), sk: keys.account(accountId) },
      UpdateExpression: 'SET expiryReportedFor = :exp',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(expiryReportedFor) OR expiryReportedFor <> :exp)',
      ExpressionAttributeValues: { ':exp': expiresAt },
    }))),
  };
}

function toAccount(item: Record<string, unknown>): NetworkAccount {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g2, expiryReportedFor: _reported, ...account } = item;
  return account as unknown as NetworkAccount;
}
