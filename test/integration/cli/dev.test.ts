import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, emptyRepo, removeTempDirs } from './fake-api.js';
import { waitFor, holds } from '../../helpers/wait-for.js';

afterAll(removeTempDirs);

/**
 * A stand-in for local/main.ts, in TypeScript so it only runs if tsx is loaded: it
 * records how it was started, then exits, traps a signal, or waits to be killed.
 */
const FAKE_RUNTIME = `
import { writeFileSync } from 'node:fs';
const record: string = process.env.FAKE_RUNTIME_RECORD ?? '';
const mode: 'exit' | 'trap' | 'wait' = (process.env.FAKE_RUNTIME_MODE ?? 'exit') as 'exit' | 'trap' | 'wait';
writeFileSync(record, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));
if (mode === 'exit') process.exit(7);
if (mode === 'trap') {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => { writeFileSync(record + '.signal', signal); process.exit(42); });
  }
}
setInterval(() => {}, 1000);
writeFileSync(record + '.ready', '');
`;

function fakeCheckout(): { repoDir: string; record: string } {
  const repoDir = realpathSync(emptyRepo());
  mkdirSync(join(repoDir, 'local'), { recursive: true });
  writeFileSync(join(repoDir, 'local', 'main.ts'), FAKE_RUNTIME);
  return { repoDir, record: join(repoDir, 'record.json') };
}

describe('pillars dev', () => {
  it('runs the local runtime with tsx in the checkout, forwards the flags and its exit code', async () => {
    const { repoDir, record } = fakeCheckout();
    const cwd = emptyRepo();
    const result = await cli(['dev', '--data', 'state', '--port', '4100', '--no-demo'], {
      repoDir,
      cwd,
      env: { ...process.env, FAKE_RUNTIME_RECORD: record, FAKE_RUNTIME_MODE: 'exit' },
    });

    expect(result.code).toBe(7);
    // --data is resolved where the user typed it, since the runtime runs in the checkout.
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ argv: ['--data', join(cwd, 'state'), '--port', '4100', '--no-demo'], cwd: repoDir });
  });

  it('forwards SIGINT to the runtime and exits with its code once it has shut down', async () => {
    const { repoDir, record } = fakeCheckout();
    const signals = new EventEmitter();
    const running = cli(['dev'], { repoDir, signals, env: { ...process.env, FAKE_RUNTIME_RECORD: record, FAKE_RUNTIME_MODE: 'trap' } });
    await waitFor('the fake runtime to be ready', () => holds(existsSync(`${record}.ready`)));

    signals.emit('SIGINT');

    expect((await running).code).toBe(42);
    expect(readFileSync(`${record}.signal`, 'utf8')).toBe('SIGINT');
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('exits with 128 + the signal number when SIGTERM kills the runtime', async () => {
    const { repoDir, record } = fakeCheckout();
    const signals = new EventEmitter();
    const running = cli(['dev'], { repoDir, signals, env: { ...process.env, FAKE_RUNTIME_RECORD: record, FAKE_RUNTIME_MODE: 'wait' } });
    await waitFor('the fake runtime to be ready', () => holds(existsSync(`${record}.ready`)));

    signals.emit('SIGTERM');

    expect((await running).code).toBe(143);
  });

  it('rejects a port that is not a port number', async () => {
    const { repoDir } = fakeCheckout();
    const result = await cli(['dev', '--port', 'http'], { repoDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --port must be a port number from 1 to 65535, not "http"\n/);
  });

  it('says so when the checkout has no local runtime', async () => {
    const repoDir = emptyRepo();
    const result = await cli(['dev'], { repoDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: the local runtime is missing: ${join(repoDir, 'local', 'main.ts')}\nhint: run pillars from a complete Pillars checkout\n`);
  });
});
