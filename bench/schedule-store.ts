/**
 * What persisting costs the local Scheduler: 10,000 CreateSchedule calls through the SDK (16 in
 * flight, as the importer makes them) against the local AWS services with a data folder, where
 * every change is appended to schedules.jsonl, against the same calls with the schedules in memory
 * only. Rounds alternate which side goes first; medians. A store that rewrote every schedule on
 * each change would grow this ratio with the count; an append costs the same at any size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { startAwsServices } from '../local/aws/server.js';
import { parseScheduleExpression } from '../local/aws/schedule-expression.js';
import { forEachLimited } from '../shared/platform/concurrency.js';
import { median } from './import.js';

export interface ScheduleStoreBenchResult {
  readonly schedules: number;
  readonly rounds: number;
  readonly persistedPerSecond: number;
  readonly inMemoryPerSecond: number;
  /** Persisted time over in-memory time. */
  readonly ratio: number;
}

const CONCURRENCY = 16;

export async function benchScheduleStore(schedules = 10_000, rounds = 3): Promise<ScheduleStoreBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pillars-bench-schedule-store-'));
  try {
    let run = 0;
    const create = async (persist: boolean, count: number) => {
      run++;
      const services = await startAwsServices({
        dataDir: persist ? join(dir, `data-${run}`) : undefined,
        filesDir: join(dir, 'files'),
        onEvents: () => {},
        onScheduleDue: () => {},
        nextFireTime: (expression, timezone, after, createdAt) => parseScheduleExpression(expression, timezone, { anchor: createdAt }).nextAfter(after),
      });
      const client = new SchedulerClient({ endpoint: services.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      try {
        const names = Array.from({ length: count }, (_, n) => `post-${run}-${n}`);
        const start = performance.now();
        await forEachLimited(names, CONCURRENCY, (name) => client.send(new CreateScheduleCommand({
          Name: name, GroupName: 'pillars', ScheduleExpression: 'at(2031-01-01T09:00:00)', ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' }, ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: 'arn:aws:lambda:us-east-1:000000000000:function:publish', RoleArn: 'arn:aws:iam::000000000000:role/scheduler',
            Input: JSON.stringify({ brandId: 'bench', postId: name }), RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
          },
        })));
        const ms = performance.now() - start;
        if (services.schedules().length !== count) throw new Error(`bench schedule store: ${services.schedules().length} of ${count} schedules stored`);
        return ms;
      } finally {
        client.destroy();
        await services.close();
      }
    };

    // Warm connections and JIT on both sides before measuring.
    await create(true, 1_000);
    await create(false, 1_000);
    const persisted: number[] = [];
    const inMemory: number[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        persisted.push(await create(true, schedules));
        inMemory.push(await create(false, schedules));
      } else {
        inMemory.push(await create(false, schedules));
        persisted.push(await create(true, schedules));
      }
    }
    return {
      schedules,
      rounds,
      persistedPerSecond: schedules / (median(persisted) / 1000),
      inMemoryPerSecond: schedules / (median(inMemory) / 1000),
      ratio: median(persisted) / median(inMemory),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
