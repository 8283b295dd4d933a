/**
 * EventBridge PutEvents (awsJson1_1, `X-Amz-Target: AWSEvents.PutEvents`), validated entry by
 * entry as AWS does, so a publisher's partial-failure handling meets the same answers locally.
 * Any bus name is accepted: routing accepted events to rules is the runtime's job (onEvents).
 */
import { randomUUID } from 'node:crypto';
import { AwsError, validation, type Reply } from './http.js';

/** An event as EventBridge delivers it to a rule's target. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: unknown;
}

export interface EventBridgeOptions {
  readonly region: string;
  readonly accountId: string;
  readonly onEvents: (busName: string, events: BusEvent[]) => void | Promise<void>;
}

type ResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const MAX_ENTRIES = 10;
/** PutEvents' limit on the summed entry sizes, computed as the EventBridge guide describes. */
const MAX_REQUEST_BYTES = 256 * 1024;

export class EventBridgeService {
  readonly #options: EventBridgeOptions;
  #entriesToFail = 0;

  constructor(options: EventBridgeOptions) {
    this.#options = options;
  }

  failNextEntries(count: number): void {
    this.#entriesToFail = count;
  }

  handle(operation: string, input: Record<string, unknown>): Reply {
    if (operation !== 'PutEvents') throw new AwsError('UnknownOperationException', `Operation ${operation} is not emulated locally.`);
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw validation("1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (entries.length > MAX_ENTRIES) {
      throw validation(`1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`);
    }
    if (entries.reduce((sum: number, entry) => sum + entrySize(entry as Record<string, unknown>), 0) > MAX_REQUEST_BYTES) {
      throw validation('Total size of the entries in the request is over the limit.');
    }

    const accepted = new Map<string, BusEvent[]>();
    const results = entries.map((entry: Record<string, unknown>): ResultEntry => {
      const problem = invalidEntry(entry);
      if (problem) return problem;
      if (this.#entriesToFail > 0) {
        this.#entriesToFail--;
        return { ErrorCode: 'InternalException', ErrorMessage: 'Internal Service Error (injected by failNextPutEventsEntries)' };
      }
      const event = this.#toBusEvent(entry);
      const bus = busNameOf(entry.EventBusName);
      accepted.set(bus, [...(accepted.get(bus) ?? []), event]);
      return { EventId: event.id };
    });

    return {
      body: { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results },
      // Delivered after the answer, so a slow consumer never slows the producer, as on a real bus.
      afterResponse: () => accepted.forEach((events, bus) => void this.#deliver(bus, events)),
    };
  }

  #toBusEvent(entry: Record<string, unknown>): BusEvent {
    const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date();
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: this.#options.accountId,
      // EventBridge gives event times to the second.
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.#options.region,
      resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      detail: JSON.parse(entry.Detail as string),
    };
  }

  async #deliver(busName: string, events: BusEvent[]): Promise<void> {
    try {
      await this.#options.onEvents(busName, events);
    } catch (error) {
      console.error(`local EventBridge: delivering ${events.length} event(s) on bus ${busName} failed`, error);
    }
  }
}

function invalidEntry(entry: Record<string, unknown>): ResultEntry | undefined {
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
    }
  }
  if (!isJsonObject(entry.Detail as string)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  return undefined;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** EventBusName is a name or an ARN (`arn:aws:events:region:account:event-bus/NAME`). */
function busNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  return value.startsWith('arn:') ? value.slice(value.indexOf('event-bus/') + 'event-bus/'.length) : value;
}

function entrySize(entry: Record<string, unknown>): number {
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  const resources = Array.isArray(entry.Resources) ? entry.Resources.reduce((sum: number, r) => sum + bytes(r), 0) : 0;
  return (entry.Time === undefined ? 0 : 14) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + resources;
}
