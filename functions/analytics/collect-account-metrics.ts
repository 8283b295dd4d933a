/** Daily (EventBridge schedule): one audience snapshot per connected account. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/platform/observability.js';
import { collectAccountMetrics, collectorDeps } from '../../shared/analytics/index.js';

const deps = collectorDeps();

export const handler = middy(async () => {
  const report = await collectAccountMetrics(deps);
  logger.info('account metrics collected', report);
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));
