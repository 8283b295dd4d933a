/**
 * What the local runtime runs, read from the synthesized CDK app — the same templates
 * `cdk deploy` ships — never from a second hand-written list: tables, functions (with their
 * resolved environment), rules (patterns and schedules), recurring schedules and HTTP routes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { buildPillarsApp } from '../../infra/pillars-app.js';
import { ENTRY_METADATA, PROJECT_ROOT } from '../../infra/constructs/pillars-function.js';
import { TemplateResolver, type CfnResource, type LocalAccount, type StackTemplate } from './intrinsics.js';

export interface FunctionWiring {
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly entry: string;
  readonly handlerExport: string;
  readonly environment: Record<string, string>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Lambda's async retries (EventInvokeConfig), default 2. */
  readonly asyncRetries: number;
  readonly onFailureArn?: string;
}

export interface RuleTarget {
  readonly functionArn: string;
  readonly deadLetterArn?: string;
  readonly input?: string;
}

export interface RuleWiring {
  readonly name: string;
  readonly busName: string;
  readonly eventPattern?: unknown;
  readonly scheduleExpression?: string;
  readonly enabled: boolean;
  readonly targets: readonly RuleTarget[];
}

export interface RecurringScheduleWiring {
  readonly name: string;
  readonly expression: string;
  readonly timezone?: string;
  readonly targetArn: string;
  readonly input?: string;
}

export interface RouteWiring {
  readonly method: string;
  readonly path: string;
  readonly auth: 'JWT' | 'NONE';
  readonly functionArn: string;
}

export interface Wiring {
  readonly tables: readonly CreateTableCommandInput[];
  readonly functions: readonly FunctionWiring[];
  readonly rules: readonly RuleWiring[];
  readonly schedules: readonly RecurringScheduleWiring[];
  readonly routes: readonly RouteWiring[];
  readonly buses: readonly string[];
  readonly secrets: readonly { readonly name: string; readonly arn: string; readonly initial?: string }[];
  readonly topics: readonly { readonly name: string; readonly arn: string }[];
  readonly buckets: readonly string[];
  /** Buckets whose notifications go to EventBridge (S3 "Object Created" on the default bus). */
  readonly eventBridgeBuckets: readonly string[];
  /** Functions EventBridge Scheduler may invoke (through a role it assumes): targets of schedules made at run time. */
  readonly scheduleTargets: readonly string[];
}

export const LOCAL_REPORT_SENDER = 'reports@pillars.local';

/**
 * Synthesizes the app without bundling, cdk-nag or CDK's built-in CloudFormation template validation
 * (all three are for deploying; `cdk synth` still runs them, and the validation alone took about a
 * third of the local runtime's start) and returns its templates.
 */
