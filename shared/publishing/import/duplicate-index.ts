/**
 * The duplicate check of a bulk import, in its own file because it is the one structure that grows with the
 * file's length and is tuned for that (typed arrays instead of a Map of strings).
 */
import { createHash } from 'node:crypto';

/**
 * Which earlier row had the same account, due minute and text: the one structure that grows
 * with the file, so it keeps 64 bits of a SHA-256 per row and its line in typed arrays (an
 * open-addressing table, 12 bytes a slot, at most 3/4 full) instead of strings in a Map. Two
 * different rows share 64 bits with a chance of about n²/2⁶⁵: 3·10⁻¹² for 10⁴ rows.
 */
export class DuplicateIndex {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  private size = 0;

  /** The line of an earlier row with these values; otherwise records `line` and returns undefined. */
  firstLine(accountId: string, due: Date, text: string, line: number): number | undefined {
    const digest = createHash('sha256').update(`${accountId}\u0000${Math.floor(due.getTime() / 60_000)}\u0000${text}`).digest();
    // 0/0 marks an empty slot.
    const high = digest.readUInt32BE(0);
    const low = digest.readUInt32BE(4) || 1;
    const slot = this.find(high, low);
    if (this.low[slot] !== 0) return this.lines[slot];
    this.high[slot] = high;
    this.low[slot] = low;
    this.lines[slot] = line;
    if (++this.size * 4 > this.low.length * 3) this.grow();
    return undefined;
  }

  private find(high: number, low: number): number {
    const mask = this.low.length - 1;
    let slot = low & mask;
    while (this.low[slot] !== 0 && (this.low[slot] !== low || this.high[slot] !== high)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const [high, low, lines] = [this.high, this.low, this.lines];
    this.high = new Uint32Array(low.length * 2);
    this.low = new Uint32Array(low.length * 2);
    this.lines = new Uint32Array(low.length * 2);
    for (let i = 0; i < low.length; i++) {
      if (low[i] === 0) continue;
      const slot = this.find(high[i]!, low[i]!);
      this.high[slot] = high[i]!;
      this.low[slot] = low[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}
