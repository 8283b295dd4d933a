/**
 * A uniquely named table on the run's DynamoDB Local with the key schema of the deployed table.
 * The schema is read from the synthesized CDK template (logical id `Table` in the core stack),
 * so a change to infra/core-stack.ts reaches these tests instead of drifting from them;
 * test/infra/stacks.test.ts pins the CDK side itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand, DeleteTableCommand, waitUntilTableExists,
  type CreateTableCommandInput, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoDb } from './local-clients.js';

export interface TestTable {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  /** Deletes the table and releases the clients. */
  drop(): Promise<void>;
}

export type TableDefinition = Omit<CreateTableCommandInput, 'TableName'>;

interface CfnKey { AttributeName: string; KeyType: 'HASH' | 'RANGE' }
interface CfnTableProperties {
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  KeySchema: CfnKey[];
  BillingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
  GlobalSecondaryIndexes?: { IndexName: string; KeySchema: CfnKey[]; Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] } }[];
}

let definition: Promise<TableDefinition> | undefined;

/** The CreateTable input of the CDK table, synthesized once per test file (about a second, no bundling). */
export function pillarsTableDefinition(): Promise<TableDefinition> {
  definition ??= synthesizeDefinition();
  return definition;
}

async function synthesizeDefinition(): Promise<TableDefinition> {
  const [{ buildPillarsApp }, { Template }] = await Promise.all([
    import('../../infra/pillars-app.js'),
    import('aws-cdk-lib/assertions'),
  ]);
  const outdir = mkdtempSync(join(tmpdir(), 'pillars-table-'));
  try {
    const { core } = buildPillarsApp({
      nag: false,
      outdir,
      // Only the template is needed: no asset bundling, no CloudFormation schema validation.
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const resources = Template.fromStack(core).toJSON().Resources as Record<string, { Type: string; Properties: CfnTableProperties }>;
    const table = resources.Table;
    if (table?.Type !== 'AWS::DynamoDB::Table') throw new Error('the core stack has no AWS::DynamoDB::Table with logical id "Table"');
    const p = table.Properties;
    return {
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      BillingMode: p.BillingMode ?? 'PROVISIONED',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
      })),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Creates a fresh table named `<prefix>-<random>`; call `drop()` in afterAll. */
export async function createTestTable(prefix = 'pillars-test'): Promise<TestTable> {
  const { client, documentClient } = localDynamoDb();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand({ TableName: tableName, ...(await pillarsTableDefinition()) }));
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: tableName });
  return {
    tableName,
    client,
    documentClient,
    async drop() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}
