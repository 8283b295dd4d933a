/** What each built report is and where its files live (the files themselves are in S3). */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../platform/store/keys.js';

export interface ReportFile {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: number;
  /** s3://bucket/key */
  readonly location: string;
  /** The file on disk, under the local runtime only. */
  readonly path?: string;
}

export interface ReportRecord {
  readonly brandId: string;
  /** A ULID: reports sort by when they were built. */
  readonly reportId: string;
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
  readonly generatedAt: string;
  readonly trigger: 'schedule' | 'on_demand';
  /** Where index.html lives. */
  readonly location: string;
  readonly files: readonly ReportFile[];
  /** Posts published in the period; 0 means the report says the period is empty. */
  readonly posts: number;
  readonly mailedTo?: readonly string[];
  readonly requestedBy?: string;
}

export interface ReportsRepository {
  put(record: ReportRecord): Promise<void>;
  get(brandId: string, reportId: string): Promise<ReportRecord | undefined>;
  /** Newest first. */
  list(brandId: string, limit: number): Promise<ReportRecord[]>;
  /** The scheduled report already built for the period starting at `from`, if any. */
  scheduledFor(brandId: string, from: string): Promise<string | undefined>;
  /** Records that the scheduled report for `from` is `reportId`, so a retried run does not mail it twice. */
  markScheduled(brandId: string, from: string, reportId: string): Promise<void>;
}

export function createReportsRepository(client: DynamoDBDocumentClient, tableName: string): ReportsRepository {
  const strip = (item: Record<string, unknown>) => {
    const { pk: _pk, sk: _sk, type: _type, ...record } = item;
    return record as unknown as ReportRecord;
  };
  return {
    async put(record) {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: keys.brand(record.brandId), sk: keys.report(record.reportId), type: 'report', ...record } }));
    },
    async get(brandId, reportId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.brand(brandId), sk: keys.report(reportId) } }));
      return Item ? strip(Item) : undefined;
    },
    async list(brandId, limit) {
      const { Items = [] } = await client.send(new QueryCommand({
        TableName: tableName, Limit: limit, ScanIndexForward: false,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.brand(brandId), ':prefix': keys.reportPrefix },
      }));
      return Items.map(strip);
    },
    async scheduledFor(brandId, from) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.brand(brandId), sk: keys.scheduledReport(from) } }));
      return Item?.reportId as string | undefined;
    },
    async markScheduled(brandId, from, reportId) {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: keys.brand(brandId), sk: keys.scheduledReport(from), type: 'scheduledReport', reportId } }));
    },
  };
}
