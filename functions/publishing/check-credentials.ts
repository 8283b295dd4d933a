/** Daily (EventBridge schedule): refreshes tokens that expire soon, or reports them once. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/platform/observability.js';
import { checkExpiringCredentials, credentialCheckDeps } from '../../shared/publishing/index.js';

const deps = credentialCheckDeps();

export const handler = middy(async () => {
  const report = await checkExpiringCredentials(deps);
  logger.info('credential check done', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));
