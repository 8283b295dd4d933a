import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, EventBridgeServiceException, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  ConflictException, CreateScheduleCommand, DeleteScheduleCommand, GetScheduleCommand, ListSchedulesCommand,
  ResourceNotFoundException, SchedulerClient, UpdateScheduleCommand, ValidationException, type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import {
  GetSecretValueCommand, PutSecretValueCommand, ResourceNotFoundException as SecretNotFoundException, SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppendLog } from '../../../local/aws/append-log.js';
import { ScheduleClock } from '../../../local/aws/schedule-clock.js';
import { startAwsServices, type AwsServices, type AwsServicesOptions, type BusEvent, type NextFireTime, type StoredSchedule } from '../../../local/aws/server.js';
import { failure } from '../../helpers/failure.js';
import { waitFor, holds } from '../../helpers/wait-for.js';

const region = 'eu-west-1';
const accountId = '123456789012';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

/** Stub parser that is also the test's clock: `skewMs` pretends that much time has passed. */
const stubClock = (skewMs = 0): NextFireTime => (expression, _timezone, after) => {
  const at = /^at\((.+)\)$/.exec(expression)?.[1];
  if (at) {
    const instant = new Date(Date.parse(`${at}Z`) - skewMs);
    return instant > after ? instant : undefined;
  }
  if (expression === 'rate(1 minute)') return new Date(after.getTime() + 100); // a fast "minute"
  if (expression.startsWith('cron(')) return undefined;
  throw new Error(`unsupported by the stub: ${expression}`);
};

/** Scheduler's at() takes whole seconds: a schedule due about `ms` from now. */
const atIn = (ms: number) => `at(${new Date(Math.ceil((Date.now() + ms) / 1000) * 1000).toISOString().slice(0, 19)})`;


const running: AwsServices[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  vi.restoreAllMocks();
});

async function start(overrides: Partial<AwsServicesOptions> = {}) {
  const delivered: { bus: string; events: BusEvent[] }[] = [];
  const due: StoredSchedule[] = [];
  const services = await startAwsServices({
    region, accountId, nextFireTime: stubClock(),
    onEvents: (bus, events) => { delivered.push({ bus, events }); },
    onScheduleDue: (schedule) => { due.push(schedule); },
    ...overrides,
  });
  running.push(services);
  const config = { endpoint: services.url, region, credentials };
  return {
    services, delivered, due,
    events: new EventBridgeClient(config),
    scheduler: new SchedulerClient(config),
    secrets: new SecretsManagerClient(config),
  };
}

const entry = (detail: object, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry =>
  ({ Source: 'pillars.publishing', DetailType: 'PostPublished', Detail: JSON.stringify(detail), ...extra });

const schedule = (name: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name: name,
  GroupName: 'pillars',
  ScheduleExpression: 'at(2099-01-01T00:00:00)',
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  Target: {
    Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:publish-post',
    RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
    Input: JSON.stringify({ postId: name }),
    RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
  },
  ...extra,
});

