/**
 * The local Scheduler's persistence with a data folder (`npm start -- --data`): schedules.jsonl,
 * an append-only log, read back on restart. Driven through the SDK as the handlers drive it.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CreateScheduleCommand, DeleteScheduleCommand, GetScheduleCommand, ResourceNotFoundException, SchedulerClient,
  UpdateScheduleCommand, type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { forEachLimited } from '../../../shared/platform/concurrency.js';

const region = 'us-east-1';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const FAR = new Date('2099-01-01T00:00:00Z');

let dataDir: string;
const running: AwsServices[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pillars-schedule-store-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

/** Nothing comes due: every expression's next run is far away, so only persistence is under test. */
async function start() {
  const services = await startAwsServices({ dataDir, onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => FAR });
  running.push(services);
  return { services, scheduler: new SchedulerClient({ endpoint: services.url, region, credentials }) };
}

async function restart(services: AwsServices) {
  await services.close();
  running.splice(running.indexOf(services), 1);
  return start();
}

const schedule = (name: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name: name,
  GroupName: 'pillars',
  ScheduleExpression: 'at(2099-01-01T00:00:00)',
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  Target: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:publish', RoleArn: 'arn:aws:iam::000000000000:role/scheduler', Input: `{"name":"${name}"}` },
  ...extra,
});

const names = (services: AwsServices) => services.schedules().map((s) => `${s.GroupName}/${s.Name}`).sort();
const logPath = () => join(dataDir, 'schedules.jsonl');

describe('the local Scheduler with a data folder', () => {
  it('keeps schedules, with every setting and update, across a restart', async () => {
    const first = await start();
    await first.scheduler.send(new CreateScheduleCommand(schedule('post-1')));
    await first.scheduler.send(new CreateScheduleCommand(schedule('digest', { GroupName: undefined, ScheduleExpression: 'cron(0 9 * * ? *)', ScheduleExpressionTimezone: 'Europe/Berlin' })));
    await first.scheduler.send(new CreateScheduleCommand(schedule('post-2')));
    await first.scheduler.send(new UpdateScheduleCommand(schedule('post-2', { State: 'DISABLED', Description: 'on hold' })));
    const before = await Promise.all([['post-1', 'pillars'], ['digest', 'default'], ['post-2', 'pillars']]
      .map(([Name, GroupName]) => first.scheduler.send(new GetScheduleCommand({ Name, GroupName }))));

    const second = await restart(first.services);
    const after = await Promise.all([['post-1', 'pillars'], ['digest', 'default'], ['post-2', 'pillars']]
      .map(([Name, GroupName]) => second.scheduler.send(new GetScheduleCommand({ Name, GroupName }))));
    const strip = ({ $metadata: _, ...rest }: { $metadata: unknown }) => rest;
    expect(after.map(strip)).toEqual(before.map(strip));
    expect(after[2]).toMatchObject({ State: 'DISABLED', Description: 'on hold' });
  });

  it('keeps a deletion across a restart', async () => {
    const first = await start();
    await first.scheduler.send(new CreateScheduleCommand(schedule('post-kept')));
    await first.scheduler.send(new CreateScheduleCommand(schedule('post-gone')));
    await first.scheduler.send(new DeleteScheduleCommand({ Name: 'post-gone', GroupName: 'pillars' }));

    const second = await restart(first.services);
    expect(names(second.services)).toEqual(['pillars/post-kept']);
    await expect(second.scheduler.send(new GetScheduleCommand({ Name: 'post-gone', GroupName: 'pillars' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('loses nothing before a torn last record, and goes on appending after it', async () => {
    const first = await start();
    await first.scheduler.send(new CreateScheduleCommand(schedule('post-a')));
    await first.scheduler.send(new CreateScheduleCommand(schedule('post-b')));
    await first.services.close();
    running.splice(0);
    // What a kill in the middle of writing a third record leaves on disk.
    appendFileSync(logPath(), '{"put":"pillars/post-c","value":{"schedule":{"Name":"post-c","Gro');

    const second = await start();
    expect(names(second.services)).toEqual(['pillars/post-a', 'pillars/post-b']);
    await second.scheduler.send(new CreateScheduleCommand(schedule('post-c')));

    const third = await restart(second.services);
    expect(names(third.services)).toEqual(['pillars/post-a', 'pillars/post-b', 'pillars/post-c']);
  });

  it('keeps every acknowledged schedule when its process is killed with SIGKILL mid-stream', async () => {
    const writer = fileURLToPath(new URL('../../fixtures/processes/schedule-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const acknowledged: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      acknowledged.push(line);
      if (acknowledged.length === 300) child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const { services } = await start();
    const stored = new Set(services.schedules().map((s) => s.Name));
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
  });

  it('keeps thousands of schedules and their deletions, and compacts the log on restart', async () => {
    const first = await start();
    const all = Array.from({ length: 3_000 }, (_, n) => `post-${n}`);
    await forEachLimited(all, 16, (name) => first.scheduler.send(new CreateScheduleCommand(schedule(name))).then(() => undefined));
    const deleted = all.filter((_, n) => n % 3 === 0);
    await forEachLimited(deleted, 16, (name) => first.scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: 'pillars' })).then(() => undefined));
    expect(readFileSync(logPath(), 'utf8').split('\n').filter(Boolean)).toHaveLength(4_000);

    const second = await restart(first.services);
    const kept = all.filter((_, n) => n % 3 !== 0);
    expect(names(second.services)).toEqual(kept.map((name) => `pillars/${name}`).sort());
    expect(readFileSync(logPath(), 'utf8').split('\n').filter(Boolean)).toHaveLength(2_000);
  }, 180_000); // 3,000 CreateSchedule calls and a restart: minutes on a loaded 2-core machine

  it('takes over the schedules of a data folder written as schedules.json by earlier versions', async () => {
    const first = await start();
    await first.scheduler.send(new CreateScheduleCommand(schedule('post-old')));
    const [stored] = first.services.schedules();
    await first.services.close();
    running.splice(0);
    rmSync(logPath());
    writeFileSync(join(dataDir, 'schedules.json'), JSON.stringify([{ schedule: stored }], null, 2));

    const second = await start();
    expect(second.services.schedules()).toEqual([stored]);
    expect(existsSync(join(dataDir, 'schedules.json'))).toBe(false);
    const third = await restart(second.services);
    expect(third.services.schedules()).toEqual([stored]);
  });
});
