/**
 * Instagram and Threads publish in two steps: create a container, wait until Meta has processed it, then
 * publish it. This file holds the waiting: the polling loop, its settings and their defaults.
 */
import { NetworkError, type NetworkName } from '../contract.js';
import type { MetaAdapterOptions } from './adapter-helpers.js';
import type { GraphClient } from './graph-client.js';
import { networkLabel } from './graph-errors.js';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ContainerPolling {
  /** Wait between two status reads; Meta suggests about a minute for video, seconds are enough for images. */
  readonly pollIntervalMs: number;
  /** Status reads before giving up with `retry_later` (the container is never published then). */
  readonly maxPolls: number;
  readonly sleep: Sleep;
}

export type ContainerState = { readonly state: 'ready' } | { readonly state: 'wait' } | { readonly state: 'failed'; readonly error: NetworkError };

/**
 * Reads a container's status until `interpret` says it is ready or failed: the first read is immediate,
 * then one read per interval, at most `maxPolls` reads. Running out is `retry_later`: nothing was published.
 */
export async function waitForContainer(
  graph: GraphClient,
  network: NetworkName,
  containerId: string,
  fields: string,
  interpret: (body: Record<string, unknown>) => ContainerState,
  polling: ContainerPolling,
): Promise<void> {
  for (let poll = 1; poll <= polling.maxPolls; poll += 1) {
    const { body } = await graph.request({ path: `/${containerId}`, params: { fields } });
    const result = interpret(body);
    if (result.state === 'ready') return;
    if (result.state === 'failed') throw result.error;
    if (poll < polling.maxPolls) await polling.sleep(polling.pollIntervalMs);
  }
  throw new NetworkError(network, 'retry_later', `${networkLabel(network)} container ${containerId} still processing after ${polling.maxPolls} status reads`);
}

export interface ContainerAdapterOptions extends MetaAdapterOptions {
  /** Wait between container status reads; default 5 s. */
  readonly pollIntervalMs?: number;
  /** Status reads per container before `retry_later`; default 60 (5 minutes at the default interval). */
  readonly maxPolls?: number;
  /** Injectable for tests; default setTimeout. */
  readonly sleep?: Sleep;
}

export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const DEFAULT_MAX_POLLS = 60;
