/**
 * Runs an unchanged Lambda handler on this machine the way a Lambda execution environment does:
 * a worker thread per function whose process.env holds only the function's configuration plus
 * Lambda's own variables, a cold start (module load) on first use, warm reuse afterwards, the
 * function timeout, and a fresh environment after a timeout or a crash.
 *
 * One deliberate difference: a function has one worker at a time and overlapping invocations
 * run in it concurrently (Lambda would start one environment per concurrent request), so they
 * share module state, and a timeout or crash also fails the other invocations in flight there.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InvokeMessage, LambdaError, WorkerConfig, WorkerMessage } from './lambda-worker.js';

export interface LocalFunctionSpec {
  readonly name: string;
  readonly arn: string;
  /** Absolute path of the handler's .ts source. */
  readonly entry: string;
  /** e.g. 'handler' */
  readonly handlerExport: string;
  readonly environment: Record<string, string>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** How long loading the handler may take. @default 10 s, Lambda's init limit */
  readonly initTimeoutMs?: number;
}

export type InvokeResult =
  | { ok: true; result: unknown; durationMs: number }
  | { ok: false; errorType: string; errorMessage: string; durationMs: number };

export interface AsyncInvokePolicy {
  /** Lambda's default is 2. */
  readonly maximumRetryAttempts: number;
  /** Wait before retry n is retryDelaysMs[n - 1], or the last entry when the list is shorter. */
  readonly retryDelaysMs: readonly number[];
  readonly onFailure?: (record: OnFailureRecord) => Promise<void> | void;
}

/** The record Lambda sends to an asynchronous invocation's on-failure destination. */
export interface OnFailureRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetriesExhausted';
    readonly approximateInvokeCount: number;
  };
  readonly requestPayload: unknown;
  readonly responseContext: { readonly statusCode: 200; readonly executedVersion: '$LATEST'; readonly functionError: 'Unhandled' };
  readonly responsePayload: LambdaError;
}

/** Lambda's limit for the init phase; the function timeout starts once the handler is loaded. */
const INIT_TIMEOUT_MS = 10_000;
const VERSION = '$LATEST';

// Node 20 ignores --import in a worker's execArgv, so the worker registers tsx's ESM hooks itself
// before loading lambda-worker.ts. This works whether the parent runs under tsx, vitest or plain node.
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./lambda-worker.ts', import.meta.url).href)}); });`;

export class LocalFunction {
  readonly spec: LocalFunctionSpec;
  readonly #onLog: (line: string) => void;
  #sandbox: Sandbox | undefined;
  #nextId = 0;
  #closed = false;