describe('EventBridge PutEvents', () => {
  it('accepts entries and delivers them per bus in the shape rules receive', async () => {
    const { events, delivered } = await start();
    const response = await events.send(new PutEventsCommand({
      Entries: [
        entry({ postId: 'p1' }),
        entry({ postId: 'p2' }, {
          EventBusName: `arn:aws:events:${region}:${accountId}:event-bus/pillars`,
          Time: new Date('2024-05-01T12:00:00.750Z'), Resources: ['arn:aws:dynamodb:::post/p2'],
        }),
      ],
    }));
    expect(response.FailedEntryCount).toBe(0);
    const ids = response.Entries?.map((e) => e.EventId);
    expect(ids).toEqual([expect.any(String), expect.any(String)]);

    await waitFor('both deliveries', () => holds(delivered.length === 2));
    expect(delivered.find((d) => d.bus === 'default')?.events).toEqual([{
      version: '0', id: ids?.[0], 'detail-type': 'PostPublished', source: 'pillars.publishing', account: accountId,
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/), region, resources: [], detail: { postId: 'p1' },
    }]);
    expect(delivered.find((d) => d.bus === 'pillars')?.events[0]).toMatchObject({
      id: ids?.[1], time: '2024-05-01T12:00:00Z', resources: ['arn:aws:dynamodb:::post/p2'], detail: { postId: 'p2' },
    });
  });

  it('fails only the invalid entries, with AWS’s error codes', async () => {
    const { events, delivered } = await start();
    const response = await events.send(new PutEventsCommand({
      Entries: [entry({ ok: true }), { ...entry({}), Detail: '[1, 2]' }, { ...entry({}), Detail: 'not json' }, { ...entry({}), Source: undefined }],
    }));
    expect(response.FailedEntryCount).toBe(3);
    expect(response.Entries?.[0]?.EventId).toEqual(expect.any(String));
    expect(response.Entries?.slice(1).map((e) => e.ErrorCode)).toEqual(['MalformedDetail', 'MalformedDetail', 'InvalidArgument']);
    await waitFor('the valid entry', () => holds(delivered.length === 1));
    expect(delivered[0]?.events.map((e) => e.detail)).toEqual([{ ok: true }]);
  });

  it('rejects more than 10 entries with a ValidationException', async () => {
    const { events } = await start();
    const error = await failure(events.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, (_, i) => entry({ i })) })), EventBridgeServiceException);
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });

  it('fails the next n entries on request, so FailedEntryCount retries can be tested', async () => {
    const { events, services } = await start();
    services.failNextPutEventsEntries(2);
    const first = await events.send(new PutEventsCommand({ Entries: [entry({ n: 1 }), entry({ n: 2 }), entry({ n: 3 })] }));
    expect(first.FailedEntryCount).toBe(2);
    expect(first.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual(['InternalException', 'InternalException', 'ok']);
    const second = await events.send(new PutEventsCommand({ Entries: [entry({ n: 1 })] }));
    expect(second.FailedEntryCount).toBe(0);
  });

  it('answers the producer regardless of a slow or failing consumer', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { events } = await start({
      onEvents: (bus) => (bus === 'slow' ? new Promise(() => undefined) : Promise.reject(new Error('consumer broke'))),
    });
    const slow = await events.send(new PutEventsCommand({ Entries: [entry({}, { EventBusName: 'slow' })] }));
    const failing = await events.send(new PutEventsCommand({ Entries: [entry({}, { EventBusName: 'broken' })] }));
    expect([slow.FailedEntryCount, failing.FailedEntryCount]).toEqual([0, 0]);
    await waitFor('the consumer error to be logged', () => holds(logged.mock.calls.length > 0));
    expect(String(logged.mock.calls[0]?.[0])).toContain('bus broken');
  });
});

