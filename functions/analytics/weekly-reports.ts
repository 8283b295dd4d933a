/** Weekly (EventBridge schedule): each brand's report of the last 7 full days, stored and mailed. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/platform/observability.js';
import { generateWeeklyReports, reportDeps } from '../../shared/analytics/index.js';

const deps = reportDeps();

export const handler = middy(async () => {
  const outcome = await generateWeeklyReports(deps);
  logger.info('weekly reports', { ...outcome });
  return outcome;
}).use(injectLambdaContext(logger, { resetKeys: true }));
