/**
 * The synthesized Pillars app: the state- and security-relevant resources pinned property by
 * property, the wiring derived from the event and route catalogues, and cdk-nag (which must
 * pass with every finding acknowledged, and must fail synth on a new non-compliant resource).
 * The app is built and synthesized once, with cdk-nag on and asset bundling off.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { App, CfnElement, Stack } from 'aws-cdk-lib';
import type { CoreStack } from '../../infra/core-stack.js';
import type { PublishingStack } from '../../infra/publishing-stack.js';
import type { AnalyticsStack } from '../../infra/analytics-stack.js';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_METADATA, PROJECT_ROOT } from '../../infra/constructs/pillars-function.js';
import { buildPillarsApp } from '../../infra/pillars-app.js';
import { routeKey, routes } from '../../shared/contracts/api/routes.js';
import { ALERTED_EVENTS } from '../../shared/platform/alerts/operator-alert.js';
import { catalogue } from '../../shared/contracts/events/catalogue.js';
import { patternFor } from '../../shared/contracts/events/pattern.js';
import { GSI1, TTL_ATTRIBUTE } from '../../shared/platform/store/keys.js';
import { BRAND_CREDENTIALS_SECRETS } from '../../shared/contracts/resource-names.js';
import { failure } from '../helpers/failure.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };
/** Synthesizing with cdk-nag takes several seconds; under a loaded machine more. */
const SYNTH_TIMEOUT_MS = 120_000;

type Json = Record<string, unknown>;
interface Resource { Type: string; Properties: Json; Metadata?: Json; DeletionPolicy?: string; UpdateReplacePolicy?: string }
interface TemplateJson { Resources: Record<string, Resource>; Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }> }

const outdirs: string[] = [];
function tempOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pillars-infra-test-'));
  outdirs.push(dir);
  return dir;
}

let app: App;
let core: CoreStack;
let publishing: PublishingStack;
let analytics: AnalyticsStack;
let analyticsTemplate: Template;
let synthError: unknown;
let coreTemplate: Template;
let publishingTemplate: Template;
let coreJson: TemplateJson;
let stacks: { stack: Stack; json: TemplateJson }[];

beforeAll(() => {
  const built = buildPillarsApp({ outdir: tempOutdir(), context: NO_BUNDLING });
  app = built.app;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  // A cdk-nag failure is reported by its own test; the template tests still run on an app without nag.
  ({ core, publishing, analytics } = synthError ? buildPillarsApp({ nag: false, outdir: tempOutdir(), context: NO_BUNDLING }) : built);
  coreTemplate = Template.fromStack(core);
  publishingTemplate = Template.fromStack(publishing);
  coreJson = coreTemplate.toJSON() as TemplateJson;
  analyticsTemplate = Template.fromStack(analytics);
  stacks = [
    { stack: core, json: coreJson },
    { stack: publishing, json: publishingTemplate.toJSON() as TemplateJson },
    { stack: analytics, json: analyticsTemplate.toJSON() as TemplateJson },
  ];
}, SYNTH_TIMEOUT_MS);

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** Resources of a type across every stack, with the stack they are in. */
function resourcesOfType(type: string): { stack: Stack; json: TemplateJson; id: string; resource: Resource }[] {
  return stacks.flatMap(({ stack, json }) =>
    Object.entries(json.Resources).filter(([, r]) => r.Type === type).map(([id, resource]) => ({ stack, json, id, resource })));
}

/** The only resource of a type in the core stack. */
function onlyCore(type: string): { id: string; resource: Resource } {
  const found = Object.entries(coreJson.Resources).filter(([, r]) => r.Type === type);
  expect(found, `exactly one ${type} in the core stack`).toHaveLength(1);
  const [id, resource] = found[0]!;
  return { id, resource };
}

/**
 * A value as the core stack would write it: a cross-stack reference from another stack
 * (Fn::GetStackOutput for weak references, Fn::ImportValue for exports) is replaced by the
 * core output's value, so `{Fn::GetAtt: [DeadLetterQueue…, Arn]}` reads the same everywhere.
 */
