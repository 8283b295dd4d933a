/**
 * The one way tests wait for something that happens elsewhere (another process, a server, a worker): poll the
 * condition until it holds, and fail naming what never came. The deadline only turns a hang into a clear failure;
 * it is never what a test waits for.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** For a yes/no condition: undefined (keep polling) until it holds. */
export const holds = (holds: boolean): true | undefined => (holds ? true : undefined);
