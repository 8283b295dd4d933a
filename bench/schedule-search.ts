/**
 * The local scheduler's cron search over its whole range (1970 to 2199) for an expression that never fires,
 * against finding the next minute of one that fires every minute. Skipping by field keeps the two close;
 * scanning minute by minute would make the first about 120 million steps long.
 */
import { parseScheduleExpression } from '../local/aws/schedule-expression.js';

export interface ScheduleSearchResult {
  readonly rounds: number;
  readonly neverMicros: number;
  readonly everyMinuteMicros: number;
  readonly ratio: number;
}

export function benchScheduleSearch(rounds = 200): ScheduleSearchResult {
  const from = new Date('1970-01-01T00:00:00.000Z');
  const never = [parseScheduleExpression('cron(* * 30 2 ? *)'), parseScheduleExpression('cron(* * 31 4,6,9,11 ? *)', 'Europe/Berlin')];
  const everyMinute = [parseScheduleExpression('cron(* * * * ? *)'), parseScheduleExpression('cron(* * * * ? *)', 'Europe/Berlin')];
  const time = (schedules: typeof never) => {
    const started = performance.now();
    for (let i = 0; i < rounds; i++) for (const schedule of schedules) schedule.nextAfter(from);
    return ((performance.now() - started) * 1000) / (rounds * schedules.length);
  };
  time(never); // warm-up, outside the measurement
  time(everyMinute);
  const neverMicros = time(never);
  const everyMinuteMicros = time(everyMinute);
  return { rounds, neverMicros, everyMinuteMicros, ratio: neverMicros / everyMinuteMicros };
}
