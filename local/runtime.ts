/**
 * The whole Pillars app on one machine: DynamoDB Local, the local AWS service endpoints, the
 * functions in Lambda-like workers, the event bus rules and schedules, and the HTTP API —
 * all wired from the synthesized CDK templates. `npm start` and the end-to-end tests use it.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from './aws/dynamodb-local.js';
import { startAwsServices, type AwsServices, type BusEvent, type SentEmail, type SnsMessage, type StoredSchedule } from './aws/server.js';
import { LocalFunction, invokeAsync, type InvokeResult } from './lambda/lambda-runtime.js';
import { matchesPattern, validatePattern } from './aws/event-pattern.js';
import { parseScheduleExpression } from './aws/schedule-expression.js';
import { ScheduleClock } from './aws/schedule-clock.js';
import { startHttpApi, type HttpApi } from './http-api.js';
import { readWiring, synthesizeTemplates, type FunctionWiring, type Wiring } from './wiring/wiring.js';
import { DeadLetters } from './dead-letters.js';
import type { LocalConfig } from './local-config.js';
import type { Reporter } from './reporter.js';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';

export interface RuntimeOptions {
  /** HTTP API port; 0 picks a free one. */
  readonly port: number;
  /** Keep DynamoDB, schedules, secrets and dead letters here across restarts; in memory when absent. */
  readonly dataDir?: string;
  /** Without dataDir, where reports (S3 objects) and sent e-mail go; a temporary folder when absent. */
  readonly filesDir?: string;
  readonly config: LocalConfig;
  /** Secret name → initial SecretString. */
  readonly secrets: Record<string, string>;
  readonly reporter: Reporter;
  /**
   * Start the environments of the functions that rules and schedules invoke right away, like
   * provisioned concurrency, so scheduled work is not delayed by a cold start. @default false
   */
  readonly prewarm?: boolean;
  /**
   * How long a function's cold start may take. @default 10 s, Lambda's init limit. A benchmark on a
   * loaded machine may allow more, so a slow start it does not measure cannot derail it.
   */
  readonly initTimeoutMs?: number;
  /** Lambda retries async invocations after about 1 and 2 minutes; locally that is compressed. */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** Where third-party APIs other than the networks live locally, as every function sees it, e.g. BITLY_API_URL. */
  readonly standInEnvironment?: Readonly<Record<string, string>>;
}

