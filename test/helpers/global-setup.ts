import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/aws/dynamodb-local.js';

/** One DynamoDB Local for the whole run; each test file creates its own uniquely named table. */
export default async function setup(project: TestProject) {
  const ddb = await startDynamoDbLocal();
  project.provide('ddbEndpoint', ddb.endpoint);
  return () => ddb.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string;
  }
}
