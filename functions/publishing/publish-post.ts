/** Target of each post's one-off schedule: the payload is the schedule's Input, {brandId, postId}. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { logger } from '../../shared/platform/observability.js';
import { MalformedEventError } from '../../shared/platform/errors.js';
import { publishPost, publisherDeps } from '../../shared/publishing/index.js';

// Scheduler targets need the publisher's ARN; a function cannot reference its own ARN in CloudFormation.
let selfArn = '';
const deps = publisherDeps(() => selfArn);
const trigger = z.object({ brandId: z.string().min(1), postId: z.string().min(1) });

export const handler = middy(async (event: unknown, context: Context) => {
  selfArn = context.invokedFunctionArn;
  const parsed = trigger.safeParse(event);
  if (!parsed.success) throw new MalformedEventError('publish trigger', parsed.error.message);
  logger.appendKeys({ correlationId: parsed.data.postId, brandId: parsed.data.brandId });
  const outcome = await publishPost(parsed.data, deps);
  logger.info(`publish outcome: ${outcome.kind}`, { outcome });
  return outcome;
}).use(injectLambdaContext(logger, { resetKeys: true }));
