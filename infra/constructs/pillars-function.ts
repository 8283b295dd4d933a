/**
 * The house Lambda function: every Pillars function gets the same runtime, architecture,
 * tracing, log retention, bundling and async failure handling, and binds its resources through
 * methods that set the environment variable and the least-privilege L2 grant together.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Architecture, CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root; entries are given relative to it so the local runtime can find the source. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Metadata key on each function that tells the local runtime which source file it runs. */
export const ENTRY_METADATA = 'pillars:entry';

export interface PillarsFunctionProps {
  /** Handler source, relative to the repository root, e.g. `functions/publishing/create-post.ts`. */
  readonly entry: string;
  readonly description: string;
  /** Where failed asynchronous invocations go after Lambda's retries. */
  readonly deadLetterQueue: IQueue;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 MB */
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
}

export class PillarsFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: PillarsFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      logGroup,
      role,
      onFailure: new SqsDestination(props.deadLetterQueue),
      retryAttempts: 2,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'pillars',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        externalModules: ['@aws-sdk/*'],
      },
    });
    (this.function.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
  }

  bindTable(table: ITable, access: 'read' | 'readWrite'): this {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this.function);
    else table.grantReadWriteData(this.function);
    return this;
  }

  bindBus(bus: IEventBus): this {
    this.function.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this.function);
    return this;
  }

  bindSecret(variable: string, secret: ISecret): this {
    this.function.addEnvironment(variable, secret.secretArn);
    secret.grantRead(this.function);
    return this;
  }

  /**
   * Every secret whose name matches `namePattern` (one `*` for the part only known at run time,
   * such as the brand of a brand's own secret). Secrets Manager adds six random characters to
   * each name in its ARN, hence the `-??????`.
   */
  grantSecretsNamed(namePattern: string, access: 'read' | 'readWrite'): this {
    const read = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
    this.function.addToRolePolicy(new PolicyStatement({
      actions: access === 'read' ? read : [...read, 'secretsmanager:PutSecretValue'],
      resources: [Stack.of(this).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${namePattern}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    return this;
  }

  bindTopic(variable: string, topic: ITopic): this {
    this.function.addEnvironment(variable, topic.topicArn);
    topic.grantPublish(this.function);
    return this;
  }
}
