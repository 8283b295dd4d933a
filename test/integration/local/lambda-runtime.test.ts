import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFunction, invokeAsync, type LocalFunctionSpec, type OnFailureRecord } from '../../../local/lambda/lambda-runtime.js';
import { waitFor, holds } from '../../helpers/wait-for.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/handlers/${name}.ts`, import.meta.url));
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

const opened: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fn) => fn.close()));
});

function open(handler: string, overrides: Partial<LocalFunctionSpec> = {}, logs: string[] = []): LocalFunction {
  const name = overrides.name ?? `fn-${handler}`;
  const fn = new LocalFunction(
    { name, arn: arnOf(name), entry: fixture(handler), handlerExport: 'handler', environment: {}, timeoutSeconds: 5, memoryMb: 256, ...overrides },
    { onLog: (line) => logs.push(line) },
  );
  opened.push(fn);
  return fn;
}

/** Worker output travels apart from results, so a line may land just after its invocation returns. */
async function waitForLog(logs: string[], matches: (line: string) => boolean, count = 1): Promise<void> {
  await waitFor('the log lines', () => holds(logs.filter(matches).length >= count)).catch((error: Error) => {
    throw new Error(`${error.message}; got:\n${logs.join('\n')}`, { cause: error });
  });
}

function okResult<T>(result: Awaited<ReturnType<LocalFunction['invoke']>>): T {
  if (!result.ok) throw new Error(`invocation failed: ${result.errorType}: ${result.errorMessage}`);
  return result.result as T;
}

