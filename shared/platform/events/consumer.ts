/**
 * Typed consumption: an incoming EventBridge event is checked against the catalogue entry the
 * consumer subscribed to. A mismatch throws MalformedEventError, so the invocation fails and
 * the event goes through Lambda's retries to the dead-letter queue with this reason.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import type { CatalogueEntry, DetailOf } from '../../contracts/events/catalogue.js';
import { MalformedEventError } from '../errors.js';

export function parseEvent<E extends CatalogueEntry>(
  entries: readonly E[],
  event: EventBridgeEvent<string, unknown>,
): { entry: E; detail: DetailOf<E> } {
  // One detail-type may have several versions on the bus at once; the detail says which it is.
  const version = (event.detail as { schemaVersion?: unknown } | null)?.schemaVersion;
  const named = entries.filter((e) => e.source === event.source && e.detailType === event['detail-type']);
  const entry = named.find((e) => e.version === version) ?? named[0];
  if (!entry) {
    throw new MalformedEventError(String(event['detail-type']), `unexpected source/detail-type ${event.source}/${event['detail-type']}`);
  }
  const parsed = entry.schema.safeParse(event.detail);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `detail.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new MalformedEventError(entry.detailType, reason);
  }
  return { entry, detail: parsed.data as DetailOf<E> };
}