function inCoreTerms(value: unknown): unknown {
  if (value && typeof value === 'object') {
    const ref = value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string }; 'Fn::ImportValue'?: string };
    if (ref['Fn::GetStackOutput']) {
      expect(ref['Fn::GetStackOutput'].StackName).toBe(core.stackName);
      return coreJson.Outputs?.[ref['Fn::GetStackOutput'].OutputName]?.Value;
    }
    if (typeof ref['Fn::ImportValue'] === 'string') {
      return Object.values(coreJson.Outputs ?? {}).find((o) => o.Export?.Name === ref['Fn::ImportValue'])?.Value;
    }
  }
  return value;
}

const logicalId = (stack: Stack, element: unknown) => stack.getLogicalId(element as CfnElement);
const dlqId = () => logicalId(core, core.deadLetterQueue.node.defaultChild);
const dlqArn = () => ({ 'Fn::GetAtt': [dlqId(), 'Arn'] });

function functionByEntry(entry: string): { id: string; resource: Resource } {
  const found = resourcesOfType('AWS::Lambda::Function').filter((f) => f.resource.Metadata?.[ENTRY_METADATA] === entry);
  expect(found, `one function runs ${entry}`).toHaveLength(1);
  return found[0]!;
}

function handlerFiles(dir = join(PROJECT_ROOT, 'functions')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? handlerFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(PROJECT_ROOT, join(dir, e.name))] : []));
}

