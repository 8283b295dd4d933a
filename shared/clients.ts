/**
 * Module-level AWS SDK clients: created once per container and reused across invocations.
 * Nothing here knows where it runs: locally the runtime sets AWS_ENDPOINT_URL_<SERVICE>,
 * which the SDK reads, and tests inject their own clients into the domain functions.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
export const eventBridge = new EventBridgeClient({});
export const scheduler = new SchedulerClient({});
export const secretsManager = new SecretsManagerClient({});
