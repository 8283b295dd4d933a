/**
 * The inside of one local execution environment (a worker thread started by lambda-runtime.ts):
 * imports the handler once, as Lambda's init phase does, then runs each invocation the parent
 * posts. Events and results cross the thread boundary as JSON text, as they cross Lambda's
 * Runtime API, so a handler that returns a Date or a Map locally gets what it would in AWS.
 */
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

export interface WorkerConfig {
  /** file: URL of the handler module. */
  readonly entry: string;
  readonly handlerExport: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

export interface InvokeMessage {
  readonly id: number;
  readonly requestId: string;
  readonly payload: string;
  /** Epoch milliseconds; both threads share the clock. */
  readonly deadline: number;
}

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | ({ readonly type: 'init-error' } & LambdaError)
  | { readonly type: 'result'; readonly id: number; readonly payload: string }
  | ({ readonly type: 'error'; readonly id: number } & LambdaError);

type Handler = (event: unknown, context: object) => unknown;

const port = parentPort;
if (port) await main(port, workerData as WorkerConfig);

async function main(port: NonNullable<typeof parentPort>, config: WorkerConfig): Promise<void> {
  const post = (message: WorkerMessage) => port.postMessage(message);
  let handler: Handler;
  try {
    const loaded: unknown = ((await import(config.entry)) as Record<string, unknown>)[config.handlerExport];
    if (typeof loaded !== 'function') {
      const file = basename(fileURLToPath(config.entry));
      const errorMessage = `${basename(file, extname(file))}.${config.handlerExport} is undefined or not exported`;
      post({ type: 'init-error', errorType: 'Runtime.HandlerNotFound', errorMessage });
      return;
    }
    handler = loaded as Handler;
  } catch (error) {
    post({ type: 'init-error', ...toLambdaError(error) });
    return;
  }

  process.on('unhandledRejection', (reason) => {
    // Lambda's Node runtime reports a stray rejection under this type, then replaces the environment.
    const error = new Error(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
    error.name = 'Runtime.UnhandledPromiseRejection';
    throw error;
  });
  port.on('message', async ({ id, requestId, payload, deadline }: InvokeMessage) => {
    try {
      const result = await handler(JSON.parse(payload), lambdaContext(config, requestId, deadline));
      post({ type: 'result', id, payload: JSON.stringify(result) ?? 'null' });
    } catch (error) {
      const failure = toLambdaError(error);
      // Lambda's Node runtime writes the same line to the function's log before reporting.
      console.error(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ ...failure, stack: stackOf(error) })}`);
      post({ type: 'error', id, ...failure });
    }
  });
  post({ type: 'ready' });
}

function lambdaContext(config: WorkerConfig, awsRequestId: string, deadline: number) {
  const noop = () => undefined;
  return {
    functionName: config.functionName,
    functionVersion: config.functionVersion,
    invokedFunctionArn: config.invokedFunctionArn,
    memoryLimitInMB: config.memoryLimitInMB,
    awsRequestId,
    logGroupName: config.logGroupName,
    logStreamName: config.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}

/** The same mapping as Lambda's Node runtime: an Error gives its name, anything else its typeof. */
function toLambdaError(error: unknown): LambdaError {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message };
  return { errorType: typeof error, errorMessage: String(error) };
}

function stackOf(error: unknown): string[] {
  return error instanceof Error && error.stack ? error.stack.split('\n') : [];
}