describe('Stack: pillars-core', () => {
  describe('Resource: the single table', () => {
    it('keeps the logical id "Table", so a refactor cannot replace it and orphan its data', () => {
      expect(coreJson.Resources.Table?.Type).toBe('AWS::DynamoDB::Table');
      expect(resourcesOfType('AWS::DynamoDB::Table').map((t) => `${t.stack.stackName}/${t.id}`)).toEqual([`${core.stackName}/Table`]);
    });

    it('has pk/sk string keys, the gsi1 index on gsi1pk/gsi1sk, and on-demand billing', () => {
      const table = coreJson.Resources.Table!.Properties;
      expect(table.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
      expect(table.AttributeDefinitions).toEqual(expect.arrayContaining(
        ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' }))));
      expect(table.AttributeDefinitions).toHaveLength(4);
      expect(table.GlobalSecondaryIndexes).toEqual([{
        IndexName: GSI1,
        KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      }]);
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('is protected: point-in-time recovery, deletion protection, retained on delete and on replace', () => {
      const table = coreJson.Resources.Table!;
      expect(table.Properties).toMatchObject({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      });
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    });

    it(`expires items by the ${TTL_ATTRIBUTE} attribute`, () => {
      expect(coreJson.Resources.Table!.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    });
  });

  describe('Resource: event bus archive', () => {
    it('archives every pillars.* event of the bus for a year', () => {
      const bus = onlyCore('AWS::Events::EventBus');

      coreTemplate.hasResourceProperties('AWS::Events::Archive', {
        SourceArn: { 'Fn::GetAtt': [bus.id, 'Arn'] },
        EventPattern: { source: [{ prefix: 'pillars.' }] },
        RetentionDays: 365,
      });
    });

    it('covers the source of every catalogue event', () => {
      const { resource } = onlyCore('AWS::Events::Archive');
      const [{ prefix }] = (resource.Properties.EventPattern as { source: [{ prefix: string }] }).source;

      for (const entry of catalogue) expect(entry.source.startsWith(prefix), entry.source).toBe(true);
    });
  });

  describe('Resource: dead-letter queue', () => {
    it('is encrypted at rest and keeps messages for 14 days', () => {
      expect(coreJson.Resources[dlqId()]?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    });

    it('denies every request not made over TLS', () => {
      coreTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId() }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Deny', Action: 'sqs:*', Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: dlqArn(),
          })]),
        },
      });
    });

    it('alarms the operators\' topic as soon as one message is waiting', () => {
      const topic = onlyCore('AWS::SNS::Topic');

      coreTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId(), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        AlarmActions: [{ Ref: topic.id }],
      });
      expect(topic.resource.Properties.KmsMasterKeyId).toBeDefined();
    });
  });

  describe('Resource: operator notifications', () => {
    it('subscribes NotifyOperators to the catalogue-derived pattern of the events people are alerted to, with the DLQ', () => {
      // Prepare
      const notify = functionByEntry('functions/core/notify-operators.ts');
      const bus = onlyCore('AWS::Events::EventBus');
      const derived = patternFor(...ALERTED_EVENTS);
      const rules = Object.values(coreJson.Resources).filter((r) => r.Type === 'AWS::Events::Rule'
        && (r.Properties.Targets as Json[]).some((t) => JSON.stringify(t.Arn) === JSON.stringify({ 'Fn::GetAtt': [notify.id, 'Arn'] })));

      // Assess
      expect(derived).toEqual({ source: ['pillars.publishing'], detailType: ['PostFailed', 'PostUnconfirmed', 'CredentialExpiryNoticed'] });
      expect(rules).toHaveLength(1);
      expect(rules[0]?.Properties).toMatchObject({
        EventBusName: { Ref: bus.id },
        EventPattern: { source: derived.source, 'detail-type': derived.detailType },
        Targets: [{ DeadLetterConfig: { Arn: dlqArn() }, RetryPolicy: { MaximumRetryAttempts: expect.any(Number) } }],
      });
      expect(Object.keys(rules[0]?.Properties.EventPattern as Json).sort()).toEqual(['detail-type', 'source']);
    });
  });

  describe('Resource: HTTP API', () => {
    it('validates JWTs issued by the user pool for the CLI client', () => {
      const api = onlyCore('AWS::ApiGatewayV2::Api');
      const pool = onlyCore('AWS::Cognito::UserPool');
      const client = onlyCore('AWS::Cognito::UserPoolClient');

      coreTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        ApiId: { Ref: api.id },
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: { 'Fn::GetAtt': [pool.id, 'ProviderURL'] }, Audience: [{ Ref: client.id }] },
      });
      expect(client.resource.Properties.UserPoolId).toEqual({ Ref: pool.id });
    });

    it('has exactly the routes of the route catalogue', () => {
      const deployed = resourcesOfType('AWS::ApiGatewayV2::Route').map((r) => r.resource.Properties.RouteKey);

      expect(deployed.sort()).toEqual(Object.values(routes).map(routeKey).sort());
    });

    it.each(Object.entries(routes))('puts route %s on the API, behind the JWT authorizer exactly when it needs auth', (_, spec) => {
      // Prepare
      const api = onlyCore('AWS::ApiGatewayV2::Api');
      const authorizer = onlyCore('AWS::ApiGatewayV2::Authorizer');

      // Act
      const found = resourcesOfType('AWS::ApiGatewayV2::Route').filter((r) => r.resource.Properties.RouteKey === routeKey(spec));

      // Assess
      expect(found).toHaveLength(1);
      const route = found[0]!.resource.Properties;
      expect(inCoreTerms(route.ApiId)).toEqual({ Ref: api.id });
      if (spec.auth) {
        expect(route.AuthorizationType).toBe('JWT');
        expect(inCoreTerms(route.AuthorizerId)).toEqual({ Ref: authorizer.id });
      } else {
        expect(route.AuthorizationType).toBe('NONE');
        expect(route).not.toHaveProperty('AuthorizerId');
      }
    });
  });
});

describe('Stack: pillars-publishing', () => {
  it('lets only EventBridge Scheduler of this account assume the scheduler role', () => {
    publishingTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }],
      },
    });
  });
});