export interface Runtime {
  readonly apiUrl: string;
  readonly awsServicesUrl: string;
  /** The runtime's DynamoDB Local, for tests and benches that seed or read tables directly. */
  readonly dynamoDbEndpoint: string;
  readonly wiring: Wiring;
  readonly services: AwsServices;
  readonly deadLetters: DeadLetters;
  /** Messages published to SNS topics (the alarm topic): what people would be paged with. */
  readonly alarms: readonly SnsMessage[];
  /** Messages sent through SES v2, each saved as an .eml file in `services.outbox`. */
  readonly emails: readonly SentEmail[];
  /** Invokes a function the way its async triggers do (retries, then the dead-letter queue). */
  invokeAsync(functionName: string, event: unknown): Promise<InvokeResult>;
  /** Observes every event accepted on a bus (for the demo and tests); returns an unsubscribe. */
  onEvent(listener: (event: BusEvent) => void): () => void;
  /** The local name of the function built from `entry` (e.g. functions/publishing/publish-post.ts). */
  functionNameFor(entry: string): string;
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { reporter } = options;
  const stoppers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s();
  };
  try {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const ddb: DynamoDbLocal = await startDynamoDbLocal({ dataDir: options.dataDir && ensureDir(join(options.dataDir, 'dynamodb')) });
    stoppers.push(() => ddb.stop());
    reporter.info(`DynamoDB Local on ${ddb.endpoint}`);

    // The endpoint URLs are only known once the servers listen, but the wiring (and so the
    // functions' environment) is needed by the servers' callbacks: resolve lazily through `ctx`.
    const ctx: { wiring?: Wiring; functions: Map<string, LocalFunction>; byArn: Map<string, FunctionWiring> } = { functions: new Map(), byArn: new Map() };
    const deadLetters = new DeadLetters(options.dataDir ? join(options.dataDir, 'dead-letters.jsonl') : undefined);
    const retryDelays = options.asyncRetryDelaysMs ?? [1_000, 2_000];

    const functionFor = (arnOrName: string): LocalFunction => {
      const wiring = ctx.byArn.get(stripQualifier(arnOrName)) ?? ctx.wiring?.functions.find((f) => f.name === arnOrName);
      if (!wiring) throw new Error(`no local function for ${arnOrName}`);
      let fn = ctx.functions.get(wiring.arn);
      if (!fn) {
        fn = new LocalFunction({
          name: wiring.name, arn: wiring.arn, entry: wiring.entry, handlerExport: wiring.handlerExport,
          environment: { ...baseEnvironment(ddb.endpoint, services), ...wiring.environment, ...options.standInEnvironment },
          timeoutSeconds: wiring.timeoutSeconds, memoryMb: wiring.memoryMb, initTimeoutMs: options.initTimeoutMs,
        }, { onLog: (line) => reporter.functionLog(shortName(wiring), line) });
        ctx.functions.set(wiring.arn, fn);
      }
      return fn;
    };

    const asyncInvoke = (arn: string, event: unknown, source: string) => {
      const wiring = ctx.byArn.get(stripQualifier(arn));
      const fn = functionFor(arn);
      return invokeAsync(fn, event, {
        maximumRetryAttempts: wiring?.asyncRetries ?? 2,
        retryDelaysMs: retryDelays,
        onFailure: (record) => {
          const queueArn = wiring?.onFailureArn ?? 'unconfigured';
          deadLetters.add({ queueArn, record });
          reporter.deadLetter(shortName(wiring), source, record.responsePayload.errorMessage);
        },
      }).then((result) => {
        if (!result.ok) reporter.failure(shortName(wiring), source, `${result.errorType}: ${result.errorMessage}`);
        return result;
      });
    };

    const listeners = new Set<(event: BusEvent) => void>();
    const dispatch = (busName: string, events: BusEvent[]) => {
      for (const event of events) {
        listeners.forEach((listener) => listener(event));
        const rules = (ctx.wiring?.rules ?? []).filter((r) => r.enabled && r.busName === busName && r.eventPattern && matchesPattern(r.eventPattern, event));
        reporter.event(event['detail-type'], event.source, rules.flatMap((r) => r.targets.map((t) => shortName(ctx.byArn.get(t.functionArn)))));
        for (const rule of rules) {
          for (const target of rule.targets) void asyncInvoke(target.functionArn, target.input ? JSON.parse(target.input) : event, `${event['detail-type']} event`);
        }
      }
    };

    const onScheduleDue = (schedule: StoredSchedule) => {
      const input = schedule.Target.Input ? JSON.parse(schedule.Target.Input) : {};
      reporter.schedule(schedule.Name, shortName(ctx.byArn.get(stripQualifier(schedule.Target.Arn))));
      void asyncInvoke(schedule.Target.Arn, input, `schedule ${schedule.Name}`);
    };

    const alarms: SnsMessage[] = [];
    const emails: SentEmail[] = [];
    const services = await startAwsServices({
      onEmail: (email) => {
        emails.push(email);
        reporter.info(`e-mail "${email.subject ?? '(no subject)'}" to ${email.to.join(', ')} saved as ${email.path}`);
      },
      onSnsMessage: (message) => {
        alarms.push(message);
        reporter.alarm(message.subject ?? '(no subject)', message.message);
      },
      dataDir: options.dataDir,
      filesDir: options.filesDir,
      region: REGION,
      accountId: ACCOUNT_ID,
      secrets: options.secrets,
      onEvents: dispatch,
      onScheduleDue,
      nextFireTime: (expression, timezone, after, createdAt) => parseScheduleExpression(expression, timezone, { anchor: createdAt }).nextAfter(after),
    });
    stoppers.push(() => services.close());

    // The API's own URL is part of the wiring (ApiEndpoint), so the HTTP server listens first.
    const api: HttpApi = await startHttpApi({
      port: options.port,
      authenticate: (token) => {
        const found = options.config.tokens.find((t) => t.token === token);
        return found ? { brandId: found.brandId, subject: found.user ?? `local:${found.brandId}`, groups: found.groups ?? [] } : undefined;
      },
      invoke: (arn, event) => functionFor(arn).invoke(event),
      onRequest: (r) => reporter.request(r.method, r.path, r.status, r.ms),
    });
    stoppers.push(() => api.close());

    const t0 = Date.now();
    const wiring = readWiring(synthesizeTemplates(), { region: REGION, accountId: ACCOUNT_ID, awsServicesUrl: services.url, apiUrl: api.url });
    checkRulePatterns(wiring);
    ctx.wiring = wiring;
    for (const f of wiring.functions) ctx.byArn.set(f.arn, f);
    api.setRoutes(wiring.routes);
    wiring.buckets.forEach((bucket) => services.createBucket(bucket));
    wiring.eventBridgeBuckets.forEach((bucket) => services.enableEventBridge(bucket));
    reporter.info(`wired ${wiring.functions.length} functions, ${wiring.rules.length} rules, ${wiring.routes.length} routes from the CDK app (${Date.now() - t0} ms)`);

    await createTables(ddb.endpoint, wiring);
    stoppers.push(async () => {
      await Promise.all([...ctx.functions.values()].map((f) => f.close()));
    });

    if (options.prewarm) {
      // One at a time: on two cores, a dozen workers compiling at once would starve the API.
      const asyncTargets = new Set([...wiring.scheduleTargets, ...wiring.rules.flatMap((r) => r.targets.map((t) => t.functionArn))]);
      for (const arn of asyncTargets) await functionFor(arn).warm();
    }

    const clock = new ScheduleClock();
    stoppers.push(() => clock.disarmAll());
    armRecurring(clock, wiring, (arn, event, source) => void asyncInvoke(arn, event, source));

    return {
      apiUrl: api.url,
      awsServicesUrl: services.url,
      dynamoDbEndpoint: ddb.endpoint,
      wiring,
      services,
      deadLetters,
      alarms,
      emails,
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      invokeAsync: (name, event) => asyncInvoke(functionFor(name).spec.arn, event, 'direct'),
      functionNameFor: (entry) => {
        const found = wiring.functions.find((f) => f.entry.endsWith(entry));
        if (!found) throw new Error(`no function built from ${entry}`);
        return found.name;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function baseEnvironment(ddbEndpoint: string, { url: servicesUrl, s3Root }: AwsServices): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: ddbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: servicesUrl,
    AWS_ENDPOINT_URL_SCHEDULER: servicesUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: servicesUrl,
    AWS_ENDPOINT_URL_SNS: servicesUrl,
    AWS_ENDPOINT_URL_S3: servicesUrl,
    AWS_ENDPOINT_URL_SESV2: servicesUrl,
    // Only locally: lets code that stores files say where on disk they can be opened.
    PILLARS_LOCAL_S3_ROOT: s3Root,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

async function createTables(endpoint: string, wiring: Wiring): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
    for (const table of wiring.tables) {
      if (!existing.has(table.TableName!)) await client.send(new CreateTableCommand(table));
    }
  } finally {
    client.destroy();
  }
}

/** PutRule refuses an invalid pattern; locally it is refused at start rather than on the first event it meets. */
function checkRulePatterns(wiring: Wiring): void {
  for (const rule of wiring.rules) {
    if (rule.eventPattern === undefined) continue;
    try {
      validatePattern(rule.eventPattern);
    } catch (error) {
      throw new Error(`rule ${rule.name}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** EventBridge rules with a ScheduleExpression and recurring Scheduler schedules from the templates. */
function armRecurring(clock: ScheduleClock, wiring: Wiring, fire: (arn: string, event: unknown, source: string) => void): void {
  const started = new Date();
  const arm = (key: string, expression: string, timezone: string | undefined, onFire: (at: Date) => void) => {
    const schedule = parseScheduleExpression(expression, timezone, { anchor: started });
    const next = (from: Date) => {
      const at = schedule.nextAfter(from);
      if (at) clock.arm(key, at, () => { onFire(at); next(at); });
    };
    next(new Date());
  };
  for (const rule of wiring.rules) {
    if (!rule.enabled || !rule.scheduleExpression) continue;
    arm(`rule:${rule.name}`, rule.scheduleExpression, undefined, (at) => {
      for (const target of rule.targets) {
        const event = target.input ? JSON.parse(target.input) : scheduledEvent(rule.name, at);
        fire(target.functionArn, event, `rule ${rule.name}`);
      }
    });
  }
  for (const schedule of wiring.schedules) {
    arm(`schedule:${schedule.name}`, schedule.expression, schedule.timezone, () => {
      fire(schedule.targetArn, schedule.input ? JSON.parse(schedule.input) : {}, `schedule ${schedule.name}`);
    });
  }
}

function scheduledEvent(ruleName: string, at: Date) {
  return {
    version: '0', id: crypto.randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT_ID,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), region: REGION, resources: [`arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${ruleName}`], detail: {},
  };
}

function stripQualifier(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

/** "pillars-publishing-PublishPostFunctionE3DFFE4F" → "PublishPost" for readable progress lines. */
function shortName(wiring: FunctionWiring | undefined): string {
  if (!wiring) return '?';
  return wiring.entry.split('/').pop()!.replace(/\.ts$/, '');
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
