import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostFailed, PostPublishedV1, PostScheduled } from '../../../shared/contracts/events/catalogue.js';
import { event, EventPublishError, publishEvents, type OutgoingEvent } from '../../../shared/platform/events/publisher.js';
import { PillarsError } from '../../../shared/platform/errors.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startAwsJsonService, type AwsJsonService } from '../../helpers/local-clients.js';

const BUS = 'pillars-test-bus';

/** Decides, per PutEvents call, which of its entries fail (by index within that call). */
type FailurePlan = (entries: PutEventsRequestEntry[], call: number) => Set<number>;

function scheduled(n: number): OutgoingEvent {
  return event(PostScheduled, {
    schemaVersion: 1, brandId: 'brand-1', postId: `post-${n}`, accountId: 'mastodon-main', network: 'mastodon', dueAt: '2026-06-01T09:00:00.000Z',
  });
}

const postIdOf = (entry: PutEventsRequestEntry) => (JSON.parse(entry.Detail ?? '{}') as { postId?: string }).postId;

describe('Function: publishEvents (EventBridge PutEvents over HTTP)', () => {
  let service: AwsJsonService;
  let plan: FailurePlan;
  let client: EventBridgeClient;

  /** The entries of every PutEvents call the service received, in order. */
  const putCalls = () => service.calls.map((c) => c.body.Entries as PutEventsRequestEntry[]);

  beforeEach(async () => {
    plan = () => new Set();
    service = await startAwsJsonService((call, index) => {
      if (call.target !== 'AWSEvents.PutEvents') return undefined;
      const entries = call.body.Entries as PutEventsRequestEntry[];
      const failing = plan(entries, index);
      return {
        body: {
          FailedEntryCount: failing.size,
          Entries: entries.map((_, i) => (failing.has(i)
            ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
            : { EventId: `event-${index}-${i}` })),
        },
      };
    });
    // The SDK's own retries are off so every call the service sees is one publishEvents made.
    client = new EventBridgeClient({ endpoint: service.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  });

  afterEach(async () => {
    client.destroy();
    await service.close();
  });

  it('puts each event on the bus with its catalogue source, detail type and validated detail', async () => {
    // Prepare
    const detail = {
      schemaVersion: 1 as const, brandId: 'brand-1', postId: 'post-1', accountId: 'mastodon-main', network: 'mastodon',
      networkPostId: '42', url: 'https://mastodon.example/@pillars/42', dueAt: '2026-06-01T09:00:00.000Z', publishedAt: '2026-06-01T09:00:01.000Z',
    };

    // Act
    await publishEvents({ client, busName: BUS }, [event(PostPublishedV1, detail, ['arn:aws:pillars:post/post-1'])]);

    // Assess
    expect(service.calls).toHaveLength(1);
    expect(service.calls[0]?.target).toBe('AWSEvents.PutEvents');
    expect(service.calls[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(putCalls()[0]).toEqual([{
      EventBusName: BUS, Source: 'pillars.publishing', DetailType: 'PostPublished', Detail: JSON.stringify(detail), Resources: ['arn:aws:pillars:post/post-1'],
    }]);
  });

  it('sends nothing for no events', async () => {
    await publishEvents({ client, busName: BUS }, []);

    expect(service.calls).toHaveLength(0);
  });

  it('sends at most 10 entries per call, in order', async () => {
    await publishEvents({ client, busName: BUS }, Array.from({ length: 23 }, (_, i) => scheduled(i)));

    expect(putCalls().map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(putCalls().flat().map(postIdOf)).toEqual(Array.from({ length: 23 }, (_, i) => `post-${i}`));
  });

  it('retries only the entries that failed', async () => {
    // Prepare: entries 1 and 3 of the first call fail once.
    plan = (_, call) => (call === 0 ? new Set([1, 3]) : new Set());

    // Act
    await publishEvents({ client, busName: BUS, baseDelayMs: 1 }, [0, 1, 2, 3, 4].map(scheduled));

    // Assess
    expect(putCalls().map((entries) => entries.map(postIdOf))).toEqual([
      ['post-0', 'post-1', 'post-2', 'post-3', 'post-4'],
      ['post-1', 'post-3'],
    ]);
  });

  it('retries a failed entry of each batch within that batch', async () => {
    // Prepare: the 12th event (second batch, index 1) fails on its first put.
    let failedOnce = false;
    plan = (entries) => {
      const index = entries.findIndex((e) => postIdOf(e) === 'post-11');
      if (index < 0 || failedOnce) return new Set();
      failedOnce = true;
      return new Set([index]);
    };

    // Act
    await publishEvents({ client, busName: BUS, baseDelayMs: 1 }, Array.from({ length: 12 }, (_, i) => scheduled(i)));

    // Assess
    expect(putCalls().map((entries) => entries.length)).toEqual([10, 2, 1]);
    expect(putCalls()[2]?.map(postIdOf)).toEqual(['post-11']);
  });

  it('gives up after maxAttempts with EventPublishError naming what failed', async () => {
    // Prepare: post-1 always fails.
    plan = (entries) => new Set(entries.flatMap((e, i) => (postIdOf(e) === 'post-1' ? [i] : [])));

    // Act
    const publishing = publishEvents({ client, busName: BUS, maxAttempts: 3, baseDelayMs: 1 }, [0, 1, 2].map(scheduled));

    // Assess
    await expect(publishing).rejects.toBeInstanceOf(EventPublishError);
    await expect(publishing).rejects.toMatchObject({
      statusCode: 500,
      failures: [{ detailType: 'PostScheduled', errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }],
    });
    expect(putCalls().map((entries) => entries.map(postIdOf))).toEqual([['post-0', 'post-1', 'post-2'], ['post-1'], ['post-1']]);
  });

  it('does not send the batches after one that could not be put', async () => {
    plan = () => new Set([0]);

    const publishing = publishEvents({ client, busName: BUS, maxAttempts: 2, baseDelayMs: 1 }, Array.from({ length: 15 }, (_, i) => scheduled(i)));

    await expect(publishing).rejects.toBeInstanceOf(EventPublishError);
    expect(putCalls().flat().map(postIdOf)).not.toContain('post-10');
  });

  it('rejects when PutEvents itself fails', async () => {
    client.destroy();
    await service.close();
    service = await startAwsJsonService(() => ({ status: 400, errorType: 'ResourceNotFoundException', message: `Event bus ${BUS} does not exist.` }));
    client = new EventBridgeClient({ endpoint: service.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

    await expect(publishEvents({ client, busName: BUS }, [scheduled(0)])).rejects.toThrow(`Event bus ${BUS} does not exist.`);
  });

  it('refuses to publish an invalid detail and sends nothing, not even the valid events before it', async () => {
    // Prepare: the invalid event is the 12th, in what would be the second batch.
    const invalid = event(PostFailed, { schemaVersion: 1, brandId: 'brand-1', postId: 'post-x', accountId: 'a', network: 'mastodon', reason: '', errorKind: 'internal' });
    const events = [...Array.from({ length: 11 }, (_, i) => scheduled(i)), invalid];

    // Act
    const publishing = publishEvents({ client, busName: BUS }, events);

    // Assess
    await expect(publishing).rejects.toBeInstanceOf(PillarsError);
    await expect(publishing).rejects.toThrow(/^refusing to publish invalid PostFailed: .*reason/s);
    expect(service.calls).toHaveLength(0);
  });
});