describe('Stack: pillars-publishing, asynchronous import', () => {
  const importsBucketId = () => logicalId(publishing, publishing.importsBucket.node.defaultChild);

  it('keeps uploads in a private, encrypted bucket that only accepts TLS, logs access, expires uploads and tells EventBridge', () => {
    const bucket = (publishingTemplate.toJSON() as TemplateJson).Resources[importsBucketId()]!;
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(publishing, publishing.importsAccessLogsBucket.node.defaultChild) }, LogFilePrefix: 'imports/' },
      LifecycleConfiguration: { Rules: expect.arrayContaining([{ Prefix: 'imports/', ExpirationInDays: 7, Status: 'Enabled' }]) },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    publishingTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: importsBucketId() },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('starts the import function on Object Created under imports/ of that bucket, on the default bus, with a dead-letter queue', () => {
    const importer = functionByEntry('functions/publishing/import-upload.ts');
    const rules = Object.values((publishingTemplate.toJSON() as TemplateJson).Resources)
      .filter((r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.Targets).includes(importer.id));
    expect(rules).toHaveLength(1);
    const rule = rules[0]!.Properties;
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'], 'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: importsBucketId() }] }, object: { key: [{ prefix: 'imports/' }] } },
    });
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [importer.id, 'Arn'] }, DeadLetterConfig: { Arn: expect.anything() } })]);
    expect(importer.resource.Properties).toMatchObject({ Timeout: 900, MemorySize: 1536 });
    expect((importer.resource.Properties.Environment as { Variables: Json }).Variables).toMatchObject({ IMPORT_LEASE_SECONDS: '900', IMPORTS_BUCKET_NAME: { Ref: importsBucketId() } });
  });

  it('routes POST /imports and GET /imports/{importId} behind the authorizer', () => {
    for (const routeKey of ['POST /imports', 'GET /imports/{importId}']) {
      publishingTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'JWT' });
    }
  });
});

describe('Stack: pillars-analytics', () => {
  const functionId = (entry: string) => {
    const json = analyticsTemplate.toJSON() as TemplateJson;
    return Object.entries(json.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.[ENTRY_METADATA] === entry)![0];
  };

  it('plans snapshots on PostPublished, with the rule pattern derived from the catalogue', () => {
    analyticsTemplate.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['pillars.publishing'], 'detail-type': ['PostPublished'] },
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('functions/analytics/plan-snapshots.ts'), 'Arn'] } })]),
    });
  });

  it('takes due post snapshots every 5 minutes and account snapshots daily', () => {
    analyticsTemplate.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('functions/analytics/collect-post-metrics.ts'), 'Arn'] } })],
    });
    analyticsTemplate.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(30 5 * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('functions/analytics/collect-account-metrics.ts'), 'Arn'] } })],
    });
  });

  it('runs the weekly reports every hour of a UTC Monday, so each brand can get its own Monday morning', () => {
    analyticsTemplate.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 * ? * MON *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('functions/analytics/weekly-reports.ts'), 'Arn'] } })],
    });
  });

  it('keeps reports in a private, encrypted, versioned bucket that only accepts TLS and logs access', () => {
    analyticsTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'reports/' }),
    });
    analyticsTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('mails reports only when a sender is configured, and then may send from that identity only', () => {
    analyticsTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const withSender = buildPillarsApp({ nag: false, outdir: tempOutdir(), context: { ...NO_BUNDLING, 'pillars:reportSender': 'reports@brand.example' } });
    const template = Template.fromStack(withSender.analytics);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'reports@brand.example' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REPORT_SENDER: 'reports@brand.example' }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['ses:SendEmail', 'ses:SendRawEmail'] })]) },
    });
  }, SYNTH_TIMEOUT_MS);
});

