/**
 * Typed publishing to the Pillars bus. Every detail is validated against its catalogue schema
 * before it leaves, and PutEvents' partial failures (FailedEntryCount) are retried entry by
 * entry instead of being ignored; what still fails after the retries is thrown, never dropped.
 */
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { CatalogueEntry, DetailOf } from '../../contracts/events/catalogue.js';
import { PillarsError } from '../errors.js';

export interface OutgoingEvent<E extends CatalogueEntry = CatalogueEntry> {
  readonly entry: E;
  readonly detail: DetailOf<E>;
  readonly resources?: string[];
}

export interface PublisherDeps {
  readonly client: EventBridgeClient;
  readonly busName: string;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
}

export class EventPublishError extends PillarsError {
  readonly failures: readonly { detailType: string; errorCode?: string; errorMessage?: string }[];
  constructor(failures: EventPublishError['failures']) {
    super(`${failures.length} event(s) could not be put on the bus: ${failures.map((f) => `${f.detailType} (${f.errorCode}: ${f.errorMessage})`).join(', ')}`, 500);
    this.failures = failures;
  }
}

/** PutEvents accepts at most 10 entries per call. */
const BATCH = 10;

export function event<E extends CatalogueEntry>(entry: E, detail: DetailOf<E>, resources?: string[]): OutgoingEvent<E> {
  return { entry, detail, resources };
}

export async function publishEvents(deps: PublisherDeps, events: readonly OutgoingEvent[]): Promise<void> {
  const entries = events.map((e) => toEntry(deps.busName, e));
  for (let i = 0; i < entries.length; i += BATCH) {
    await putWithRetries(deps, entries.slice(i, i + BATCH));
  }
}

function toEntry(busName: string, { entry, detail, resources }: OutgoingEvent): PutEventsRequestEntry {
  const parsed = entry.schema.safeParse(detail);
  if (!parsed.success) {
    // A producer bug: fail loudly at the source rather than put a malformed event on the bus.
    throw new PillarsError(`refusing to publish invalid ${entry.detailType}: ${parsed.error.message}`, 500);
  }
  return {
    EventBusName: busName,
    Source: entry.source,
    DetailType: entry.detailType,
    Detail: JSON.stringify(parsed.data),
    Resources: resources,
  };
}

async function putWithRetries(deps: PublisherDeps, batch: PutEventsRequestEntry[]): Promise<void> {
  const maxAttempts = deps.maxAttempts ?? 4;
  const baseDelayMs = deps.baseDelayMs ?? 100;
  let pending = batch;
  let failures: { detailType: string; errorCode?: string; errorMessage?: string }[] = [];
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(baseDelayMs * 2 ** (attempt - 2));
    const response = await deps.client.send(new PutEventsCommand({ Entries: pending }));
    if (!response.FailedEntryCount) return;
    const results = response.Entries ?? [];
    failures = [];
    const retry: PutEventsRequestEntry[] = [];
    pending.forEach((entry, index) => {
      const result = results[index];
      if (result?.ErrorCode) {
        retry.push(entry);
        failures.push({ detailType: entry.DetailType ?? '?', errorCode: result.ErrorCode, errorMessage: result.ErrorMessage });
      }
    });
    pending = retry;
  }
  if (pending.length > 0) throw new EventPublishError(failures);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
