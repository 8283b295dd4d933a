/**
 * One timer per schedule. Node's setTimeout cannot wait longer than 2^31-1 ms (about 24.8 days;
 * longer delays fire at once), so far-future times are reached in hops, and every timer is
 * unref'd so a pending schedule never keeps the process alive.
 */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

export class ScheduleClock {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  arm(key: string, at: Date, fire: () => void): void {
    this.disarm(key);
    const wait = Math.max(0, at.getTime() - Date.now());
    const timer = setTimeout(() => {
      if (wait > LONGEST_WAIT_MS) return this.arm(key, at, fire);
      this.#timers.delete(key);
      fire();
    }, Math.min(wait, LONGEST_WAIT_MS));
    timer.unref();
    this.#timers.set(key, timer);
  }

  disarm(key: string): void {
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
  }

  disarmAll(): void {
    this.#timers.forEach((timer) => clearTimeout(timer));
    this.#timers.clear();
  }
}