describe('LocalFunction', () => {
  it('gives each function only its own environment plus Lambda’s variables', async () => {
    const names = ['GREETING', 'ONLY_A', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
      'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'POWERTOOLS_LOG_LEVEL'];
    const a = open('env-echo', { name: 'fn-a', memoryMb: 512, environment: { GREETING: 'hello from A', ONLY_A: 'a' } });
    const b = open('env-echo', { name: 'fn-b', environment: { GREETING: 'hello from B', AWS_REGION: 'eu-west-1' } });
    type Echo = { greetingAtColdStart: string; values: Record<string, string | null> };
    const [fromA, fromB] = await Promise.all([a.invoke({ names }), b.invoke({ names })]).then((rs) => rs.map((r) => okResult<Echo>(r)));

    expect(fromA).toEqual({
      greetingAtColdStart: 'hello from A',
      values: {
        GREETING: 'hello from A', ONLY_A: 'a', AWS_LAMBDA_FUNCTION_NAME: 'fn-a', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST', AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn-a', AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: null, // set in the test process, so it must not leak in
      },
    });
    expect(fromB?.greetingAtColdStart).toBe('hello from B');
    expect(fromB?.values).toMatchObject({ ONLY_A: null, AWS_LAMBDA_FUNCTION_NAME: 'fn-b', AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(process.env.ONLY_A).toBeUndefined();
  });

  it('keeps module state while warm and starts cold again after a timeout', async () => {
    const logs: string[] = [];
    const fn = open('stateful', { timeoutSeconds: 1 }, logs);
    type State = { coldStartId: string; invocations: number };
    const first = okResult<State>(await fn.invoke({}));
    const second = okResult<State>(await fn.invoke({}));
    expect(second).toEqual({ coldStartId: first.coldStartId, invocations: 2 });

    const timedOut = await fn.invoke({ hang: true });
    expect(timedOut).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' });
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(990);
    expect(logs.some((line) => line.endsWith('Task timed out after 1.00 seconds'))).toBe(true);

    const afterTimeout = okResult<State>(await fn.invoke({}));
    expect(afterTimeout.invocations).toBe(1);
    expect(afterTimeout.coldStartId).not.toBe(first.coldStartId);
  });

  it('stops a handler stuck in a synchronous loop at its timeout', async () => {
    const fn = open('stateful', { timeoutSeconds: 1 });
    expect(await fn.invoke({ spin: true })).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout' });
    expect(okResult<{ invocations: number }>(await fn.invoke({})).invocations).toBe(1);
  });

  it('fails an invocation whose cold start outlasts the init limit, with Lambda\'s error', async () => {
    const fn = open('slow-init', { initTimeoutMs: 300 });
    expect(await fn.invoke({})).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: 'Init phase timed out after 0.30 seconds' });
  });

  it('loads the handler on warm() before any invocation, and reuses that environment', async () => {
    const logs: string[] = [];
    const fn = open('announces-init', {}, logs);

    fn.warm();
    await waitForLog(logs, (line) => line === 'module loaded');
    const result = await fn.invoke({});

    expect(okResult(result)).toEqual({ ok: true });
    expect(logs.filter((line) => line === 'module loaded')).toHaveLength(1);
  });

  it('runs overlapping invocations concurrently in the one warm environment', async () => {
    const fn = open('stateful');
    // Each waits until two have started: run one after the other, the first would wait until its timeout.
    const results = await Promise.all([fn.invoke({ awaitInvocations: 2 }), fn.invoke({ awaitInvocations: 2 })]);
    const states = results.map((r) => okResult<{ coldStartId: string; invocations: number }>(r));
    expect(new Set(states.map((s) => s.coldStartId)).size).toBe(1);
    expect(states.map((s) => s.invocations)).toEqual([2, 2]);
  });

  it('passes a Lambda-like context and JSON-only values both ways', async () => {
    const fn = open('context-echo', { name: 'ctx', memoryMb: 1024, timeoutSeconds: 3 });
    const invoked = Date.now();
    const out = okResult<Record<string, unknown> & { remaining: number[] }>(await fn.invoke({ keep: 1, dropped: undefined }));
    const returned = Date.now();
    expect(out).toMatchObject({
      event: { keep: 1 },
      functionName: 'ctx',
      functionVersion: '$LATEST',
      invokedFunctionArn: arnOf('ctx'),
      memoryLimitInMB: '1024',
      logGroupName: '/aws/lambda/ctx',
      callbackWaitsForEmptyEventLoop: true,
      noOps: ['function', 'function', 'function'],
      returnedDate: '1970-01-01T00:00:00.000Z',
    });
    expect(out.event).not.toHaveProperty('dropped');
    expect(out.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    // The 3 s budget, less at most the time the whole invocation took; then counting down.
    const [before, after] = out.remaining as [number, number];
    expect(before).toBeLessThanOrEqual(3_000);
    expect(before).toBeGreaterThanOrEqual(3_000 - (returned - invoked));
    expect(after).toBeLessThan(before);
  });

  it('maps a thrown error to errorType/errorMessage and stays warm', async () => {
    const logs: string[] = [];
    const fn = open('failing', {}, logs);
    expect(await fn.invoke({ mode: 'throw' })).toMatchObject({ ok: false, errorType: 'PublishRejectedError', errorMessage: 'the network refused the post' });
    expect(await fn.invoke({ mode: 'throw-string' })).toMatchObject({ ok: false, errorType: 'string', errorMessage: 'plain string' });
    expect(okResult(await fn.invoke({ mode: 'succeed-on-attempt', attempt: 0 }))).toEqual({ attempts: 3 });
    await waitForLog(logs, (line) => line.includes('\tERROR\tInvoke Error \t') && line.includes('"errorType":"PublishRejectedError"'));
  });

  it('fails the invocation when the runtime exits and starts a fresh environment', async () => {
    const fn = open('failing');
    const crashed = await fn.invoke({ mode: 'exit', code: 3 });
    expect(crashed).toMatchObject({ ok: false, errorType: 'Runtime.ExitError' });
    expect(crashed.ok || crashed.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 3$/);
    expect(okResult(await fn.invoke({ mode: 'succeed-on-attempt', attempt: 0 }))).toEqual({ attempts: 1 });
  });

  it('fails the invocation on an uncaught exception or a stray rejection and recovers', async () => {
    const fn = open('failing');
    expect(await fn.invoke({ mode: 'uncaught' })).toMatchObject({ ok: false, errorType: 'PublishRejectedError', errorMessage: 'thrown from a timer' });
    expect(await fn.invoke({ mode: 'stray-rejection' })).toMatchObject({
      ok: false, errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'PublishRejectedError: nobody awaited me',
    });
    expect(okResult(await fn.invoke({ mode: 'succeed-on-attempt', attempt: 0 }))).toEqual({ attempts: 1 });
  });

  it('loads a TypeScript handler that imports another TS module with a .js suffix', async () => {
    expect(okResult(await open('greeting').invoke({ name: 'Ada' }))).toEqual({ greeting: 'Hi, Ada!' });
  });

  it('reports a missing handler export as Runtime.HandlerNotFound', async () => {
    expect(await open('greeting', { handlerExport: 'nope' }).invoke({})).toMatchObject({
      ok: false, errorType: 'Runtime.HandlerNotFound', errorMessage: 'greeting.nope is undefined or not exported',
    });
  });

  it('works when the parent process itself runs under tsx', async () => {
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, [fixture('tsx-parent')], { timeout: 20_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ ok: true, result: { greeting: 'Hi, tsx!' } });
  });

  it('refuses invocations once closed', async () => {
    const fn = open('greeting');
    await fn.close();
    await expect(fn.invoke({ name: 'late' })).rejects.toThrow(/closed/);
  });
});

describe('invokeAsync', () => {
  it('retries after the delays and returns the first success', async () => {
    const fn = open('failing');
    const onFailure = (record: OnFailureRecord) => { throw new Error(`unexpected on-failure record ${JSON.stringify(record)}`); };
    const result = await invokeAsync(fn, { mode: 'succeed-on-attempt', attempt: 3 }, { maximumRetryAttempts: 2, retryDelaysMs: [10, 20], onFailure });
    expect(okResult(result)).toEqual({ attempts: 3 });
  });

  it('sends Lambda’s on-failure record once retries are exhausted, with one request id throughout', async () => {
    const logs: string[] = [];
    const fn = open('failing', { name: 'always-fails' }, logs);
    const records: OnFailureRecord[] = [];
    const event = { mode: 'throw' } as const;
    const result = await invokeAsync(fn, event, { maximumRetryAttempts: 2, retryDelaysMs: [10], onFailure: (r) => { records.push(r); } });

    expect(result).toMatchObject({ ok: false, errorType: 'PublishRejectedError' });
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      requestContext: {
        requestId: expect.any(String),
        functionArn: `${arnOf('always-fails')}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'PublishRejectedError', errorMessage: 'the network refused the post' },
    });
    const isAttempt = (line: string) => line.startsWith('attempt ');
    await waitForLog(logs, isAttempt, 3);
    expect(logs.filter(isAttempt)).toEqual([1, 2, 3].map((n) => `attempt ${n} ${record?.requestContext.requestId}`));
  });

  it('stops retrying, without an on-failure record, when the function is closed while it waits', async () => {
    const logs: string[] = [];
    const fn = open('failing', {}, logs);
    const records: OnFailureRecord[] = [];
    const pending = invokeAsync(fn, { mode: 'throw' }, { maximumRetryAttempts: 2, retryDelaysMs: [200], onFailure: (r) => { records.push(r); } });
    await waitForLog(logs, (line) => line.startsWith('attempt '), 1);
    await fn.close();

    await expect(pending).resolves.toMatchObject({ ok: false });
    expect(records).toEqual([]);
    expect(logs.filter((line) => line.startsWith('attempt '))).toHaveLength(1);
  });

  it('makes a single attempt when retries are off', async () => {
    const records: OnFailureRecord[] = [];
    await invokeAsync(open('failing'), { mode: 'throw' }, { maximumRetryAttempts: 0, retryDelaysMs: [], onFailure: (r) => { records.push(r); } });
    expect(records.map((r) => r.requestContext.approximateInvokeCount)).toEqual([1]);
  });
});
