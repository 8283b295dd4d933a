/**
 * The publishing domain end to end: posts and accounts in DynamoDB Local, credentials from a
 * Secrets Manager endpoint, the real Mastodon adapter (masto.js over HTTP) against the sandbox
 * network with injected faults. Only our own scheduler and event-publisher interfaces are fakes,
 * recording what the domain asked for.
 */
import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxNetwork, type SandboxNetwork } from '../../../local/stand-ins/mastodon/server.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import { PostFailed, PostPublished, PostScheduled, PostUnconfirmed, type CatalogueEntry } from '../../../shared/contracts/events/catalogue.js';
import { EventPublishError, type OutgoingEvent } from '../../../shared/platform/events/publisher.js';
import type { NetworkAccount } from '../../../shared/networks/contract.js';
import { createCredentialsLookup } from '../../../shared/networks/accounts/credentials.js';
import { createSettingsRepository } from '../../../shared/platform/brand-settings.js';
import { composeMastodonStatus, createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createPost, type CreatePostDeps, type CreatePostInput } from '../../../shared/publishing/create-post.js';
import type { Post } from '../../../shared/publishing/post.js';
import { DEFAULT_POLICY, PublishInProgressError, publishPost, type PublishOutcome, type PublishPostDeps } from '../../../shared/publishing/publish-post.js';
import type { PublishScheduler, PublishTrigger } from '../../../shared/publishing/publish-schedule.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository, type PostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startAwsJsonService, type AwsJsonService } from '../../helpers/local-clients.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { failure } from '../../helpers/failure.js';

const SECRET_ID = 'pillars/network-credentials';
const BRAND_SECRET = /^pillars\/brands\/[^/]+\/network-credentials$/;
const TOKEN = 'pillars-sandbox-token';
const ACCOUNT = 'mastodon-main';
/** Connected, but the network no longer accepts its stored token. */
const REVOKED_ACCOUNT = 'mastodon-revoked';
const START = Date.parse('2026-06-01T09:00:00.000Z');
const { leaseMs, retryBaseMs, reconcileDelayMs, maxAttempts } = DEFAULT_POLICY;

/** Records every schedule the domain asks for; can be told to fail the next one. */
class RecordingScheduler implements PublishScheduler {
  readonly calls: { trigger: PublishTrigger; at: Date }[] = [];
  failNext: Error | undefined;

  async schedule(trigger: PublishTrigger, at: Date): Promise<void> {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.calls.push({ trigger, at });
  }

  async cancel(): Promise<void> {}
}

let table: TestTable;
let secrets: AwsJsonService;

