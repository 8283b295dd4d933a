/**
 * Planning & publishing: the management routes for posts, a one-off EventBridge Scheduler
 * schedule per post in its own group, the publisher those schedules invoke, and asynchronous
 * bulk import (a private imports bucket whose uploads start an import through EventBridge).
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { routes } from '../shared/contracts/api/routes.js';
import type { CoreStack } from './core-stack.js';
import { PillarsFunction } from './constructs/pillars-function.js';
import { ApiRoute } from './constructs/api-route.js';
import { Subscription } from './constructs/subscription.js';
import { DeadLetterQueue } from './constructs/dead-letter-queue.js';
import { CrisisDetected, CrisisResolved, PostPublished } from '../shared/contracts/events/catalogue.js';
import { BRAND_CREDENTIALS_SECRETS } from '../shared/contracts/resource-names.js';

const IMPORT_OBJECTS_PREFIX = 'imports/';
const IMPORT_OBJECTS = `${IMPORT_OBJECTS_PREFIX}*`;

export interface PublishingStackProps extends StackProps {
  readonly core: CoreStack;
}

export class PublishingStack extends Stack {
  readonly publisher: PillarsFunction;
  readonly scheduleGroup: ScheduleGroup;
  readonly importsBucket: Bucket;
  readonly importsAccessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: PublishingStackProps) {
    super(scope, id, props);
    const { core } = props;
    // This stack's own DLQ: a rule target's DLQ policy names the rule, which must not make the core depend on us.
    const deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', { alarmTopic: core.alarmTopic }).queue;
    const fn = (fid: string, entry: string, description: string, timeout?: Duration) =>
      new PillarsFunction(this, fid, { entry, description, deadLetterQueue, timeout });

    const group = new ScheduleGroup(this, 'PostSchedules', {});
    this.scheduleGroup = group;
    const schedulerRole = new Role(this, 'PublishSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'Lets the per-post schedules invoke the publisher and dead-letter what they cannot deliver',
    });
    deadLetterQueue.grantSendMessages(schedulerRole);

    this.publisher = fn('PublishPost', 'functions/publishing/publish-post.ts', 'Publishes one due post exactly once', Duration.seconds(30))
      .bindTable(core.table, 'readWrite')
      .bindBus(core.bus)
      .bindSecret('NETWORK_CREDENTIALS_SECRET_ARN', core.credentials)
      .grantSecretsNamed(BRAND_CREDENTIALS_SECRETS, 'readWrite');
    // The lease must outlast a whole invocation, so a live publisher is never taken over.
    this.publisher.function.addEnvironment('PUBLISH_LEASE_SECONDS', '120');
    this.publisher.function.grantInvoke(schedulerRole);
    // Refreshed tokens are written back where they were read: the brand's secret (or an old-style entry of the shared one).
    core.credentials.grantWrite(this.publisher.function);

    const bindScheduling = (target: PillarsFunction) => {
      target.function.addEnvironment('PUBLISH_SCHEDULE_GROUP', group.scheduleGroupName);
      target.function.addEnvironment('PUBLISH_SCHEDULER_ROLE_ARN', schedulerRole.roleArn);
      target.function.addEnvironment('DEAD_LETTER_QUEUE_ARN', deadLetterQueue.queueArn);
      group.grantWriteSchedules(target.function);
      group.grantDeleteSchedules(target.function);
      schedulerRole.grantPassRole(target.function.grantPrincipal);
    };
    // The publisher reschedules itself (retry, reconcile); its own ARN comes from its invocation context.
    bindScheduling(this.publisher);

    /** A management function that puts posts on (or off) the schedule. */
    const scheduling = (fid: string, entry: string, description: string) => {
      const f = fn(fid, entry, description).bindTable(core.table, 'readWrite').bindBus(core.bus);
      bindScheduling(f);
      f.function.addEnvironment('PUBLISH_FUNCTION_ARN', this.publisher.function.functionArn);
      return f;
    };
    const createPost = scheduling('CreatePost', 'functions/publishing/create-post.ts', 'POST /posts');
    const importPosts = new PillarsFunction(this, 'ImportPosts', {
      entry: 'functions/publishing/import-posts.ts', description: 'POST /posts/import', deadLetterQueue, timeout: Duration.seconds(29), memorySize: 1024,
    }).bindTable(core.table, 'readWrite').bindBus(core.bus);
    bindScheduling(importPosts);
    importPosts.function.addEnvironment('PUBLISH_FUNCTION_ARN', this.publisher.function.functionArn);
    this.importsAccessLogsBucket = new Bucket(this, 'ImportsAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Uploaded CSVs and their errors.csv are working files: the posts are in the table, so they expire.
    this.importsBucket = new Bucket(this, 'Imports', {
      encryption: BucketEncryption.S3_MANAGED, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true,
      serverAccessLogsBucket: this.importsAccessLogsBucket, serverAccessLogsPrefix: 'imports/',
      lifecycleRules: [{ prefix: IMPORT_OBJECTS_PREFIX, expiration: Duration.days(7) }, { abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Kept like every bucket here: deleting a stack must not fail on (or lose) an import in progress.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Set on the bucket itself: `eventBridgeEnabled` would add CDK's notifications custom resource and its Python Lambda.
    (this.importsBucket.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    const importJobs = (fid: string, entry: string, description: string) => {
      const f = fn(fid, entry, description).bindTable(core.table, 'readWrite');
      f.function.addEnvironment('IMPORTS_BUCKET_NAME', this.importsBucket.bucketName);
      return f;
    };
    // A presigned URL carries its signer's rights: PUT for the upload, GET for errors.csv.
    const createImport = importJobs('CreateImport', 'functions/publishing/create-import.ts', 'POST /imports');
    this.importsBucket.grantPut(createImport.function, IMPORT_OBJECTS);
    const getImport = importJobs('GetImport', 'functions/publishing/get-import.ts', 'GET /imports/{importId}');
    this.importsBucket.grantRead(getImport.function, IMPORT_OBJECTS);
    const importTimeout = Duration.minutes(15);
    const importUpload = new PillarsFunction(this, 'ImportUpload', {
      entry: 'functions/publishing/import-upload.ts', description: 'Imports the CSV uploaded for an import job', deadLetterQueue, timeout: importTimeout, memorySize: 1536,
    }).bindTable(core.table, 'readWrite').bindBus(core.bus);
    bindScheduling(importUpload);
    importUpload.function.addEnvironment('PUBLISH_FUNCTION_ARN', this.publisher.function.functionArn);
    importUpload.function.addEnvironment('IMPORTS_BUCKET_NAME', this.importsBucket.bucketName);
    // The lease is the whole run: a job still importing after it belongs to a run that died.
    importUpload.function.addEnvironment('IMPORT_LEASE_SECONDS', String(importTimeout.toSeconds()));
    this.importsBucket.grantRead(importUpload.function, IMPORT_OBJECTS);
    this.importsBucket.grantPut(importUpload.function, IMPORT_OBJECTS);
    // S3 sends Object Created to the default bus, not to Pillars' own.
    new Rule(this, 'ImportUploaded', {
      description: 'A CSV uploaded for an import job starts the import',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.importsBucket.bucketName] }, object: { key: [{ prefix: IMPORT_OBJECTS_PREFIX }] } },
      },
      targets: [new LambdaFunction(importUpload.function, { deadLetterQueue, retryAttempts: 2 })],
    });
    const createPostGroup = scheduling('CreatePostGroup', 'functions/publishing/create-post-group.ts', 'POST /post-groups');
    const editPost = scheduling('EditPost', 'functions/publishing/edit-post.ts', 'PATCH /posts/{postId}');
    const cancelPost = scheduling('CancelPost', 'functions/publishing/cancel-post.ts', 'DELETE /posts/{postId}');
    const reviewPost = scheduling('ReviewPost', 'functions/publishing/review-post.ts', 'POST /posts/{postId}/submit|approve|reject');
    const accountQueue = fn('AccountQueue', 'functions/publishing/account-queue.ts', 'GET and PUT /accounts/{accountId}/queue')
      .bindTable(core.table, 'readWrite');
    const queue = scheduling('Queue', 'functions/publishing/queue.ts', 'GET /queue, POST /queue/pause|resume');
    const crisisMode = scheduling('CrisisMode', 'functions/publishing/crisis-mode.ts', 'Pauses and resumes the queue on CrisisDetected / CrisisResolved');
    const checkCredentials = fn('CheckCredentials', 'functions/publishing/check-credentials.ts', 'Daily: refresh expiring tokens or report them once', Duration.minutes(2))
      .bindTable(core.table, 'readWrite')
      .bindBus(core.bus)
      .bindSecret('NETWORK_CREDENTIALS_SECRET_ARN', core.credentials)
      .grantSecretsNamed(BRAND_CREDENTIALS_SECRETS, 'readWrite');
    core.credentials.grantWrite(checkCredentials.function);
    new Rule(this, 'CheckCredentialsDaily', {
      description: 'Every day at 07:00 UTC: tokens that expire within a week',
      schedule: Schedule.cron({ minute: '0', hour: '7' }),
      targets: [new LambdaFunction(checkCredentials.function, { deadLetterQueue, retryAttempts: 2 })],
    });

    const recycle = scheduling('RecycleEvergreen', 'functions/publishing/recycle-evergreen.ts', 'Schedules the next repeat of an evergreen post on PostPublished');
    // A brand that chose a link shortener keeps its token beside the network credentials.
    for (const shortening of [createPost, createPostGroup, editPost, recycle]) shortening.bindSecret('NETWORK_CREDENTIALS_SECRET_ARN', core.credentials);
    new Subscription(this, 'RecycleEvergreenSubscription', { bus: core.bus, events: [PostPublished], target: recycle, deadLetterQueue });
    new Subscription(this, 'CrisisModeSubscription', {
      bus: core.bus, events: [CrisisDetected, CrisisResolved], target: crisisMode, deadLetterQueue,
    });

    const listPosts = fn('ListPosts', 'functions/publishing/list-posts.ts', 'GET /posts').bindTable(core.table, 'read');
    const getPost = fn('GetPost', 'functions/publishing/get-post.ts', 'GET /posts/{postId}').bindTable(core.table, 'read');
    const getCalendar = fn('GetCalendar', 'functions/publishing/get-calendar.ts', 'GET /calendar').bindTable(core.table, 'read');

    const route = (rid: string, spec: (typeof routes)[keyof typeof routes], handler: PillarsFunction) =>
      new ApiRoute(this, rid, { api: core.api, route: spec, handler, authorizer: core.authorizer });
    route('CreatePostRoute', routes.createPost, createPost);
    route('ListPostsRoute', routes.listPosts, listPosts);
    route('GetPostRoute', routes.getPost, getPost);
    route('EditPostRoute', routes.editPost, editPost);
    route('CreatePostGroupRoute', routes.createPostGroup, createPostGroup);
    route('ImportPostsRoute', routes.importPosts, importPosts);
    route('CreateImportRoute', routes.createImport, createImport);
    route('GetImportRoute', routes.getImport, getImport);
    route('CalendarRoute', routes.getCalendar, getCalendar);
    route('GetQueueRoute', routes.getQueue, queue);
    route('GetAccountQueueRoute', routes.getAccountQueue, accountQueue);
    route('PutAccountQueueRoute', routes.putAccountQueue, accountQueue);
    route('PauseQueueRoute', routes.pauseQueue, queue);
    route('ResumeQueueRoute', routes.resumeQueue, queue);
    route('CancelPostRoute', routes.cancelPost, cancelPost);
    route('SubmitPostRoute', routes.submitPost, reviewPost);
    route('ApprovePostRoute', routes.approvePost, reviewPost);
    route('RejectPostRoute', routes.rejectPost, reviewPost);
  }
}
