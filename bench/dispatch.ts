/**
 * Local event dispatch — matching an event against every rule's pattern, then invoking the
 * target in its Lambda-like worker — against calling the same handler directly in-process.
 */
import { fileURLToPath } from 'node:url';
import { LocalFunction } from '../local/lambda/lambda-runtime.js';
import { matchesPattern } from '../local/aws/event-pattern.js';
import { patternFor } from '../shared/contracts/events/pattern.js';
import { catalogue } from '../shared/contracts/events/catalogue.js';
import { handler } from './fixtures/echo-handler.js';

export interface DispatchResult {
  readonly events: number;
  readonly directMicros: number;
  readonly dispatchMicros: number;
  readonly ratio: number;
}

export async function benchDispatch(events = 2_000): Promise<DispatchResult> {
  // Rule patterns shaped like the real ones: one per catalogue entry, as CDK derives them.
  const patterns = catalogue.map((entry) => {
    const p = patternFor(entry);
    return { source: p.source, 'detail-type': p.detailType };
  });
  const target = catalogue[1];
  const event = (n: number) => ({
    version: '0', id: `e${n}`, 'detail-type': target.detailType, source: target.source, account: '000000000000',
    time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: { n },
  });
  const fn = new LocalFunction({
    name: 'bench-echo', arn: 'arn:aws:lambda:us-east-1:000000000000:function:bench-echo',
    entry: fileURLToPath(new URL('./fixtures/echo-handler.ts', import.meta.url)), handlerExport: 'handler',
    environment: {}, timeoutSeconds: 30, memoryMb: 128,
  }, { onLog: () => {} });

  await fn.invoke(event(-1)); // cold start outside the measurement, as for the direct call's import
  const directStart = performance.now();
  for (let n = 0; n < events; n++) await handler(event(n));
  const directMs = performance.now() - directStart;

  const dispatchStart = performance.now();
  for (let n = 0; n < events; n++) {
    const e = event(n);
    const matched = patterns.filter((p) => matchesPattern(p, e));
    for (const _ of matched) {
      const result = await fn.invoke(e);
      if (!result.ok) throw new Error(result.errorMessage);
    }
  }
  const dispatchMs = performance.now() - dispatchStart;
  await fn.close();
  return { events, directMicros: (directMs * 1000) / events, dispatchMicros: (dispatchMs * 1000) / events, ratio: dispatchMs / directMs };
}