describe('Construct: PillarsFunction (every Lambda function of the app)', () => {
  const functions = () => resourcesOfType('AWS::Lambda::Function');

  it('deploys every handler under functions/ exactly once', () => {
    const entries = functions().map((f) => f.resource.Metadata?.[ENTRY_METADATA]);

    expect(entries.sort()).toEqual(handlerFiles().sort());
  });

  it('runs on Node.js 24 on arm64 with active tracing', () => {
    expect(functions().length).toBeGreaterThan(0);
    for (const { id, resource } of functions()) {
      expect(resource.Properties, id).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  it(`names an existing source file in its ${ENTRY_METADATA} metadata`, () => {
    for (const { id, resource } of functions()) {
      const entry = resource.Metadata?.[ENTRY_METADATA];
      expect(typeof entry, id).toBe('string');
      expect(existsSync(join(PROJECT_ROOT, entry as string)), `${id}: ${String(entry)}`).toBe(true);
    }
  });

  it('sends failed asynchronous invocations to the dead-letter queue', () => {
    for (const { id, json } of functions()) {
      const configs = Object.values(json.Resources).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig'
        && JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: id }));

      expect(configs, id).toHaveLength(1);
      const onFailure = (configs[0]!.Properties.DestinationConfig as { OnFailure?: { Destination: unknown } }).OnFailure;
      expect(inCoreTerms(onFailure?.Destination), id).toEqual(dlqArn());
    }
  });
});

describe("Resource: each brand's credentials secret", () => {
  it('may be read and written, by its name, only by the functions that call the networks with those credentials', () => {
    const arn = `secret:${BRAND_CREDENTIALS_SECRETS}-??????`;
    const entryOfRole = (stack: Stack, roleId: string) => resourcesOfType('AWS::Lambda::Function')
      .find((f) => f.stack === stack && JSON.stringify(f.resource.Properties.Role) === JSON.stringify({ 'Fn::GetAtt': [roleId, 'Arn'] }))?.resource.Metadata?.[ENTRY_METADATA];
    const granted = resourcesOfType('AWS::IAM::Policy').flatMap(({ stack, resource }) => {
      const statements = (resource.Properties.PolicyDocument as { Statement: { Action: string[]; Resource: unknown }[] }).Statement
        .filter((statement) => JSON.stringify(statement.Resource).includes(arn));
      return statements.length === 0 ? [] : (resource.Properties.Roles as { Ref: string }[]).map((role) => ({ entry: entryOfRole(stack, role.Ref), actions: statements.flatMap((st) => st.Action) }));
    });

    expect(granted.map((g) => g.entry).sort()).toEqual([
      'functions/analytics/collect-account-metrics.ts', 'functions/analytics/collect-post-metrics.ts',
      'functions/publishing/check-credentials.ts', 'functions/publishing/publish-post.ts',
    ]);
    for (const { actions } of granted) expect(actions.sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue']);
  });
});

describe('Check: cdk-nag AwsSolutions', () => {
  it('passes synth with every finding acknowledged', () => {
    // Assess
    expect(synthError).toBeUndefined();
    const reportFile = join(app.outdir, 'validation-report.json');
    if (!existsSync(reportFile)) return;
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string }[]; suppressedViolations?: { reason?: string }[] }[];
    };
    for (const plugin of report.pluginReports) {
      expect(plugin.violations.map((v) => v.ruleName), plugin.pluginName).toEqual([]);
      expect(plugin.conclusion, plugin.pluginName).toBe('success');
      for (const suppressed of plugin.suppressedViolations ?? []) expect(suppressed.reason, plugin.pluginName).toMatch(/\S/);
    }
  });

  it('fails synth naming the rule when a non-compliant resource is added', async () => {
    // Prepare: a queue that accepts plain-HTTP requests.
    const fresh = buildPillarsApp({ outdir: tempOutdir(), context: NO_BUNDLING });
    new Queue(fresh.core, 'PlainTransportQueue');

    // Act
    const error = await failure(() => fresh.app.synth(), Error);

    // Assess
    expect(error.name).toBe('ValidationFailed');
    expect(error.message).toMatch(/AwsSolutions-SQS4/);
    expect(error.message).toContain(`${fresh.core.stackName}/PlainTransportQueue/Resource`);
  }, SYNTH_TIMEOUT_MS);

  it('does not run when the app is built with nag: false', () => {
    const fresh = buildPillarsApp({ nag: false, outdir: tempOutdir(), context: NO_BUNDLING });
    new Queue(fresh.core, 'PlainTransportQueue');

    expect(() => fresh.app.synth()).not.toThrow();
  }, SYNTH_TIMEOUT_MS);
});