export function synthesizeTemplates(): StackTemplate[] {
  const outdir = mkdtempSync(join(tmpdir(), 'pillars-synth-'));
  try {
    // Locally every report is mailed (to the outbox folder) from this sender, as a verified SES identity would send it.
    const { app } = buildPillarsApp({ nag: false, builtinCloudFormationValidation: false, outdir, context: { 'aws:cdk:bundling-stacks': [], 'pillars:reportSender': LOCAL_REPORT_SENDER } });
    return app.synth().stacks.map((s) => ({ stackName: s.stackName, template: s.template }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function readWiring(stacks: readonly StackTemplate[], account: LocalAccount): Wiring {
  const resolver = new TemplateResolver(stacks, account);
  const all = stacks.flatMap((s) => Object.entries(s.template.Resources ?? {}).map(([id, r]) => ({ stack: s.stackName, id, r })));
  const ofType = (type: string) => all.filter((x) => x.r.Type === type);
  const props = (x: { r: CfnResource }) => x.r.Properties ?? {};
  const resolve = <T>(stack: string, v: unknown) => resolver.resolve(stack, v) as T;

  const invokeConfigs = new Map(ofType('AWS::Lambda::EventInvokeConfig').map((x) => {
    const p = resolve<Record<string, any>>(x.stack, props(x));
    return [String(p.FunctionName), p] as const;
  }));

  const functions = ofType('AWS::Lambda::Function').flatMap((x) => {
    const entry = x.r.Metadata?.[ENTRY_METADATA];
    if (typeof entry !== 'string') return []; // CDK's own helper functions (custom resources) do not run locally
    const p = props(x);
    const name = resolver.physicalName(x.stack, x.id);
    const config = invokeConfigs.get(name);
    const environment = resolve<Record<string, unknown>>(x.stack, (p.Environment as any)?.Variables ?? {});
    return [{
      id: `${x.stack}/${x.id}`,
      name,
      arn: resolver.arn(x.stack, x.id),
      entry: join(PROJECT_ROOT, entry),
      handlerExport: String(p.Handler ?? 'index.handler').split('.').pop()!,
      environment: Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])),
      timeoutSeconds: Number(p.Timeout ?? 3),
      memoryMb: Number(p.MemorySize ?? 128),
      asyncRetries: Number(config?.MaximumRetryAttempts ?? 2),
      onFailureArn: config?.DestinationConfig?.OnFailure?.Destination,
    } satisfies FunctionWiring];
  });

  const rules = ofType('AWS::Events::Rule').map((x) => {
    const p = resolve<Record<string, any>>(x.stack, props(x));
    return {
      name: resolver.physicalName(x.stack, x.id),
      busName: p.EventBusName ? String(p.EventBusName).split('/').pop()! : 'default',
      eventPattern: p.EventPattern,
      scheduleExpression: p.ScheduleExpression,
      enabled: p.State !== 'DISABLED',
      targets: (p.Targets ?? []).map((t: any) => ({ functionArn: t.Arn, deadLetterArn: t.DeadLetterConfig?.Arn, input: t.Input })),
    } satisfies RuleWiring;
  });

  const schedules = ofType('AWS::Scheduler::Schedule').map((x) => {
    const p = resolve<Record<string, any>>(x.stack, props(x));
    return { name: resolver.physicalName(x.stack, x.id), expression: p.ScheduleExpression, timezone: p.ScheduleExpressionTimezone, targetArn: p.Target.Arn, input: p.Target.Input };
  });

  const integrations = new Map(ofType('AWS::ApiGatewayV2::Integration').map((x) => [
    `${x.stack}/${x.id}`, resolve<string>(x.stack, props(x).IntegrationUri),
  ]));
  const routes = ofType('AWS::ApiGatewayV2::Route').map((x) => {
    const p = props(x);
    const [method, path] = String(p.RouteKey).split(' ');
    const target = p.Target as { 'Fn::Join': [string, unknown[]] };
    // Target is "integrations/<Ref Integration>"; find the integration by its logical id.
    const ref = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
    const functionArn = integrations.get(`${x.stack}/${ref}`);
    if (!functionArn) throw new Error(`route ${p.RouteKey} has no Lambda integration`);
    return { method: method!, path: path!, auth: p.AuthorizationType === 'JWT' ? 'JWT' : 'NONE', functionArn } satisfies RouteWiring;
  });

  const tables = ofType('AWS::DynamoDB::Table').map((x) => {
    const p = props(x) as Record<string, any>;
    return {
      TableName: resolver.physicalName(x.stack, x.id),
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((g: any) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection })),
    } satisfies CreateTableCommandInput;
  });

  return {
    tables,
    functions,
    rules,
    schedules,
    routes,
    buses: ofType('AWS::Events::EventBus').map((x) => resolver.physicalName(x.stack, x.id)),
    secrets: ofType('AWS::SecretsManager::Secret').map((x) => ({
      name: resolver.physicalName(x.stack, x.id), arn: resolver.arn(x.stack, x.id), initial: props(x).SecretString as string | undefined,
    })),
    topics: ofType('AWS::SNS::Topic').map((x) => ({ name: resolver.physicalName(x.stack, x.id), arn: resolver.arn(x.stack, x.id) })),
    buckets: ofType('AWS::S3::Bucket').map((x) => resolver.physicalName(x.stack, x.id)),
    eventBridgeBuckets: ofType('AWS::S3::Bucket')
      .filter((x) => (props(x) as Record<string, any>).NotificationConfiguration?.EventBridgeConfiguration?.EventBridgeEnabled === true)
      .map((x) => resolver.physicalName(x.stack, x.id)),
    scheduleTargets: schedulerInvokableFunctions(all, resolver, new Set(functions.map((f) => f.arn))),
  };
}

function schedulerInvokableFunctions(
  all: { stack: string; id: string; r: CfnResource }[], resolver: TemplateResolver, functionArns: Set<string>,
): string[] {
  const schedulerRoles = new Set(all
    .filter((x) => x.r.Type === 'AWS::IAM::Role' && JSON.stringify(x.r.Properties?.AssumeRolePolicyDocument ?? {}).includes('scheduler.amazonaws.com'))
    .map((x) => resolver.physicalName(x.stack, x.id)));
  const arns = all
    .filter((x) => x.r.Type === 'AWS::IAM::Policy')
    .map((x) => resolver.resolve(x.stack, x.r.Properties) as { Roles?: string[]; PolicyDocument?: { Statement?: { Action?: unknown; Resource?: unknown }[] } })
    .filter((p) => (p.Roles ?? []).some((role) => schedulerRoles.has(role)))
    .flatMap((p) => p.PolicyDocument?.Statement ?? [])
    .filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'))
    .flatMap((st) => [st.Resource].flat().map(String));
  return [...new Set(arns.filter((arn) => functionArns.has(arn)))];
}
