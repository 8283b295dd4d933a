/**
 * Asynchronous CSV import jobs (POST /imports): one item per job, moved through its states by
 * conditional writes so that a redelivered upload event cannot start a second run:
 * waiting_for_upload → importing → done | failed.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, TTL_ATTRIBUTE } from '../../platform/store/keys.js';

export type ImportJobStatus = 'waiting_for_upload' | 'importing' | 'done' | 'failed';

export interface ImportJobOptions {
  readonly dateFormat?: 'dmy' | 'mdy';
  readonly timezone?: string;
  readonly allowPast?: boolean;
}

export interface StoredRejectedRow {
  readonly line: number;
  readonly issues: readonly { readonly field: string; readonly message: string }[];
}

export interface ImportCounts {
  /** Data rows read so far (the header not counted). */
  readonly rowsSeen: number;
  readonly imported: number;
  readonly rejected: number;
}

export interface ImportJob extends ImportCounts {
  readonly brandId: string;
  readonly importId: string;
  readonly status: ImportJobStatus;
  readonly options: ImportJobOptions;
  /** The S3 key the CSV is uploaded to; errors.csv goes next to it. */
  readonly uploadKey: string;
  readonly createdBy?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Until when the upload URL is valid. */
  readonly uploadExpiresAt: string;
  readonly startedAt?: string;
  /** While importing: the run is alive until then (the function's timeout); past it, the run has died. */
  readonly leaseUntil?: string;
  readonly finishedAt?: string;
  /** What the imported posts are: in_review where the brand requires approval. */
  readonly postStatus?: 'scheduled' | 'in_review';
  /** The first rejected rows, in line order; every one of them is in errors.csv. */
  readonly rejectedRows?: readonly StoredRejectedRow[];
  /** The S3 key of errors.csv, when any row was rejected. */
  readonly errorsKey?: string;
  readonly warnings?: readonly string[];
  /** Why the whole file could not be imported (status failed). */
  readonly failure?: string;
}

export interface ImportOutcome extends ImportCounts {
  readonly status: 'done' | 'failed';
  readonly postStatus?: 'scheduled' | 'in_review';
  readonly rejectedRows: readonly StoredRejectedRow[];
  readonly errorsKey?: string;
  readonly warnings?: readonly string[];
  readonly failure?: string;
}

export interface ImportsRepository {
  create(job: ImportJob, expiresAt: Date): Promise<void>;
  get(brandId: string, importId: string): Promise<ImportJob | undefined>;
  /** waiting_for_upload → importing; false when the job is past that state (another delivery has it). */
  claim(brandId: string, importId: string, now: string, leaseUntil: string): Promise<boolean>;
  /** Records progress of a job that is importing. */
  progress(brandId: string, importId: string, counts: ImportCounts, now: string): Promise<void>;
  /** importing → done | failed. */
  finish(brandId: string, importId: string, outcome: ImportOutcome, now: string): Promise<void>;
}

export function createImportsRepository(client: DynamoDBDocumentClient, tableName: string): ImportsRepository {
  const key = (brandId: string, importId: string) => ({ pk: keys.brand(brandId), sk: keys.importJob(importId) });
  const conditional = async (command: UpdateCommand): Promise<boolean> => {
    try {
      await client.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  return {
    async create(job, expiresAt) {
      await client.send(new PutCommand({
        TableName: tableName,
        Item: { ...key(job.brandId, job.importId), type: 'import', ...job, [TTL_ATTRIBUTE]: Math.floor(expiresAt.getTime() / 1000) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
    },
    async get(brandId, importId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(brandId, importId), ConsistentRead: true }));
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, type: _type, [TTL_ATTRIBUTE]: _ttl, ...job } = Item;
      return job as ImportJob;
    },
    claim(brandId, importId, now, leaseUntil) {
      return conditional(new UpdateCommand({
        TableName: tableName, Key: key(brandId, importId),
        UpdateExpression: 'SET #status = :importing, startedAt = :now, updatedAt = :now, leaseUntil = :lease',
        ConditionExpression: 'attribute_exists(pk) AND #status = :waiting',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':importing': 'importing', ':waiting': 'waiting_for_upload', ':now': now, ':lease': leaseUntil },
      }));
    },
    async progress(brandId, importId, counts, now) {
      await conditional(new UpdateCommand({
        TableName: tableName, Key: key(brandId, importId),
        UpdateExpression: 'SET rowsSeen = :seen, imported = :imported, rejected = :rejected, updatedAt = :now',
        ConditionExpression: '#status = :importing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':seen': counts.rowsSeen, ':imported': counts.imported, ':rejected': counts.rejected, ':now': now, ':importing': 'importing' },
      }));
    },
    async finish(brandId, importId, outcome, now) {
      const values: Record<string, unknown> = { ...outcome, finishedAt: now, updatedAt: now };
      const names = Object.keys(values).filter((name) => values[name] !== undefined);
      const done = await conditional(new UpdateCommand({
        TableName: tableName, Key: key(brandId, importId),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')} REMOVE leaseUntil`,
        ConditionExpression: '#status = :importing',
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, values[name]])), ':importing': 'importing' },
      }));
      if (!done) throw new Error(`import ${importId} of brand ${brandId} is not importing, so its outcome cannot be recorded`);
    },
  };
}
