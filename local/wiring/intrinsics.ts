/**
 * Resolves CloudFormation intrinsic functions in a synthesized template to local values, so
 * the environment a function gets locally is computed from the same template CloudFormation
 * would deploy. Physical names follow one scheme: `<stack>-<logicalId>` unless the template
 * names the resource itself.
 */

export interface LocalAccount {
  readonly region: string;
  readonly accountId: string;
  /** Base URL of the local AWS service emulator (queue URLs point there). */
  readonly awsServicesUrl: string;
  /** Base URL of the local HTTP API. */
  readonly apiUrl: string;
}

export interface StackTemplate {
  readonly stackName: string;
  readonly template: CfnTemplate;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** Property that carries a resource's own name, where CloudFormation lets the template set it. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::Scheduler::ScheduleGroup': 'Name',
  'AWS::Scheduler::Schedule': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SES::EmailIdentity': 'EmailIdentity',
};

export class TemplateResolver {
  readonly #stacks: Map<string, StackTemplate>;
  readonly #account: LocalAccount;

  constructor(stacks: readonly StackTemplate[], account: LocalAccount) {
    this.#stacks = new Map(stacks.map((s) => [s.stackName, s]));
    this.#account = account;
  }

  resolve(stackName: string, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stackName, v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      switch (fn) {
        case 'Ref': return this.ref(stackName, arg as string);
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.', 2);
          return this.getAtt(stackName, id!, attr!);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown[]];
          return (this.resolve(stackName, parts) as unknown[]).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number, unknown];
          return (this.resolve(stackName, list) as unknown[])[Number(index)];
        }
        case 'Fn::Split': {
          const [sep, source] = arg as [string, unknown];
          return String(this.resolve(stackName, source)).split(sep);
        }
        case 'Fn::Sub': return this.sub(stackName, arg);
        case 'Fn::GetStackOutput': {
          const { StackName, OutputName } = arg as { StackName: string; OutputName: string };
          return this.output(String(this.resolve(stackName, StackName)), OutputName);
        }
        case 'Fn::ImportValue': return this.importValue(String(this.resolve(stackName, arg)));
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(stackName, v)]));
  }

  resource(stackName: string, logicalId: string): CfnResource {
    const resource = this.#stacks.get(stackName)?.template.Resources?.[logicalId];
    if (!resource) throw new Error(`template ${stackName} has no resource ${logicalId}`);
    return resource;
  }

  /** The physical name a resource has locally. */
  physicalName(stackName: string, logicalId: string): string {
    const resource = this.resource(stackName, logicalId);
    const property = NAME_PROPERTY[resource.Type];
    const named = property ? resource.Properties?.[property] : undefined;
    if (named !== undefined) return String(this.resolve(stackName, named));
    // Bucket names cannot hold capitals; CloudFormation lower-cases the names it generates for them.
    return resource.Type === 'AWS::S3::Bucket' ? `${stackName}-${logicalId}`.toLowerCase() : `${stackName}-${logicalId}`;
  }

  arn(stackName: string, logicalId: string): string {
    const { region, accountId } = this.#account;
    const type = this.resource(stackName, logicalId).Type;
    const name = this.physicalName(stackName, logicalId);
    switch (type) {
      case 'AWS::DynamoDB::Table': return `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
      case 'AWS::Lambda::Function': return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
      case 'AWS::Events::EventBus': return `arn:aws:events:${region}:${accountId}:event-bus/${name}`;
      case 'AWS::Events::Rule': return `arn:aws:events:${region}:${accountId}:rule/${name}`;
      case 'AWS::SQS::Queue': return `arn:aws:sqs:${region}:${accountId}:${name}`;
      case 'AWS::SNS::Topic': return `arn:aws:sns:${region}:${accountId}:${name}`;
      case 'AWS::SecretsManager::Secret': return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}`;
      case 'AWS::Scheduler::ScheduleGroup': return `arn:aws:scheduler:${region}:${accountId}:schedule-group/${name}`;
      case 'AWS::IAM::Role': return `arn:aws:iam::${accountId}:role/${name}`;
      case 'AWS::Logs::LogGroup': return `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`;
      case 'AWS::S3::Bucket': return `arn:aws:s3:::${name}`;
      case 'AWS::SES::EmailIdentity': return `arn:aws:ses:${region}:${accountId}:identity/${name}`;
      case 'AWS::KMS::Key': return `arn:aws:kms:${region}:${accountId}:key/${name}`;
      default: return `arn:aws:local:${region}:${accountId}:${type}/${name}`;
    }
  }

  private ref(stackName: string, name: string): unknown {
    const { region, accountId } = this.#account;
    switch (name) {
      case 'AWS::Region': return region;
      case 'AWS::AccountId': return accountId;
      case 'AWS::Partition': return 'aws';
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return stackName;
      case 'AWS::NoValue': return undefined;
    }
    const type = this.resource(stackName, name).Type;
    // Ref returns the ARN for these types, the name or id for the rest.
    if (type === 'AWS::SNS::Topic' || type === 'AWS::SecretsManager::Secret') return this.arn(stackName, name);
    if (type === 'AWS::SQS::Queue') return `${this.#account.awsServicesUrl}/${accountId}/${this.physicalName(stackName, name)}`;
    return this.physicalName(stackName, name);
  }

  private getAtt(stackName: string, logicalId: string, attr: string): unknown {
    switch (attr) {
      case 'Arn': case 'TopicArn': return this.arn(stackName, logicalId);
      case 'Name': case 'QueueName': case 'TopicName': return this.physicalName(stackName, logicalId);
      case 'QueueUrl': return this.ref(stackName, logicalId);
      case 'ApiEndpoint': return this.#account.apiUrl;
      default: return `${this.physicalName(stackName, logicalId)}.${attr}`;
    }
  }

  private sub(stackName: string, arg: unknown): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [arg as string, {}];
    return text.replace(/\$\{([^}!]+)\}/g, (_, expr: string) => {
      if (expr in vars) return String(this.resolve(stackName, vars[expr]));
      const [id, attr] = expr.split('.', 2);
      return String(attr ? this.getAtt(stackName, id!, attr) : this.ref(stackName, id!));
    });
  }

  private output(stackName: string, outputName: string): unknown {
    const output = this.#stacks.get(stackName)?.template.Outputs?.[outputName];
    if (!output) throw new Error(`stack ${stackName} has no output ${outputName}`);
    return this.resolve(stackName, output.Value);
  }

  private importValue(exportName: string): unknown {
    for (const stack of this.#stacks.values()) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export && this.resolve(stack.stackName, output.Export.Name) === exportName) {
          return this.resolve(stack.stackName, output.Value);
        }
      }
    }
    throw new Error(`no stack exports ${exportName}`);
  }
}