describe('EventBridge Scheduler', () => {
  it('creates, reads, updates, lists and deletes schedules with the SDK’s typed errors', async () => {
    const { scheduler } = await start();
    const before = Date.now();
    const created = await scheduler.send(new CreateScheduleCommand(schedule('post-1')));
    const after = Date.now();
    expect(created.ScheduleArn).toBe(`arn:aws:scheduler:${region}:${accountId}:schedule/pillars/post-1`);

    const got = await scheduler.send(new GetScheduleCommand({ Name: 'post-1', GroupName: 'pillars' }));
    expect(got).toMatchObject({
      Name: 'post-1', GroupName: 'pillars', Arn: created.ScheduleArn, State: 'ENABLED', ActionAfterCompletion: 'DELETE',
      ScheduleExpression: 'at(2099-01-01T00:00:00)', ScheduleExpressionTimezone: 'UTC', FlexibleTimeWindow: { Mode: 'OFF' },
      Target: schedule('post-1').Target,
    });
    // Stamped while it was created (whole seconds, as the Scheduler API gives it).
    expect(got.CreationDate).toBeInstanceOf(Date);
    expect(got.CreationDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(got.CreationDate!.getTime()).toBeLessThanOrEqual(after);

    await expect(scheduler.send(new CreateScheduleCommand(schedule('post-1')))).rejects.toBeInstanceOf(ConflictException);
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'post-1' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(scheduler.send(new CreateScheduleCommand(schedule('bad', { ScheduleExpression: 'every tuesday' }))))
      .rejects.toBeInstanceOf(ValidationException);

    await scheduler.send(new UpdateScheduleCommand(schedule('post-1', { ScheduleExpression: 'at(2098-01-01T00:00:00)', State: 'DISABLED' })));
    expect(await scheduler.send(new GetScheduleCommand({ Name: 'post-1', GroupName: 'pillars' })))
      .toMatchObject({ ScheduleExpression: 'at(2098-01-01T00:00:00)', State: 'DISABLED', CreationDate: got.CreationDate });
    await expect(scheduler.send(new UpdateScheduleCommand(schedule('post-2')))).rejects.toBeInstanceOf(ResourceNotFoundException);

    await scheduler.send(new CreateScheduleCommand(schedule('post-2')));
    await scheduler.send(new CreateScheduleCommand(schedule('digest', { GroupName: undefined, ScheduleExpression: 'cron(0 9 * * ? *)' })));
    const listed = await scheduler.send(new ListSchedulesCommand({ GroupName: 'pillars', NamePrefix: 'post-' }));
    expect(listed.Schedules?.map((s) => s.Name)).toEqual(['post-1', 'post-2']);
    expect(listed.Schedules?.[0]).toMatchObject({ GroupName: 'pillars', State: 'DISABLED', Target: { Arn: schedule('x').Target?.Arn } });
    const inDefault = await scheduler.send(new ListSchedulesCommand({ GroupName: 'default' }));
    expect(inDefault.Schedules?.map((s) => s.Name)).toEqual(['digest']);

    await scheduler.send(new DeleteScheduleCommand({ Name: 'post-1', GroupName: 'pillars' }));
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'post-1', GroupName: 'pillars' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(scheduler.send(new DeleteScheduleCommand({ Name: 'post-1', GroupName: 'pillars' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('fires a one-off at() schedule when due and then deletes it, leaving disabled ones alone', async () => {
    const { scheduler, services, due } = await start();
    const when = atIn(300);
    await scheduler.send(new CreateScheduleCommand(schedule('post-due', { ScheduleExpression: when })));
    await scheduler.send(new CreateScheduleCommand(schedule('post-off', { ScheduleExpression: when, State: 'DISABLED' })));

    await waitFor('the schedule to fire', () => holds(due.length > 0));
    expect(due.map((s) => s.Name)).toEqual(['post-due']);
    expect(due[0]).toMatchObject({ GroupName: 'pillars', Target: { Input: JSON.stringify({ postId: 'post-due' }) } });
    await waitFor('the fired schedule to delete itself', () => holds(!services.schedules().some((s) => s.Name === 'post-due')));
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'post-due', GroupName: 'pillars' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(services.schedules().map((s) => s.Name)).toEqual(['post-off']);
  });

  it('fires a one-off whose time has already passed at once, and only once', async () => {
    const { scheduler, services, due } = await start();
    await scheduler.send(new CreateScheduleCommand(schedule('post-late', { ScheduleExpression: atIn(-2_000), ActionAfterCompletion: 'NONE' })));
    await waitFor('the late schedule to fire', () => holds(due.length > 0));
    // With ActionAfterCompletion NONE it stays, and a later update re-arms it.
    expect(services.schedules().map((s) => s.Name)).toEqual(['post-late']);
    await scheduler.send(new UpdateScheduleCommand(schedule('post-late', { ScheduleExpression: atIn(-1_000) })));
    await waitFor('the updated schedule to fire and delete itself', () => holds(due.length === 2 && services.schedules().length === 0));
  });

  it('fires a recurring schedule again and again without deleting it', async () => {
    const { scheduler, services, due } = await start();
    await scheduler.send(new CreateScheduleCommand(schedule('tick', { ScheduleExpression: 'rate(1 minute)' })));
    await waitFor('three runs', () => holds(due.length >= 3));
    expect(services.schedules().map((s) => s.Name)).toEqual(['tick']);
  });

  it('keeps schedules and secrets across a restart and fires one-offs missed while down', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pillars-aws-'));
    try {
      const first = await start({ dataDir, secrets: { 'pillars/networks': '{"v":1}' } });
      await first.scheduler.send(new CreateScheduleCommand(schedule('post-missed', { ScheduleExpression: atIn(60_000) })));
      await first.scheduler.send(new CreateScheduleCommand(schedule('post-later')));
      await first.secrets.send(new PutSecretValueCommand({ SecretId: 'pillars/networks', SecretString: '{"v":2}' }));
      await first.services.close();

      // Two minutes "pass" while the runtime is down: the stub clock moves every at() into the past.
      const second = await start({ dataDir, nextFireTime: stubClock(120_000), secrets: { 'pillars/networks': '{"v":1}' } });
      await waitFor('the missed one-off', () => holds(second.due.length === 1));
      expect(second.due[0]?.Name).toBe('post-missed');
      await waitFor('the missed one-off to delete itself', () => holds(second.services.schedules().length === 1));
      expect(second.services.schedules()[0]?.Name).toBe('post-later');
      // An unchanged seed does not undo a value a handler refreshed...
      expect((await second.secrets.send(new GetSecretValueCommand({ SecretId: 'pillars/networks' }))).SecretString).toBe('{"v":2}');
      await second.services.close();
      const onDisk = new AppendLog<{ schedule: StoredSchedule }>(join(dataDir, 'schedules.jsonl'));
      expect(onDisk.values().map((r) => r.schedule.Name)).toEqual(['post-later']);
      onDisk.close();

      // ...but an edited seed wins.
      const third = await start({ dataDir, secrets: { 'pillars/networks': '{"v":3}' } });
      expect((await third.secrets.send(new GetSecretValueCommand({ SecretId: 'pillars/networks' }))).SecretString).toBe('{"v":3}');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reaches times beyond setTimeout’s 24.8-day limit in hops, without firing early', () => {
    vi.useFakeTimers();
    try {
      const fired = vi.fn();
      const day = 24 * 60 * 60 * 1000;
      new ScheduleClock().arm('far', new Date(Date.now() + 30 * day), fired);
      vi.advanceTimersByTime(29 * day);
      expect(fired).not.toHaveBeenCalled();
      vi.advanceTimersByTime(day);
      expect(fired).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Secrets Manager', () => {
  it('gets by name or ARN, puts new versions and reports missing secrets', async () => {
    const { secrets, services } = await start({ secrets: { 'pillars/networks': '{"acct":{"accessToken":"t1"}}' } });
    const byName = await secrets.send(new GetSecretValueCommand({ SecretId: 'pillars/networks' }));
    expect(byName).toMatchObject({ Name: 'pillars/networks', SecretString: '{"acct":{"accessToken":"t1"}}', VersionStages: ['AWSCURRENT'] });
    expect(byName.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:${region}:${accountId}:secret:pillars/networks-[0-9a-f]{6}$`));
    expect(byName.VersionId).toEqual(expect.any(String));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: byName.ARN }))).Name).toBe('pillars/networks');
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: byName.ARN?.slice(0, -7) }))).Name).toBe('pillars/networks');

    const put = await secrets.send(new PutSecretValueCommand({ SecretId: byName.ARN, SecretString: '{"acct":{"accessToken":"t2"}}' }));
    expect(put).toMatchObject({ ARN: byName.ARN, Name: 'pillars/networks', VersionStages: ['AWSCURRENT'] });
    expect(put.VersionId).not.toBe(byName.VersionId);
    expect(await secrets.send(new GetSecretValueCommand({ SecretId: 'pillars/networks' })))
      .toMatchObject({ SecretString: '{"acct":{"accessToken":"t2"}}', VersionId: put.VersionId });

    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toBeInstanceOf(SecretNotFoundException);
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: 'nope', SecretString: 'x' }))).rejects.toBeInstanceOf(SecretNotFoundException);
    services.putSecret('nope', 'now it exists');
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'nope' }))).SecretString).toBe('now it exists');
  });
});
