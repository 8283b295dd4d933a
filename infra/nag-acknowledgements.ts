/**
 * Every cdk-nag finding Pillars accepts, each with the reason it is acceptable. Ids are exact
 * (granular `[Resource::…]` forms where nag gives them), so a new wildcard still fails synth.
 */
import { Validations, type CfnElement, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CoreStack } from './core-stack.js';
import type { AnalyticsStack } from './analytics-stack.js';
import { BRAND_CREDENTIALS_SECRETS } from '../shared/contracts/resource-names.js';

const IAM5 = 'AwsSolutions-IAM5';

/** X-Ray's PutTraceSegments/PutTelemetryRecords support no resource-level permissions. */
const TRACING_REASON = 'Active tracing: X-Ray PutTraceSegments and PutTelemetryRecords only accept Resource "*"';
const TABLE_INDEX_REASON = "Reads the table's own GSIs (gsi1); index names are part of the single-table design in shared/platform/store/keys.ts";

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export function acknowledgeFindings({ core, pillars }: { core: CoreStack; pillars: Stack[] }): void {
  for (const stack of [core, ...pillars]) acknowledge(stack, `${IAM5}[Resource::*]`, TRACING_REASON);

  acknowledge(core, `${IAM5}[Resource::<Table.Arn>/index/*]`, TABLE_INDEX_REASON);
  acknowledge(core.credentials, 'AwsSolutions-SMG4',
    "Holds third-party OAuth tokens; they are refreshed through each network's token endpoint by the publisher, which a Secrets Manager rotation Lambda cannot do");
  acknowledge(core, `${IAM5}[Action::kms:GenerateDataKey*]`, 'Publishing to the KMS-encrypted alarm topic needs data keys from that one key');
  acknowledge(core.node.findChild('OpenApiRoute'), 'AwsSolutions-APIG4', 'GET /openapi.json is the public API description; every management route has the JWT authorizer');

  for (const stack of pillars) {
    acknowledge(stack, `${IAM5}[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${BRAND_CREDENTIALS_SECRETS}-??????]`,
      "Each brand's credentials are in its own secret, created per brand at run time; the grant is limited to those names (pillars/brands/<brandId>/network-credentials)");
    const crossStackTable = JSON.stringify({
      'Fn::GetStackOutput': { StackName: core.stackName, Region: { Ref: 'AWS::Region' }, OutputName: 'PublishOutputFnGetAttTableArn9C618BB1' },
    });
    acknowledge(stack, `${IAM5}[Resource::${crossStackTable}/index/*]`, TABLE_INDEX_REASON);
  }
}

/** Findings specific to the publishing stack. */
export function acknowledgePublishing(stack: Stack, scheduleGroupName: string, publisherLogicalId: string, importsBucketLogicalId: string): void {
  acknowledge(stack, `${IAM5}[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${scheduleGroupName}/*]`,
    "One schedule per post is created at run time with the post's id in its name; access is limited to Pillars' own schedule group");
  acknowledge(stack, `${IAM5}[Resource::<${publisherLogicalId}.Arn>:*]`,
    "lambda:InvokeFunction on the publisher's versions and aliases, granted by grantInvoke to the scheduler role");
  acknowledge(stack, `${IAM5}[Resource::<${importsBucketLogicalId}.Arn>/imports/*]`,
    'Import uploads and their errors.csv are created at run time under imports/<brandId>/<importId>/; access is limited to that prefix of the imports bucket');
  for (const action of ['s3:Abort*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    acknowledge(stack, `${IAM5}[Action::${action}]`, 'The L2 bucket grants (grantPut, grantRead) on the imports prefix: object reads and writes, aborting an upload');
  }
}

/** Findings specific to the analytics stack. */
export function acknowledgeAnalytics(stack: AnalyticsStack): void {
  acknowledge(stack.accessLogsBucket, 'AwsSolutions-S1', 'This bucket receives the reports bucket\'s server access logs; logging it to itself would loop');
  acknowledge(stack.webAnalyticsSecret, 'AwsSolutions-SMG4',
    "Holds each brand's GA4 service-account key and webhook signing secrets, issued by Google and by the brand's shop; rotating them is done there, not by a Secrets Manager rotation Lambda");
  const reportObjects = `${IAM5}[Resource::<${stack.getLogicalId(stack.reportsBucket.node.defaultChild as CfnElement)}.Arn>/reports/*]`;
  acknowledge(stack, reportObjects, 'Report files are created at run time under reports/<brandId>/<reportId>/; access is limited to that prefix of the reports bucket');
  for (const action of ['s3:Abort*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    acknowledge(stack, `${IAM5}[Action::${action}]`, "The L2 bucket grants (grantPut, grantRead) on the reports prefix: object reads and writes, listing a report's files, aborting an upload");
  }
  acknowledge(stack.node.findChild('ConversionWebhookRoute'), 'AwsSolutions-APIG4',
    'A webhook for the shop: no bearer token, but every request is verified by its Standard Webhooks HMAC signature and timestamp before anything is read or stored');
}
