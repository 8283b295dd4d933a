import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Rule } from 'aws-cdk-lib/aws-events';
import { Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StackTemplate } from '../../../local/wiring/intrinsics.js';
import { readWiring } from '../../../local/wiring/wiring.js';

const account = { region: 'eu-west-1', accountId: '123456789012', awsServicesUrl: 'http://127.0.0.1:4566', apiUrl: 'http://127.0.0.1:4000' };
let stacks: StackTemplate[];

beforeAll(() => {
  const stack = new Stack(new App(), 'Pillars-Publishing');
  const notifying = new Bucket(stack, 'Imports', { bucketName: 'acme-imports' });
  (notifying.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  new Bucket(stack, 'Quiet', { bucketName: 'acme-quiet' });
  new Rule(stack, 'Uploaded', { eventPattern: { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [notifying.bucketName] } } } });
  stacks = [{ stackName: stack.stackName, template: Template.fromStack(stack).toJSON() }];
});

describe('S3 notifications to EventBridge in the local wiring', () => {
  it('lists only the buckets whose NotificationConfiguration enables EventBridge', () => {
    const wiring = readWiring(stacks, account);
    expect(wiring.buckets).toEqual(['acme-imports', 'acme-quiet']);
    expect(wiring.eventBridgeBuckets).toEqual(['acme-imports']);
  });

  it('reads a rule without an EventBusName as a rule of the default bus, where S3 sends its events', () => {
    expect(readWiring(stacks, account).rules).toEqual([expect.objectContaining({
      busName: 'default', eventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['acme-imports'] } } },
    })]);
  });
});