beforeAll(async () => {
  const secretString = JSON.stringify({ [ACCOUNT]: { accessToken: TOKEN }, [REVOKED_ACCOUNT]: { accessToken: 'revoked-token' } });
  [table, secrets] = await Promise.all([
    createTestTable('publish-post'),
    startAwsJsonService(({ target, body }) => {
      if (target !== 'secretsmanager.GetSecretValue') return undefined;
      // Each test's brand has its own secret, as in production; the shared one holds nothing here.
      if (!BRAND_SECRET.test(String(body.SecretId))) return { status: 400, errorType: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." };
      return { body: { ARN: `arn:aws:secretsmanager:${LOCAL_REGION}:000000000000:secret:${body.SecretId}`, Name: body.SecretId, SecretString: secretString, VersionId: 'v1' } };
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([table?.drop(), secrets?.close()]);
});

describe('Publishing: createPost and publishPost against DynamoDB Local and the Mastodon sandbox', () => {
  let sandbox: SandboxNetwork;
  let secretsClient: SecretsManagerClient;
  let posts: PostsRepository;
  let scheduler: RecordingScheduler;
  let published: { detailType: string; detail: Record<string, unknown> }[];
  let clock: number;
  let brandId: string;
  let deps: CreatePostDeps & PublishPostDeps;

  beforeEach(async () => {
    sandbox = await startSandboxNetwork();
    sandbox.addAccount({ username: 'pillars', token: TOKEN });
    secretsClient = new SecretsManagerClient({ endpoint: secrets.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    brandId = `brand-${randomUUID()}`;
    clock = START;
    scheduler = new RecordingScheduler();
    published = [];
    posts = createPostsRepository(table.documentClient, table.tableName);
    const accounts = createAccountsRepository(table.documentClient, table.tableName);
    for (const accountId of [ACCOUNT, REVOKED_ACCOUNT]) {
      const account: NetworkAccount = { brandId, accountId, network: 'mastodon', handle: '@pillars', baseUrl: sandbox.url };
      await accounts.put(account);
    }
    deps = {
      posts,
      accounts,
      settings: createSettingsRepository(table.documentClient, table.tableName),
      credentials: createCredentialsLookup(secretsClient, SECRET_ID),
      adapters: createAdapterRegistry([createMastodonAdapter()]),
      scheduler,
      // What the bus would receive: each detail checked against its catalogue schema, as publishEvents does.
      publish: async (events: OutgoingEvent[]) => {
        for (const e of events) published.push({ detailType: e.entry.detailType, detail: e.entry.schema.parse(e.detail) as Record<string, unknown> });
      },
      now: () => new Date(clock),
      newId: () => ulid(),
    };
  });

  afterEach(async () => {
    secretsClient.destroy();
    await sandbox.close();
  });

  const eventsOf = (entry: CatalogueEntry) => published.filter((e) => e.detailType === entry.detailType).map((e) => e.detail);
  const stored = async (post: Post) => (await posts.get(post.brandId, post.postId))!;
  const trigger = (post: Post): PublishTrigger => ({ brandId: post.brandId, postId: post.postId });

  /** A post accepted for immediate publishing; the scheduler's record starts after it. */
  async function duePost(input: Partial<CreatePostInput> = {}): Promise<Post> {
    const post = (await createPost(brandId, { accountId: ACCOUNT, text: `Hello from Pillars ${randomUUID()}`, publishNow: true, ...input }, deps)).post;
    scheduler.calls.length = 0;
    published.length = 0;
    return post;
  }

  /** Delivers the retry the publisher scheduled: the clock moves to its time, then the publisher runs. */
  async function deliverScheduledRetry(post: Post): Promise<PublishOutcome> {
    const retry = scheduler.calls.at(-1);
    if (!retry) throw new Error('no retry was scheduled');
    clock = retry.at.getTime();
    return publishPost(trigger(post), deps);
  }

  describe('Function: createPost', () => {
    it('stores a scheduled post, schedules its trigger at the due time and announces PostScheduled', async () => {
      // Prepare
      const dueAt = '2026-06-02T10:30:00+02:00';

      // Act
      const post = (await createPost(brandId, { accountId: ACCOUNT, text: 'Launch day', link: 'https://example.com/launch', dueAt }, deps)).post;

      // Assess
      expect(await stored(post)).toMatchObject({ status: 'scheduled', attempts: 0, dueAt: '2026-06-02T08:30:00.000Z', network: 'mastodon', link: 'https://example.com/launch' });
      expect(scheduler.calls).toEqual([{ trigger: trigger(post), at: new Date('2026-06-02T08:30:00.000Z') }]);
      expect(eventsOf(PostScheduled)).toEqual([{
        schemaVersion: 1, brandId, postId: post.postId, accountId: ACCOUNT, network: 'mastodon', dueAt: '2026-06-02T08:30:00.000Z',
      }]);
    });

    it('rejects an account the brand has not connected with a ValidationError on accountId', async () => {
      const error = await failure(createPost(brandId, { accountId: 'mastodon-unknown', text: 'x', publishNow: true }, deps));

      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ issues: [{ field: 'accountId', message: expect.stringContaining('unknown network account "mastodon-unknown"') }] });
      expect((await posts.list(brandId)).items).toEqual([]);
      expect(scheduler.calls).toEqual([]);
    });

    it('rejects text longer than Mastodon allows, counting the link as 23 characters, and names the limit', async () => {
      // Prepare: 476 + blank line (2) + link (23) = 501.
      const input = { accountId: ACCOUNT, link: `https://example.com/${'x'.repeat(200)}`, publishNow: true };

      // Act
      const error = await failure(createPost(brandId, { ...input, text: 'a'.repeat(476) }, deps));
      const atLimit = (await createPost(brandId, { ...input, text: 'a'.repeat(475) }, deps)).post;

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({
        issues: [{ field: 'text', message: "is 501 characters as mastodon counts them (link included); mastodon's limit is 500" }],
      });
      expect((await posts.list(brandId)).items.map((p) => p.postId)).toEqual([atLimit.postId]);
    });

    it('rejects a due time in the past unless publishNow is set', async () => {
      // Prepare
      const past = new Date(START - 60_000).toISOString();

      // Act
      const error = await failure(createPost(brandId, { accountId: ACCOUNT, text: 'late', dueAt: past }, deps));
      const now = (await createPost(brandId, { accountId: ACCOUNT, text: 'late but now', dueAt: past, publishNow: true }, deps)).post;

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ issues: [{ field: 'dueAt', message: expect.stringContaining('is in the past') }] });
      expect(now.dueAt).toBe(new Date(START).toISOString());
      expect(scheduler.calls.map((c) => c.at)).toEqual([new Date(START)]);
    });

    it('accepts a due time a few seconds in the past, as sent by a client with a slow clock', async () => {
      const post = (await createPost(brandId, { accountId: ACCOUNT, text: 'just now', dueAt: new Date(START - 3_000).toISOString() }, deps)).post;

      expect(post.status).toBe('scheduled');
    });

    it('removes the post again when its trigger cannot be scheduled', async () => {
      // Prepare
      scheduler.failNext = new Error('ServiceQuotaExceededException: too many schedules');

      // Act
      const error = await failure(createPost(brandId, { accountId: ACCOUNT, text: 'never silently lost', publishNow: true }, deps));

      // Assess
      expect(error).toEqual(new Error('ServiceQuotaExceededException: too many schedules'));
      expect((await posts.list(brandId)).items).toEqual([]);
      expect(published).toEqual([]);
    });
  });

  describe('Function: createPost with an Idempotency-Key', () => {
    const input = (): CreatePostInput => ({ accountId: ACCOUNT, text: 'Once per key', dueAt: new Date(START + 3_600_000).toISOString() });

    it('answers a repeated request with the first post instead of creating a second', async () => {
      // Act
      const first = await createPost(brandId, input(), deps, { idempotencyKey: 'req-1' });
      const second = await createPost(brandId, input(), deps, { idempotencyKey: 'req-1' });

      // Assess
      expect(first.replayed).toBe(false);
      expect(second).toEqual({ post: first.post, replayed: true });
      expect((await posts.list(brandId)).items.map((p) => p.postId)).toEqual([first.post.postId]);
    });

    it('re-announces and re-schedules when the first request failed after storing the post', async () => {
      // Prepare: the bus is down for the first request, which therefore answers 5xx to the client.
      const publish = deps.publish;
      deps = { ...deps, publish: async () => { throw new Error('bus unavailable'); } };
      const failed = await failure(createPost(brandId, input(), deps, { idempotencyKey: 'req-2' }));
      deps = { ...deps, publish };
      scheduler.calls.length = 0;

      // Act: the client retries with the same key.
      const retried = await createPost(brandId, input(), deps, { idempotencyKey: 'req-2' });

      // Assess
      expect(failed).toEqual(new Error('bus unavailable'));
      expect(retried.replayed).toBe(true);
      expect((await posts.list(brandId)).items).toHaveLength(1);
      expect(scheduler.calls).toEqual([{ trigger: trigger(retried.post), at: new Date(retried.post.dueAt) }]);
      expect(eventsOf(PostScheduled)).toEqual([expect.objectContaining({ postId: retried.post.postId })]);
    });

    it('frees the key when the post could not be scheduled, so a retry creates it', async () => {
      // Prepare
      scheduler.failNext = new Error('ThrottlingException');
      await failure(createPost(brandId, input(), deps, { idempotencyKey: 'req-3' }));

      // Act
      const retried = await createPost(brandId, input(), deps, { idempotencyKey: 'req-3' });

      // Assess
      expect(retried.replayed).toBe(false);
      expect((await posts.list(brandId)).items.map((p) => p.postId)).toEqual([retried.post.postId]);
    });

    it('creates one post when two requests with the same key race', async () => {
      // Act
      const results = await Promise.all([1, 2, 3].map(() => createPost(brandId, input(), deps, { idempotencyKey: 'req-4' })));

      // Assess
      expect(new Set(results.map((r) => r.post.postId)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect((await posts.list(brandId)).items).toHaveLength(1);
    });
  });

  describe('Function: publishPost', () => {
    it('publishes a due post once and records the network\'s status id', async () => {
      // Prepare
      const post = await duePost({ text: 'Hello Fediverse', link: 'https://example.com/hello' });

      // Act
      const outcome = await publishPost(trigger(post), deps);

      // Assess
      const statuses = sandbox.statuses();
      expect(statuses).toHaveLength(1);
      expect(statuses[0]).toMatchObject({ text: composeMastodonStatus({ text: 'Hello Fediverse', link: 'https://example.com/hello?utm_source=mastodon&utm_medium=social' }), idempotencyKey: post.postId, visibility: 'public' });
      expect(outcome.kind).toBe('published');
      const after = await stored(post);
      expect(after).toMatchObject({ status: 'published', attempts: 1, networkPostId: statuses[0]?.id, url: statuses[0]?.url, publishedAt: statuses[0]?.createdAt });
      expect(after).not.toHaveProperty('attemptId');
      expect(after).not.toHaveProperty('publishingSince');
      expect(published).toEqual([{
        detailType: 'PostPublished',
        detail: {
          schemaVersion: 2, brandId, postId: post.postId, accountId: ACCOUNT, network: 'mastodon',
          networkPostId: statuses[0]?.id, url: statuses[0]?.url, dueAt: post.dueAt, publishedAt: statuses[0]?.createdAt,
          text: 'Hello Fediverse', link: post.link,
        },
      }]);
    });

    it('skips a trigger whose post was deleted', async () => {
      const post = await duePost();
      await posts.remove(brandId, post.postId);

      await expect(publishPost(trigger(post), deps)).resolves.toEqual({ kind: 'skipped', reason: 'post no longer exists' });
      expect(sandbox.statuses()).toEqual([]);
    });

    it('posts once when the trigger is delivered twice in a row', async () => {
      const post = await duePost();

      const first = await publishPost(trigger(post), deps);
      const second = await publishPost(trigger(post), deps);

      expect(first.kind).toBe('published');
      expect(second).toEqual({ kind: 'skipped', reason: 'post is published' });
      expect(sandbox.statuses()).toHaveLength(1);
      expect(eventsOf(PostPublished)).toHaveLength(1);
    });

    it('posts once when the trigger is delivered 5 times concurrently', async () => {
      // Prepare
      const post = await duePost();

      // Act
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => publishPost(trigger(post), deps)));

      // Assess
      const outcomes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.kind] : []));
      const rejections = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(outcomes.filter((kind) => kind === 'published')).toHaveLength(1);
      expect(outcomes.filter((kind) => kind !== 'published').every((kind) => kind === 'skipped')).toBe(true);
      for (const reason of rejections) expect(reason).toBeInstanceOf(PublishInProgressError);
      expect(sandbox.statuses()).toHaveLength(1);
      expect(eventsOf(PostPublished)).toHaveLength(1);
      expect(await stored(post)).toMatchObject({ status: 'published', attempts: 1, networkPostId: sandbox.statuses()[0]?.id });
    });

    it('schedules a retry with growing backoff while Mastodon answers 503, then publishes', async () => {
      // Prepare
      const post = await duePost();
      sandbox.injectFault({ kind: 'status', status: 503, times: 2 });

      // Act
      const first = await publishPost(trigger(post), deps);
      const afterFirst = await stored(post);
      const firstRetryAt = clock + retryBaseMs;
      const second = await deliverScheduledRetry(post);
      const secondRetryAt = clock + retryBaseMs * 2;
      const third = await deliverScheduledRetry(post);

      // Assess
      expect(first).toMatchObject({ kind: 'retry_scheduled', at: new Date(firstRetryAt).toISOString() });
      expect(afterFirst).toMatchObject({ status: 'scheduled', attempts: 1, failureReason: expect.stringContaining('Mastodon unavailable') });
      expect(afterFirst).not.toHaveProperty('attemptId');
      expect(second).toMatchObject({ kind: 'retry_scheduled', at: new Date(secondRetryAt).toISOString() });
      expect(scheduler.calls).toMatchObject([
        { trigger: trigger(post), at: new Date(firstRetryAt) },
        { trigger: trigger(post), at: new Date(secondRetryAt) },
      ]);
      expect(third.kind).toBe('published');
      expect(await stored(post)).toMatchObject({ status: 'published', attempts: 3, networkPostId: sandbox.statuses()[0]?.id });
      expect(await stored(post)).not.toHaveProperty('failureReason');
      expect(sandbox.statuses()).toHaveLength(1);
      expect(published.map((e) => e.detailType)).toEqual(['PostPublished']);
    });

    it('announces PostPublished on the redelivery when the bus failed right after the post went live', async () => {
      // Prepare: the first PutEvents fails for good (EventPublishError), so the invocation fails and Lambda retries it.
      const post = await duePost();
      const publish = deps.publish;
      let busDown = true;
      deps = {
        ...deps,
        publish: async (events) => {
          if (busDown) {
            busDown = false;
            throw new EventPublishError(events.map((e) => ({ detailType: e.entry.detailType, errorCode: 'InternalFailure', errorMessage: 'bus unavailable' })));
          }
          return publish(events);
        },
      };

      // Act
      const firstInvocation = await failure(publishPost(trigger(post), deps));
      await publishPost(trigger(post), deps);

      // Assess: still one status, and the fact that it is live reached the bus once.
      expect(firstInvocation).toBeInstanceOf(EventPublishError);
      expect(sandbox.statuses()).toHaveLength(1);
      expect(eventsOf(PostPublished)).toEqual([expect.objectContaining({ postId: post.postId, networkPostId: sandbox.statuses()[0]?.id })]);
    });

    it('waits at least as long as Retry-After when Mastodon rate-limits the post', async () => {
      // Prepare: Retry-After well above the first backoff step.
      const retryAfterSeconds = 300;
      const post = await duePost();
      sandbox.injectFault({ kind: 'rate_limit', retryAfterSeconds });

      // Act
      const outcome = await publishPost(trigger(post), deps);
      const retry = scheduler.calls[0];
      const afterRetry = await deliverScheduledRetry(post);

      // Assess
      expect(outcome.kind).toBe('retry_scheduled');
      expect(retry?.at.getTime()).toBeGreaterThanOrEqual(START + retryAfterSeconds * 1000);
      expect(afterRetry.kind).toBe('published');
      expect(sandbox.statuses()).toHaveLength(1);
    });

    it('marks a post whose answer was lost as unconfirmed, then reconciles it to the status that was created', async () => {
      // Prepare
      const post = await duePost();
      sandbox.injectFault({ kind: 'drop_after_commit', method: 'POST', path: '/api/v1/statuses' });

      // Act
      const outcome = await publishPost(trigger(post), deps);
      const unconfirmed = await stored(post);
      const created = sandbox.statuses();
      const reconciled = await deliverScheduledRetry(post);

      // Assess
      expect(outcome.kind).toBe('unconfirmed');
      expect(unconfirmed.status).toBe('unconfirmed');
      expect(created).toHaveLength(1);
      expect(scheduler.calls).toMatchObject([{ trigger: trigger(post), at: new Date(START + reconcileDelayMs) }]);
      expect(eventsOf(PostUnconfirmed)).toEqual([
        expect.objectContaining({ postId: post.postId, reason: expect.stringMatching(/Mastodon/) }),
      ]);
      expect(reconciled.kind).toBe('published');
      expect(await stored(post)).toMatchObject({ status: 'published', networkPostId: created[0]?.id });
      expect(sandbox.statuses()).toHaveLength(1);
      expect(eventsOf(PostPublished)).toEqual([expect.objectContaining({ networkPostId: created[0]?.id })]);
    });

    it('leaves a post claimed by a crashed invocation alone during the lease, then reclaims it without posting twice', async () => {
      // Prepare: an invocation claimed the post 10 s ago, got its status onto Mastodon, and died.
      const post = await duePost();
      await posts.transition(brandId, post.postId, {
        from: ['scheduled'], to: 'publishing', set: { attemptId: 'crashed-invocation', publishingSince: new Date(START - 10_000).toISOString(), attempts: 1 },
      });
      const landed = await createMastodonAdapter().publish(
        { brandId, accountId: ACCOUNT, network: 'mastodon', handle: '@pillars', baseUrl: sandbox.url },
        { accessToken: TOKEN },
        { text: post.text, link: post.link, idempotencyKey: post.postId },
      );

      // Act
      const duringLease = await failure(publishPost(trigger(post), deps));
      clock = START - 10_000 + leaseMs;
      const afterLease = await publishPost(trigger(post), deps);

      // Assess
      expect(duringLease).toBeInstanceOf(PublishInProgressError);
      expect(afterLease.kind).toBe('published');
      expect(await stored(post)).toMatchObject({ status: 'published', attempts: 2, networkPostId: landed.networkPostId });
      expect(sandbox.statuses()).toHaveLength(1);
      expect(eventsOf(PostPublished)).toHaveLength(1);
    });

    it('fails a post whose token Mastodon rejects and asks to reconnect the account', async () => {
      // Prepare
      const post = await duePost({ accountId: REVOKED_ACCOUNT });

      // Act
      const outcome = await publishPost(trigger(post), deps);

      // Assess
      expect(outcome).toMatchObject({ kind: 'failed', reason: expect.stringContaining('reconnect the account') });
      expect(await stored(post)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('reconnect the account') });
      expect(eventsOf(PostFailed)).toEqual([
        expect.objectContaining({ postId: post.postId, accountId: REVOKED_ACCOUNT, errorKind: 'refresh_credentials' }),
      ]);
      expect(scheduler.calls).toEqual([]);
      expect(sandbox.statuses()).toEqual([]);
    });

    it('fails a post Mastodon rejects as invalid (422) as bad content, with Mastodon\'s reason', async () => {
      // Prepare
      const post = await duePost();
      sandbox.injectFault({ kind: 'status', status: 422, error: 'Validation failed: Text contains a blocked link' });

      // Act
      const outcome = await publishPost(trigger(post), deps);

      // Assess
      expect(outcome).toMatchObject({ kind: 'failed', reason: expect.stringContaining('Text contains a blocked link') });
      expect((await stored(post)).status).toBe('failed');
      expect(eventsOf(PostFailed)).toEqual([
        expect.objectContaining({ errorKind: 'bad_content', reason: expect.stringContaining('Text contains a blocked link') }),
      ]);
      expect(scheduler.calls).toEqual([]);
    });

    it(`fails a post after ${maxAttempts} transient failures and stops retrying`, async () => {
      // Prepare
      const post = await duePost();
      sandbox.injectFault({ kind: 'status', status: 503, times: maxAttempts });

      // Act
      const outcomes: PublishOutcome[] = [await publishPost(trigger(post), deps)];
      while (outcomes.at(-1)?.kind === 'retry_scheduled' && outcomes.length <= maxAttempts) outcomes.push(await deliverScheduledRetry(post));
      const lateDelivery = await publishPost(trigger(post), deps);

      // Assess
      expect(outcomes.map((o) => o.kind)).toEqual([...Array<string>(maxAttempts - 1).fill('retry_scheduled'), 'failed']);
      const delays = scheduler.calls.map((c, i) => c.at.getTime() - (i === 0 ? START : scheduler.calls[i - 1]!.at.getTime()));
      expect(delays).toEqual(Array.from({ length: maxAttempts - 1 }, (_, i) => retryBaseMs * 2 ** i));
      expect(await stored(post)).toMatchObject({ status: 'failed', attempts: maxAttempts, failureReason: expect.stringContaining(`gave up after ${maxAttempts} attempts`) });
      expect(eventsOf(PostFailed)).toEqual([expect.objectContaining({ errorKind: 'retry_later' })]);
      expect(lateDelivery).toEqual({ kind: 'skipped', reason: 'post is failed' });
      expect(sandbox.statuses()).toEqual([]);
    });
  });
});
