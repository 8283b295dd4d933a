/**
 * Fault injection shared by every network stand-in: faults hit matching API requests in order,
 * each expiring after `times` hits. Each stand-in answers a fault in its own network's error shape.
 */
import { z } from 'zod';

// Faults hit matching API requests in order, each expiring after `times` hits (default 1).
const scope = {
  /** Number of requests the fault hits before it expires; default 1. */
  times: z.number().int().positive().optional(),
  /** Only requests whose path starts with this prefix (e.g. `/api/v1/statuses`). */
  path: z.string().startsWith('/').optional(),
  /** Only requests with this HTTP method (e.g. `POST`). */
  method: z.string().min(1).optional(),
};

export const sandboxFaultSchema = z.discriminatedUnion('kind', [
  /** Answer with this HTTP status (any 4xx/5xx) before the request is processed. */
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    /** The error message in the network's error body; defaults to the status' reason phrase. */
    error: z.string().optional(),
    /** `html` answers like a reverse proxy's error page (text/html), as nginx does for 502. */
    contentType: z.enum(['json', 'html']).optional(),
    ...scope,
  }),
  /** 429 with `Retry-After` and the network's own rate-limit error body. */
  z.object({ kind: z.literal('rate_limit'), retryAfterSeconds: z.number().int().nonnegative(), ...scope }),
  /** Wait `delayMs`, then process and answer normally (the write still happens if the client gave up). */
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().nonnegative(), ...scope }),
  /** Destroy the socket without processing or answering. */
  z.object({ kind: z.literal('drop'), ...scope }),
  /** Process the request (e.g. create the status), then destroy the socket instead of answering. */
  z.object({ kind: z.literal('drop_after_commit'), ...scope }),
]);

export type SandboxFault = z.infer<typeof sandboxFaultSchema>;

interface QueuedFault {
  readonly fault: SandboxFault;
  remaining: number;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: SandboxFault): void {
    this.queue.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  /** The pending faults with how many hits each has left. */
  pending(): Array<SandboxFault & { remaining: number }> {
    return this.queue.map((q) => ({ ...q.fault, remaining: q.remaining }));
  }

  /** Consumes one hit of the first fault matching this request, if any. */
  take(method: string, path: string): SandboxFault | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.path === undefined || path.startsWith(fault.path)) &&
        (fault.method === undefined || fault.method.toUpperCase() === method.toUpperCase()),
    );
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}