  constructor(spec: LocalFunctionSpec, options: { onLog?: (line: string) => void } = {}) {
    this.spec = spec;
    this.#onLog = options.onLog ?? ((line) => process.stdout.write(`${line}\n`));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** `requestId` is for asynchronous retries, which keep the first attempt's id as Lambda does. */
  async invoke(event: unknown, requestId: string = randomUUID()): Promise<InvokeResult> {
    if (this.#closed) throw new Error(`local function ${this.spec.name} is closed`);
    const payload = JSON.stringify(event) ?? 'null';
    this.#sandbox ??= this.#newSandbox();
    return this.#sandbox.invoke(this.#nextId++, requestId, payload);
  }

  /** Starts the execution environment (the cold start) ahead of the first invocation; resolves once loaded. */
  warm(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#sandbox ??= this.#newSandbox();
    return this.#sandbox.loaded;
  }

  #newSandbox(): Sandbox {
    return new Sandbox(this.spec, this.#onLog, (retired) => {
      if (this.#sandbox === retired) this.#sandbox = undefined;
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#sandbox?.retire((p) => exitError(p.requestId, 'the local function was closed'));
  }
}

/**
 * Lambda's asynchronous invocation: the same request id on every attempt, retries after the
 * policy's delays, and an on-failure record once they are exhausted.
 */
export async function invokeAsync(fn: LocalFunction, event: unknown, policy: AsyncInvokePolicy): Promise<InvokeResult> {
  const requestId = randomUUID();
  let attempts = 0;
  for (;;) {
    const result = await fn.invoke(event, requestId);
    attempts++;
    if (result.ok) return result;
    if (attempts > policy.maximumRetryAttempts) {
      await policy.onFailure?.({
        version: '1.0',
        timestamp: new Date().toISOString(),
        requestContext: {
          requestId,
          // Lambda names the version it ran, even for an unqualified invocation.
          functionArn: `${fn.spec.arn}:${VERSION}`,
          condition: 'RetriesExhausted',
          approximateInvokeCount: attempts,
        },
        requestPayload: JSON.parse(JSON.stringify(event) ?? 'null'),
        responseContext: { statusCode: 200, executedVersion: VERSION, functionError: 'Unhandled' },
        responsePayload: { errorType: result.errorType, errorMessage: result.errorMessage },
      });
      return result;
    }
    await sleep(policy.retryDelaysMs[attempts - 1] ?? policy.retryDelaysMs.at(-1) ?? 0);
    // Closed while waiting: the runtime is stopping, and a retry would only throw that it is closed.
    if (fn.closed) return result;
  }
}

interface Pending {
  readonly id: number;
  readonly requestId: string;
  readonly payload: string;
  startedAt: number;
  timer?: NodeJS.Timeout;
  readonly resolve: (result: InvokeResult) => void;
}

/** One execution environment: a worker from cold start until it times out, crashes or is closed. */
class Sandbox {
  readonly #spec: LocalFunctionSpec;
  readonly #onLog: (line: string) => void;
  readonly #onRetired: (sandbox: Sandbox) => void;
  readonly #worker: Worker;
  readonly #initTimer: NodeJS.Timeout;
  readonly #queued: Pending[] = [];
  readonly #inFlight = new Map<number, Pending>();
  #ready = false;
  /** Settles when the handler module has loaded, or the environment was retired first. */
  readonly loaded: Promise<void>;
  #markLoaded!: () => void;
  #terminated: Promise<void> | undefined;

  constructor(spec: LocalFunctionSpec, onLog: (line: string) => void, onRetired: (sandbox: Sandbox) => void) {
    this.#spec = spec;
    this.#onLog = onLog;
    this.#onRetired = onRetired;
    this.loaded = new Promise((resolve) => { this.#markLoaded = resolve; });
    const logStreamName = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[${VERSION}]${randomBytes(16).toString('hex')}`;
    const workerData: WorkerConfig = {
      entry: pathToFileURL(spec.entry).href,
      handlerExport: spec.handlerExport,
      functionName: spec.name,
      functionVersion: VERSION,
      invokedFunctionArn: spec.arn,
      memoryLimitInMB: String(spec.memoryMb),
      logGroupName: logGroupName(spec),
      logStreamName,
    };
    this.#worker = new Worker(BOOTSTRAP, {
      eval: true,
      // Not the parent's flags: under tsx they carry its preflight script, and the bootstrap registers tsx.
      execArgv: [],
      env: lambdaEnvironment(spec, logStreamName),
      workerData,
      stdout: true,
      stderr: true,
    });
    for (const stream of [this.#worker.stdout, this.#worker.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.#onLog(line));
    }
    this.#worker.on('message', (message: WorkerMessage) => this.#onMessage(message));
    // An uncaught exception reaches the invocation as that error, as in Lambda's Node runtime.
    this.#worker.on('error', (error: unknown) => void this.retire(() => (error instanceof Error
      ? { errorType: error.name, errorMessage: error.message }
      : { errorType: typeof error, errorMessage: String(error) })));
    this.#worker.on('exit', (code) => void this.retire((p) => exitError(p.requestId, `Runtime exited with error: exit status ${code}`)));
    const initTimeoutMs = spec.initTimeoutMs ?? INIT_TIMEOUT_MS;
    this.#initTimer = setTimeout(
      () => void this.retire(() => ({ errorType: 'Sandbox.Timedout', errorMessage: `Init phase timed out after ${seconds(initTimeoutMs)} seconds` })),
      initTimeoutMs,
    );
  }

  invoke(id: number, requestId: string, payload: string): Promise<InvokeResult> {
    return new Promise((resolve) => {
      const pending: Pending = { id, requestId, payload, startedAt: Date.now(), resolve };
      if (this.#ready) this.#dispatch(pending);
      else this.#queued.push(pending);
    });
  }

  /** Fails whatever is still pending with `reason` and ends the worker; idempotent. */
  retire(reason: (pending: Pending) => LambdaError): Promise<void> {
    if (this.#terminated) return this.#terminated;
    this.#markLoaded();
    clearTimeout(this.#initTimer);
    this.#onRetired(this);
    for (const pending of [...this.#queued.splice(0), ...this.#inFlight.values()]) this.#fail(pending, reason(pending));
    this.#terminated = this.#worker.terminate().then(() => undefined);
    return this.#terminated;
  }

  #dispatch(pending: Pending): void {
    const timeoutMs = this.#spec.timeoutSeconds * 1000;
    pending.startedAt = Date.now();
    pending.timer = setTimeout(() => this.#timedOut(pending), timeoutMs);
    this.#inFlight.set(pending.id, pending);
    const message: InvokeMessage = { id: pending.id, requestId: pending.requestId, payload: pending.payload, deadline: pending.startedAt + timeoutMs };
    this.#worker.postMessage(message);
  }

  #onMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        clearTimeout(this.#initTimer);
        this.#ready = true;
        this.#markLoaded();
        this.#queued.splice(0).forEach((pending) => this.#dispatch(pending));
        return;
      case 'init-error':
        void this.retire(() => message);
        return;
      case 'result': {
        const pending = this.#take(message.id);
        pending?.resolve({ ok: true, result: JSON.parse(message.payload), durationMs: Date.now() - pending.startedAt });
        return;
      }
      case 'error': {
        const pending = this.#take(message.id);
        if (pending) this.#fail(pending, message);
      }
    }
  }

  #timedOut(pending: Pending): void {
    const message = `Task timed out after ${seconds(this.#spec.timeoutSeconds * 1000)} seconds`;
    this.#onLog(`${new Date().toISOString()} ${pending.requestId} ${message}`);
    this.#take(pending.id);
    this.#fail(pending, { errorType: 'Sandbox.Timedout', errorMessage: message });
    void this.retire((other) => exitError(other.requestId, `the execution environment was reset because request ${pending.requestId} timed out`));
  }

  #take(id: number): Pending | undefined {
    const pending = this.#inFlight.get(id);
    this.#inFlight.delete(id);
    clearTimeout(pending?.timer);
    return pending;
  }

  #fail(pending: Pending, { errorType, errorMessage }: LambdaError): void {
    clearTimeout(pending.timer);
    pending.resolve({ ok: false, errorType, errorMessage, durationMs: Date.now() - pending.startedAt });
  }
}

/** The function's own configuration plus the variables Lambda sets, which the configuration cannot override. */
function lambdaEnvironment(spec: LocalFunctionSpec, logStreamName: string): Record<string, string> {
  const region = spec.environment.AWS_REGION ?? spec.environment.AWS_DEFAULT_REGION ?? 'us-east-1';
  return {
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    // Lambda injects the execution role's credentials; local endpoints accept any.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    ...spec.environment,
    _HANDLER: `${basename(spec.entry, extname(spec.entry))}.${spec.handlerExport}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: VERSION,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(spec),
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    LAMBDA_TASK_ROOT: process.cwd(),
  };
}

const logGroupName = (spec: LocalFunctionSpec) => `/aws/lambda/${spec.name}`;

const exitError = (requestId: string, detail: string): LambdaError =>
  ({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${detail}` });

const seconds = (ms: number) => (ms / 1000).toFixed(2);
