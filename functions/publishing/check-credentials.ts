/** Daily (EventBridge schedule): refreshes tokens that expire soon, or reports them once. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/platform/observability.js';
import { checkExpiringCredentials } from '../../shared/networks/accounts/credential-expiry.js';
import { credentialDeps } from '../../shared/publishing/dependencies.js';
import { busPublisher, tableDeps } from '../../shared/platform/dependencies.js';
import { createAdapterRegistry } from '../../shared/networks/registry.js';

const deps = { ...tableDeps(), ...credentialDeps(), adapters: createAdapterRegistry(), publish: busPublisher(), now: () => new Date() };

export const handler = middy(async () => {
  const report = await checkExpiringCredentials(deps);
  logger.info('credential check done', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));
