/** Every few minutes (EventBridge schedule): takes the post metric snapshots that are due. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/platform/observability.js';
import { collectDuePostMetrics, collectorDeps } from '../../shared/analytics/index.js';

const deps = collectorDeps();

export const handler = middy(async () => {
  const report = await collectDuePostMetrics(deps);
  logger.info('post metrics collected', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));
