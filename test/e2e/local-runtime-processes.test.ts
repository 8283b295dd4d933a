/**
 * `npm start` leaves nothing behind and can run twice: two runtimes started side by side on the
 * default ports of their stand-ins both come up (the stand-ins take ports the OS gives), and a
 * runtime killed from outside with SIGKILL, which runs none of its own shutdown, takes every
 * process it started with it (DynamoDB Local's Java above all); one stopped with SIGTERM does too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/pillars-function.js';
import { tsxLoaderUrl } from '../../cli/paths.js';
import { holds, waitFor } from '../helpers/wait-for.js';

/** How long a runtime may take to start on a loaded 2-core machine; a bound, not a sleep. */
const START_DEADLINE_MS = 240_000;

interface Started {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  readonly output: () => string;
}

const started: ChildProcess[] = [];
const folders: string[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** `npm start -- --no-demo --port 0` as npm runs it (node with tsx), with a config folder of its own. */
async function startLocalRuntime(): Promise<Started> {
  const config = mkdtempSync(join(tmpdir(), 'pillars-processes-'));
  folders.push(config);
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  delete env.PORT;
  delete env.STAND_INS_PORT;
  const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), join(PROJECT_ROOT, 'local', 'main.ts'), '--no-demo', '--port', '0', '--config', config], {
    cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  await waitFor('the runtime to print that it is running', () => {
    if (child.exitCode !== null) throw new Error(`the runtime exited with ${child.exitCode} before it was up:\n${output}`);
    return holds(/Pillars is running locally/.test(output));
  }, START_DEADLINE_MS);
  const apiUrl = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
  if (!apiUrl) throw new Error(`no API address in the runtime's output:\n${output}`);
  return { child, apiUrl, output: () => output };
}

/** Every process below `pid`, read from /proc (children of every thread, recursively). */
function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found; // the process is gone: it has no children left to list
  }
  for (const task of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue; // the thread ended while being read
    }
    for (const child of children.split(' ').filter(Boolean).map(Number)) found.push(child, ...descendants(child));
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    // A zombie still answers signal 0; its state in /proc tells it apart.
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

describe('the local runtime as a process', () => {
  it('runs twice side by side, and a SIGKILL or a SIGTERM leaves none of the processes it started', async () => {
    const [first, second] = await Promise.all([startLocalRuntime(), startLocalRuntime()]);
    for (const runtime of [first, second]) {
      const openapi = await fetch(`${runtime.apiUrl}/openapi.json`);
      expect(openapi.status).toBe(200);
    }
    const standInPorts = (runtime: Started) => [...runtime.output().matchAll(/stand-in on http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
    expect(standInPorts(first).length).toBeGreaterThanOrEqual(7);
    expect(standInPorts(first).filter((port) => standInPorts(second).includes(port))).toEqual([]);

    const killed = descendants(first.child.pid!);
    expect(killed.map(commandOf).some((command) => command.includes('DynamoDBLocal.jar'))).toBe(true);
    first.child.kill('SIGKILL');
    await waitFor("the killed runtime's processes to end", () => holds(killed.every((pid) => !alive(pid))), 60_000);

    // The other runtime did not notice: it still answers.
    expect((await fetch(`${second.apiUrl}/openapi.json`)).status).toBe(200);

    const stopped = descendants(second.child.pid!);
    const exited = new Promise<number | null>((resolve) => second.child.once('exit', (code) => resolve(code)));
    second.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor("the stopped runtime's processes to end", () => holds(stopped.every((pid) => !alive(pid))), 60_000);
  }, 600_000);
});
