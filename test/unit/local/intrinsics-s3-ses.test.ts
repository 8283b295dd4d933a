import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { TemplateResolver, type StackTemplate } from '../../../local/wiring/intrinsics.js';
import { readWiring } from '../../../local/wiring/wiring.js';

const account = { region: 'eu-west-1', accountId: '123456789012', awsServicesUrl: 'http://127.0.0.1:4566', apiUrl: 'http://127.0.0.1:4000' };
let stacks: StackTemplate[];

beforeAll(() => {
  // A real CDK stack, so the test sees the intrinsics CDK actually writes for these resources.
  const stack = new Stack(new App(), 'Pillars-Analytics');
  const generated = new Bucket(stack, 'ReportsBucket');
  const named = new Bucket(stack, 'NamedBucket', { bucketName: 'acme-reports' });
  const sender = new EmailIdentity(stack, 'ReportSender', { identity: Identity.email('reports@brand.example') });
  new CfnOutput(stack, 'GeneratedName', { value: generated.bucketName });
  new CfnOutput(stack, 'GeneratedArn', { value: generated.bucketArn });
  new CfnOutput(stack, 'NamedName', { value: named.bucketName });
  new CfnOutput(stack, 'SenderIdentity', { value: sender.emailIdentityName });
  new CfnOutput(stack, 'SenderArn', { value: sender.emailIdentityArn });
  stacks = [{ stackName: stack.stackName, template: Template.fromStack(stack).toJSON() }];
});

const output = (name: string) => {
  const template = stacks[0]!.template;
  return new TemplateResolver(stacks, account).resolve('Pillars-Analytics', template.Outputs![name]!.Value);
};

describe('S3 buckets and SES identities in the local wiring', () => {
  it('names a generated bucket <stack>-<logicalId> in lower case, as bucket names must be, and keeps a given BucketName', () => {
    expect(output('GeneratedName')).toMatch(/^pillars-analytics-reportsbucket[0-9a-f]{8}$/);
    expect(output('NamedName')).toBe('acme-reports');
  });

  it('resolves a bucket\'s Arn to arn:aws:s3:::<name>', () => {
    expect(output('GeneratedArn')).toBe(`arn:aws:s3:::${output('GeneratedName') as string}`);
  });

  it('resolves an e-mail identity to the address and its SES identity ARN', () => {
    expect(output('SenderIdentity')).toBe('reports@brand.example');
    expect(output('SenderArn')).toBe('arn:aws:ses:eu-west-1:123456789012:identity/reports@brand.example');
  });

  it('lists every bucket of the templates for the runtime to create', () => {
    expect(readWiring(stacks, account).buckets).toEqual([output('GeneratedName'), 'acme-reports']);
  });
});
