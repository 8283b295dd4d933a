/**
 * Analytics & reporting: metric snapshots of every published post by age and of every account by
 * day, web analytics and conversions for ROI, campaigns with their cost, best times offered to the
 * queue, and the weekly and on-demand reports (stored in S3, mailed through SES).
 */
import { Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { routes } from '../shared/contracts/api/routes.js';
import { PostPublished } from '../shared/contracts/events/catalogue.js';
import { BRAND_CREDENTIALS_SECRETS, WEB_ANALYTICS_SECRET } from '../shared/contracts/resource-names.js';
import type { CoreStack } from './core-stack.js';
import { PillarsFunction } from './constructs/pillars-function.js';
import { ApiRoute } from './constructs/api-route.js';
import { Subscription } from './constructs/subscription.js';
import { DeadLetterQueue } from './constructs/dead-letter-queue.js';

/** Every report's files live under reports/<brandId>/<reportId>/ (see shared/analytics/reports/report-store.ts). */
export const REPORT_OBJECTS = 'reports/*';

export interface AnalyticsStackProps extends StackProps {
  readonly core: CoreStack;
  /** A verified SES sender for the reports, e.g. reports@brand.example; without it reports are stored, not mailed. */
  readonly reportSender?: string;
}

export class AnalyticsStack extends Stack {
  readonly reportsBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly webAnalyticsSecret: Secret;

  constructor(scope: Construct, id: string, props: AnalyticsStackProps) {
    super(scope, id, props);
    const { core } = props;
    const deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', { alarmTopic: core.alarmTopic }).queue;
    const fn = (fid: string, entry: string, description: string, options: { timeout?: Duration; memorySize?: number } = {}) =>
      new PillarsFunction(this, fid, { entry, description, deadLetterQueue, ...options });
    const every = (rid: string, description: string, schedule: Schedule, target: PillarsFunction) =>
      new Rule(this, rid, { description, schedule, targets: [new LambdaFunction(target.function, { deadLetterQueue, retryAttempts: 2 })] });

    // Collection: snapshots planned on PostPublished, taken by a sweeper; accounts once a day.
    const plan = fn('PlanSnapshots', 'functions/analytics/plan-snapshots.ts', "Plans a published post's metric snapshots by age").bindTable(core.table, 'readWrite');
    new Subscription(this, 'PlanSnapshotsSubscription', { bus: core.bus, events: [PostPublished], target: plan, deadLetterQueue });
    const collector = (fid: string, entry: string, description: string) => {
      const f = fn(fid, entry, description, { timeout: Duration.minutes(5) })
        .bindTable(core.table, 'readWrite')
        .bindBus(core.bus)
        .bindSecret('NETWORK_CREDENTIALS_SECRET_ARN', core.credentials)
        .grantSecretsNamed(BRAND_CREDENTIALS_SECRETS, 'readWrite');
      // An expired token is refreshed and written back, as the publisher does.
      core.credentials.grantWrite(f.function);
      return f;
    };
    const collectPosts = collector('CollectPostMetrics', 'functions/analytics/collect-post-metrics.ts', 'Takes the post metric snapshots that are due');
    every('CollectPostMetricsEvery5Minutes', 'Every 5 minutes: post snapshots that are due', Schedule.rate(Duration.minutes(5)), collectPosts);
    const collectAccounts = collector('CollectAccountMetrics', 'functions/analytics/collect-account-metrics.ts', "One snapshot per account of its audience metrics");
    every('CollectAccountMetricsDaily', 'Every day at 05:30 UTC: account metrics', Schedule.cron({ minute: '30', hour: '5' }), collectAccounts);

    // ROI inputs: GA4 per brand and the signed conversion webhook read one secret, keyed by brand.
    this.webAnalyticsSecret = new Secret(this, 'WebAnalyticsSecret', {
      secretName: WEB_ANALYTICS_SECRET,
      description: 'Per brand: the GA4 property and service account, and the conversion webhook signing secrets',
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    const collectWeb = fn('CollectWebAnalytics', 'functions/analytics/collect-web-analytics.ts', "Yesterday's GA4 sessions, key events and revenue per source and campaign", { timeout: Duration.minutes(5) })
      .bindTable(core.table, 'readWrite')
      .bindSecret('WEB_ANALYTICS_SECRET_ARN', this.webAnalyticsSecret);
    every('CollectWebAnalyticsDaily', 'Every day at 06:30 UTC: GA4 web analytics', Schedule.cron({ minute: '30', hour: '6' }), collectWeb);
    const conversionWebhook = fn('ConversionWebhook', 'functions/analytics/conversion-webhook.ts', 'POST /webhooks/conversions/{brandId} (signed)')
      .bindTable(core.table, 'readWrite')
      .bindSecret('WEB_ANALYTICS_SECRET_ARN', this.webAnalyticsSecret);

    const putCampaign = fn('PutCampaign', 'functions/analytics/put-campaign.ts', 'PUT /campaigns/{name}').bindTable(core.table, 'readWrite');
    const getCampaign = fn('GetCampaign', 'functions/analytics/get-campaign.ts', 'GET /campaigns/{name}').bindTable(core.table, 'read');
    const listCampaigns = fn('ListCampaigns', 'functions/analytics/list-campaigns.ts', 'GET /campaigns').bindTable(core.table, 'read');
    const settings = fn('AnalyticsSettings', 'functions/analytics/analytics-settings.ts', 'GET and PUT /analytics/settings').bindTable(core.table, 'readWrite');
    const suggestSlots = fn('SuggestQueueSlots', 'functions/analytics/suggest-queue-slots.ts', 'GET /accounts/{accountId}/queue/suggestions', { memorySize: 1024 })
      .bindTable(core.table, 'read');
    const rollups = fn('GetRollups', 'functions/analytics/get-rollups.ts', 'GET /analytics/rollups', { memorySize: 1024 }).bindTable(core.table, 'read');

    // Reports: files in a private bucket, mailed from a verified sender when one is configured.
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.reportsBucket = new Bucket(this, 'Reports', {
      encryption: BucketEncryption.S3_MANAGED, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true,
      versioned: true, serverAccessLogsBucket: this.accessLogsBucket, serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const sender = props.reportSender ? new EmailIdentity(this, 'ReportSender', { identity: Identity.email(props.reportSender) }) : undefined;
    const reporting = (fid: string, entry: string, description: string, timeout: Duration) => {
      const f = fn(fid, entry, description, { timeout, memorySize: 1536 }).bindTable(core.table, 'readWrite').bindBus(core.bus);
      f.function.addEnvironment('REPORTS_BUCKET_NAME', this.reportsBucket.bucketName);
      this.reportsBucket.grantPut(f.function, REPORT_OBJECTS);
      if (sender) {
        f.function.addEnvironment('REPORT_SENDER', props.reportSender!);
        sender.grantSendEmail(f.function);
      }
      return f;
    };
    const createReport = reporting('CreateReport', 'functions/analytics/create-report.ts', 'POST /reports', Duration.seconds(29));
    const weeklyReports = reporting('WeeklyReports', 'functions/analytics/weekly-reports.ts', "Every brand's weekly report", Duration.minutes(10));
    // Hourly through a UTC Monday: each brand is due at 06:00 on its own Monday (see shared/analytics/reports/weekly-reports.ts).
    every('WeeklyReportsOnMonday', 'Every hour of a UTC Monday: brands whose local Monday morning has come get their last 7 days', Schedule.cron({ weekDay: 'MON', minute: '0' }), weeklyReports);
    const readReports = fn('ReadReports', 'functions/analytics/read-reports.ts', 'GET /reports, /reports/{reportId}, /reports/{reportId}/files/{name}', { memorySize: 1024 })
      .bindTable(core.table, 'read');
    readReports.function.addEnvironment('REPORTS_BUCKET_NAME', this.reportsBucket.bucketName);
    this.reportsBucket.grantRead(readReports.function, REPORT_OBJECTS);

    const route = (rid: string, spec: (typeof routes)[keyof typeof routes], handler: PillarsFunction) =>
      new ApiRoute(this, rid, { api: core.api, route: spec, handler, authorizer: core.authorizer });
    route('ConversionWebhookRoute', routes.conversionWebhook, conversionWebhook);
    route('PutCampaignRoute', routes.putCampaign, putCampaign);
    route('GetCampaignRoute', routes.getCampaign, getCampaign);
    route('ListCampaignsRoute', routes.listCampaigns, listCampaigns);
    route('GetAnalyticsSettingsRoute', routes.getAnalyticsSettings, settings);
    route('PutAnalyticsSettingsRoute', routes.putAnalyticsSettings, settings);
    route('SuggestQueueSlotsRoute', routes.suggestQueueSlots, suggestSlots);
    route('GetRollupsRoute', routes.getRollups, rollups);
    route('CreateReportRoute', routes.createReport, createReport);
    route('ListReportsRoute', routes.listReports, readReports);
    route('GetReportRoute', routes.getReport, readReports);
    route('GetReportFileRoute', routes.getReportFile, readReports);
  }
}
