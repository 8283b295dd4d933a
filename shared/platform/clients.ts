/**
 * Module-level AWS SDK clients: created once per container and reused across invocations.
 * Nothing here knows where it runs: locally the runtime sets AWS_ENDPOINT_URL_<SERVICE>,
 * which the SDK reads, and tests inject their own clients into the domain functions.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
export const eventBridge = new EventBridgeClient({});
export const scheduler = new SchedulerClient({});
export const secretsManager = new SecretsManagerClient({});
// A local endpoint has no per-bucket host names, so objects are addressed as /<bucket>/<key> there.
export const s3 = new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined });
/** Only for presigned URLs: a URL is signed before its body exists, so it must not carry a body checksum. */
export const s3Presigner = new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined, requestChecksumCalculation: 'WHEN_REQUIRED' });
export const sesv2 = new SESv2Client({});
