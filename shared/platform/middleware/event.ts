/**
 * The edge of every bus consumer: parses the event through the catalogue and never swallows
 * an error, so a failure goes through Lambda's async retries to the dead-letter queue.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { logger } from '../observability.js';
import type { CatalogueEntry, DetailOf } from '../../contracts/events/catalogue.js';
import { parseEvent } from '../events/consumer.js';

export function eventHandler<E extends CatalogueEntry>(
  entries: readonly E[],
  fn: (input: { entry: E; detail: DetailOf<E>; eventId: string }) => Promise<void>,
) {
  const base = async (event: EventBridgeEvent<string, unknown>, _context: Context): Promise<void> => {
    const { entry, detail } = parseEvent(entries, event);
    await fn({ entry, detail, eventId: event.id });
  };
  return middy(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        logger.appendKeys({ correlationId: request.event.id, detailType: request.event['detail-type'] });
      },
      onError: (request) => {
        logger.error('event handling failed; Lambda will retry, then dead-letter it', request.error as Error);
      },
    });
}
