import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppendLog } from '../../../local/aws/append-log.js';

let dir: string;
let path: string;
const open: AppendLog<unknown>[] = [];
const openLog = <T>(options?: ConstructorParameters<typeof AppendLog>[1]) => {
  const log = new AppendLog<T>(path, options);
  open.push(log);
  return log;
};
const lines = () => readFileSync(path, 'utf8').split('\n').filter(Boolean);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillars-append-log-'));
  path = join(dir, 'data', 'things.jsonl');
});

afterEach(() => {
  open.splice(0).forEach((log) => log.close());
  rmSync(dir, { recursive: true, force: true });
});

describe('AppendLog', () => {
  it('gives back after reopening what was put, with the latest value of each key and without deleted keys', () => {
    const log = openLog<{ n: number }>();
    log.put('a', { n: 1 });
    log.put('b', { n: 2 });
    log.put('a', { n: 3 });
    log.put('c', { n: 4 });
    log.delete('b');
    log.close();
    open.pop();

    const reopened = openLog<{ n: number }>();
    expect(reopened.size).toBe(2);
    expect(reopened.values()).toEqual([{ n: 3 }, { n: 4 }]);
  });

  it('appends one line per change instead of rewriting the file', () => {
    const log = openLog();
    log.put('a', { n: 1 });
    const first = readFileSync(path, 'utf8');
    log.put('b', { n: 2 });
    log.delete('a');
    const after = readFileSync(path, 'utf8');
    expect(after.startsWith(first)).toBe(true);
    expect(lines().map((line) => JSON.parse(line))).toEqual([{ put: 'a', value: { n: 1 } }, { put: 'b', value: { n: 2 } }, { delete: 'a' }]);
  });

  it('writes nothing for deleting a key it does not hold', () => {
    const log = openLog();
    log.put('a', 1);
    log.delete('missing');
    expect(lines()).toHaveLength(1);
  });

  it('drops a torn last line, keeps every earlier entry and appends cleanly after it', () => {
    const log = openLog<{ n: number }>();
    log.put('a', { n: 1 });
    log.put('b', { n: 2 });
    log.close();
    open.pop();
    // What a crash in the middle of writing a third line leaves behind.
    appendFileSync(path, '{"put":"c","value":{"n"');

    const reopened = openLog<{ n: number }>();
    expect(reopened.values()).toEqual([{ n: 1 }, { n: 2 }]);
    reopened.put('d', { n: 4 });
    reopened.close();
    open.pop();

    expect(openLog<{ n: number }>().values()).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
    expect(lines().every((line) => JSON.parse(line) !== undefined)).toBe(true);
  });

  it('refuses a damaged line before the last one, naming the file and line', () => {
    openLog().close(); // creates the folder
    open.pop();
    writeFileSync(path, '{"put":"a","value":1}\nnot json\n{"put":"b","value":2}\n');
    expect(() => new AppendLog(path)).toThrow(`${path} line 2 is not valid JSON; fix or delete the file`);
    writeFileSync(path, '{"put":"a","value":1}\n{"set":"b"}\n');
    expect(() => new AppendLog(path)).toThrow(`${path} line 2 is neither {"put":key,"value":…} nor {"delete":key}`);
  });

  it('compacts on open, leaving one line per live key', () => {
    const log = openLog();
    for (let n = 0; n < 50; n++) log.put(`k${n % 5}`, { n });
    log.delete('k0');
    log.close();
    open.pop();
    expect(lines()).toHaveLength(51);

    const reopened = openLog<{ n: number }>();
    expect(lines()).toHaveLength(4);
    expect(reopened.values()).toEqual([{ n: 46 }, { n: 47 }, { n: 48 }, { n: 49 }]);
  });

  it('compacts while running once superseded lines outnumber live ones, so the file stays proportional', () => {
    const log = openLog<{ n: number }>({ compactionFactor: 2, compactionMinLines: 100 });
    for (let n = 0; n < 10_000; n++) log.put(`k${n % 10}`, { n });
    expect(lines().length).toBeLessThan(100);
    expect(statSync(path).size).toBeLessThan(100 * 40);
    // Appends after a compaction land in the new file, not the replaced one.
    log.put('after', { n: -1 });
    log.close();
    open.pop();
    const reopened = openLog<{ n: number }>();
    expect(reopened.size).toBe(11);
    expect(reopened.values()).toContainEqual({ n: 9_999 });
    expect(reopened.values()).toContainEqual({ n: -1 });
  });

  it('keeps many live keys without compacting them away', () => {
    const log = openLog<{ n: number }>({ compactionMinLines: 100 });
    for (let n = 0; n < 5_000; n++) log.put(`k${n}`, { n });
    for (let n = 0; n < 5_000; n += 2) log.delete(`k${n}`);
    log.close();
    open.pop();
    const reopened = openLog<{ n: number }>();
    expect(reopened.size).toBe(2_500);
    expect(reopened.values().every(({ n }) => n % 2 === 1)).toBe(true);
  });

  it('ignores a side file left by a crash during compaction, as the log it was to replace is whole', () => {
    const log = openLog<number>();
    log.put('a', 1);
    log.close();
    open.pop();
    writeFileSync(`${path}.compacting`, '{"put":"half');

    expect(openLog<number>().values()).toEqual([1]);
    expect(existsSync(`${path}.compacting`)).toBe(false);
  });
});
