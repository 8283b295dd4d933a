/**
 * The core every pillar stands on: the event bus with its archive (replay), the single table,
 * the dead-letter queue and its alarm, the alarm topic, the credentials secret, the user pool
 * that issues brand-scoped tokens, and the HTTP API with its JWT authorizer.
 */
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CfnStage, HttpApi, HttpAuthorizer, HttpAuthorizerType, type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnUserPoolGroup, FeaturePlan, Mfa, StandardThreatProtectionMode, StringAttribute, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, CfnTable, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { GSI1, TTL_ATTRIBUTE } from '../shared/contracts/table.js';
import { BRAND_CLAIM, type Role } from '../shared/contracts/auth.js';
import { routes } from '../shared/contracts/api/routes.js';
import { ALERTED_EVENTS } from '../shared/contracts/events/catalogue.js';
import { PillarsFunction } from './constructs/pillars-function.js';
import { ApiRoute } from './constructs/api-route.js';
import { Subscription } from './constructs/subscription.js';
import { DeadLetterQueue } from './constructs/dead-letter-queue.js';

export const NETWORK_CREDENTIALS_SECRET = 'pillars/network-credentials';

const ROLE_GROUPS: Record<Role, string> = {
  admin: 'Everything, including brand settings and connecting or re-pointing accounts',
  editor: 'Writes, edits, schedules and imports posts; queues, campaigns and reports',
  approver: "What an editor does, and approves or rejects others' posts",
  viewer: 'Reads everything of the brand and changes nothing',
};

export class CoreStack extends Stack {
  readonly bus: EventBus;
  readonly table: Table;
  readonly deadLetterQueue: Queue;
  readonly alarmTopic: Topic;
  readonly credentials: Secret;
  readonly api: HttpApi;
  readonly authorizer: IHttpRouteAuthorizer;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.bus = new EventBus(this, 'Bus', { description: 'Pillars domain events (source pillars.<pillar>)' });
    this.bus.archive('Archive', {
      description: 'Every Pillars event, for replay after a consumer bug or outage',
      eventPattern: { source: [{ prefix: 'pillars.' }] as unknown as string[] },
      retention: Duration.days(365),
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1,
      partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
    });
    // Pinned: a changed logical id would replace the table and orphan its data.
    (this.table.node.defaultChild as CfnTable).overrideLogicalId('Table');

    const alarmKey = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Encrypts the Pillars alarm topic' });
    // CloudWatch alarms publish to the encrypted topic, so the service needs the key.
    alarmKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Pillars alarms', masterKey: alarmKey, enforceSSL: true });

    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', { alarmTopic: this.alarmTopic }).queue;

    // A fixed name, because operators put credentials in by name (see the README).
    this.credentials = new Secret(this, 'NetworkCredentials', {
      secretName: NETWORK_CREDENTIALS_SECRET,
      description: 'Network and ad-platform credentials: a JSON object keyed by account id',
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });

    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: { brand: new StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // One group per role (shared/contracts/auth.ts, the README's table); a user in none of them can only read.
    for (const [role, description] of Object.entries(ROLE_GROUPS)) {
      new CfnUserPoolGroup(this, `${role[0]!.toUpperCase()}${role.slice(1)}Group`, { userPoolId: userPool.userPoolId, groupName: role, description });
    }
    this.userPoolClient = userPool.addClient('CliClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
    });

    this.api = new HttpApi(this, 'Api', { description: 'Pillars management API and webhooks' });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    (this.api.defaultStage!.node.defaultChild as CfnStage).accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId', ip: '$context.identity.sourceIp', routeKey: '$context.routeKey',
        status: '$context.status', latency: '$context.responseLatency', brand: `$context.authorizer.claims.${BRAND_CLAIM}`,
      }),
    };
    const jwt = new HttpAuthorizer(this, 'JwtAuthorizer', {
      httpApi: this.api,
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: userPool.userPoolProviderUrl,
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });
    this.authorizer = { bind: () => ({ authorizationType: 'JWT', authorizerId: jwt.authorizerId }) };

    const openApi = this.function('OpenApi', 'functions/core/openapi.ts', 'Serves /openapi.json');
    new ApiRoute(this, 'OpenApiRoute', { api: this.api, route: routes.openApi, handler: openApi, authorizer: this.authorizer });

    const createAccount = this.function('CreateAccount', 'functions/core/create-account.ts', 'POST /accounts').bindTable(this.table, 'readWrite');
    new ApiRoute(this, 'CreateAccountRoute', { api: this.api, route: routes.createAccount, handler: createAccount, authorizer: this.authorizer });
    const repointAccount = this.function('RepointAccount', 'functions/core/repoint-account.ts', 'PUT /accounts/{accountId}').bindTable(this.table, 'readWrite');
    new ApiRoute(this, 'RepointAccountRoute', { api: this.api, route: routes.repointAccount, handler: repointAccount, authorizer: this.authorizer });
    const listAccounts = this.function('ListAccounts', 'functions/core/list-accounts.ts', 'GET /accounts').bindTable(this.table, 'read');
    new ApiRoute(this, 'ListAccountsRoute', { api: this.api, route: routes.listAccounts, handler: listAccounts, authorizer: this.authorizer });

    const getSettings = this.function('GetSettings', 'functions/core/get-settings.ts', 'GET /settings').bindTable(this.table, 'read');
    new ApiRoute(this, 'GetSettingsRoute', { api: this.api, route: routes.getSettings, handler: getSettings, authorizer: this.authorizer });
    const putSettings = this.function('PutSettings', 'functions/core/put-settings.ts', 'PUT /settings').bindTable(this.table, 'readWrite');
    new ApiRoute(this, 'PutSettingsRoute', { api: this.api, route: routes.putSettings, handler: putSettings, authorizer: this.authorizer });

    const notify = this.function('NotifyOperators', 'functions/core/notify-operators.ts', 'Sends failed and unconfirmed posts to the alarm topic')
      .bindTopic('ALARM_TOPIC_ARN', this.alarmTopic);
    new Subscription(this, 'NotifyOperatorsSubscription', { bus: this.bus, events: ALERTED_EVENTS, target: notify, deadLetterQueue: this.deadLetterQueue });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'NetworkCredentialsSecret', { value: this.credentials.secretName });
  }

  /** A house function in this stack with the core dead-letter queue. */
  function(id: string, entry: string, description: string): PillarsFunction {
    return new PillarsFunction(this, id, { entry, description, deadLetterQueue: this.deadLetterQueue });
  }
}
