/**
 * A keyed store kept on disk as an append-only JSON Lines file: every change is one line appended
 * (`{"put":key,"value":…}` or `{"delete":key}`), so a change costs one small write however many
 * keys there are. Replaying the file from the top gives the current state.
 *
 * Crash safety: a line is written with a single write(2), which survives the process being killed
 * (kill -9) once the call returns. A line torn by a crash mid-write can only be the last one; it is
 * dropped on open (that change was never acknowledged), and every earlier line is kept. Power loss
 * is not covered: nothing is fsync'd, as for the rest of the local runtime's state.
 *
 * Compaction: superseded lines are dropped by rewriting the live keys to a side file and renaming it
 * over the log (atomic), on open and whenever the log holds more than `compactionFactor` lines per
 * live key (and at least `compactionMinLines`), so the file stays proportional to what it holds.
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AppendLogOptions {
  /** @default 2 */
  readonly compactionFactor?: number;
  /** @default 1000 */
  readonly compactionMinLines?: number;
}

type LogLine = { readonly put: string; readonly value: unknown } | { readonly delete: string };

export class AppendLog<T> {
  readonly path: string;
  readonly #factor: number;
  readonly #minLines: number;
  /** Each live key's `put` line as written, so compaction needs no serialisation. */
  readonly #live = new Map<string, string>();
  #lines = 0;
  #fd: number;

  /** Opens (or creates) the log at `path`, replaying it; throws naming the line if a complete line is not valid. */
  constructor(path: string, options: AppendLogOptions = {}) {
    this.path = path;
    this.#factor = options.compactionFactor ?? 2;
    this.#minLines = options.compactionMinLines ?? 1000;
    mkdirSync(dirname(path), { recursive: true });
    // A side file left by a crash during compaction never replaced the log: the log is still whole.
    rmSync(this.#sidePath, { force: true });
    const torn = this.#replay();
    this.#fd = openSync(path, 'a');
    if (torn || this.#lines > this.#live.size) this.compact();
  }

  get size(): number {
    return this.#live.size;
  }

  /** The stored values, parsed afresh: the caller may keep and change them. */
  values(): T[] {
    return [...this.#live.values()].map((line) => (JSON.parse(line) as { value: T }).value);
  }

  put(key: string, value: T): void {
    const line = JSON.stringify({ put: key, value });
    this.#append(line);
    this.#live.set(key, line);
    this.#compactIfLarge();
  }

  delete(key: string): void {
    if (!this.#live.has(key)) return;
    this.#append(JSON.stringify({ delete: key }));
    this.#live.delete(key);
    this.#compactIfLarge();
  }

  /** Rewrites the log with one line per live key. */
  compact(): void {
    const text = [...this.#live.values()].map((line) => `${line}\n`).join('');
    const side = openSync(this.#sidePath, 'w');
    try {
      writeAll(side, text);
    } finally {
      closeSync(side);
    }
    renameSync(this.#sidePath, this.path);
    // The old descriptor still points at the replaced file: appends must go to the new one.
    closeSync(this.#fd);
    this.#fd = openSync(this.path, 'a');
    this.#lines = this.#live.size;
  }

  close(): void {
    closeSync(this.#fd);
  }

  get #sidePath(): string {
    return `${this.path}.compacting`;
  }

  #append(line: string): void {
    writeAll(this.#fd, `${line}\n`);
    this.#lines++;
  }

  #compactIfLarge(): void {
    if (this.#lines >= this.#minLines && this.#lines > this.#factor * Math.max(1, this.#live.size)) this.compact();
  }

  /** Loads the file into #live; true when its last line was torn (and has been cut off). */
  #replay(): boolean {
    if (!existsSync(this.path)) return false;
    const bytes = readFileSync(this.path);
    const end = bytes.lastIndexOf(0x0a) + 1;
    bytes.subarray(0, end).toString('utf8').split('\n').forEach((line, index) => {
      if (line === '') return;
      const entry = parseLine(line, `${this.path} line ${index + 1}`);
      if ('put' in entry) this.#live.set(entry.put, line);
      else this.#live.delete(entry.delete);
      this.#lines++;
    });
    if (end === bytes.length) return false;
    // Cut the torn tail so the next append starts a line of its own.
    const fd = openSync(this.path, 'r+');
    try {
      ftruncateSync(fd, end);
    } finally {
      closeSync(fd);
    }
    return true;
  }
}

function parseLine(line: string, where: string): LogLine {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch (error) {
    // Only the last line can be torn by a crash; a bad line before it means the file was damaged
    // otherwise, and starting without it would silently drop or resurrect entries.
    throw new Error(`${where} is not valid JSON; fix or delete the file: ${(error as Error).message}`, { cause: error });
  }
  const ok = typeof entry === 'object' && entry !== null
    && ((typeof (entry as { put?: unknown }).put === 'string' && 'value' in entry) || typeof (entry as { delete?: unknown }).delete === 'string');
  if (!ok) throw new Error(`${where} is neither {"put":key,"value":…} nor {"delete":key}; fix or delete the file`);
  return entry as LogLine;
}

/** write(2) may write less than asked; a short write must not leave half a line behind. */
function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text);
  for (let offset = 0; offset < buffer.length;) offset += writeSync(fd, buffer, offset);
}
