/**
 * EventBridge Scheduler's schedule API (restJson1: /schedules/{Name}) with timers that fire each
 * ENABLED schedule at the time the injected expression parser gives.
 *
 * Local differences, on purpose: schedule groups exist implicitly (no CreateScheduleGroup needed),
 * a FLEXIBLE time window fires at the exact time, and StartDate, EndDate and KmsKeyArn are not
 * kept. A one-off at() schedule fires once: at its time, or at once if that time has already
 * passed (given in the past, or due while the runtime was down). After a restart, recurring
 * schedules resume from now: occurrences missed while down are skipped.
 */
import { existsSync, rmSync } from 'node:fs';
import { ScheduleClock } from './schedule-clock.js';
import { AwsError, toEpochSeconds, validation, type Reply } from './http.js';
import { AppendLog } from './append-log.js';
import { readJsonFile } from './json-file.js';

export interface ScheduleTarget {
  readonly Arn: string;
  readonly RoleArn: string;
  readonly Input?: string;
  readonly RetryPolicy?: { readonly MaximumEventAgeInSeconds?: number; readonly MaximumRetryAttempts?: number };
  readonly DeadLetterConfig?: { readonly Arn?: string };
}

export interface StoredSchedule {
  readonly Name: string;
  readonly GroupName: string;
  readonly Arn: string;
  readonly Description?: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly State: 'ENABLED' | 'DISABLED';
  readonly ActionAfterCompletion: 'NONE' | 'DELETE';
  readonly FlexibleTimeWindow: { readonly Mode: 'OFF' | 'FLEXIBLE'; readonly MaximumWindowInMinutes?: number };
  readonly Target: ScheduleTarget;
  /** ISO 8601; the wire carries epoch seconds. */
  readonly CreationDate: string;
  readonly LastModificationDate: string;
}

export type NextFireTime = (expression: string, timezone: string | undefined, after: Date, createdAt: Date) => Date | undefined;

export interface SchedulerOptions {
  readonly region: string;
  readonly accountId: string;
  /** `<dataDir>/schedules.jsonl`, an append-only log (append-log.ts); in memory only when absent. */
  readonly file?: string;
  /**
   * Where earlier versions kept the schedules as one JSON array (`<dataDir>/schedules.json`): read
   * into an empty log once, then removed, so a data folder from before keeps its schedules.
   */
  readonly legacyFile?: string;
  /**
   * Awaited before a one-off DELETE schedule is removed. Scheduler hands Lambda targets off
   * asynchronously, so resolve once the invocation is queued, not when the handler finishes.
   */
  readonly onScheduleDue: (schedule: StoredSchedule) => void | Promise<void>;
  readonly nextFireTime: NextFireTime;
}

/** A schedule plus what the timers need to survive a restart. */
interface ScheduleRecord {
  readonly schedule: StoredSchedule;
  lastFiredAt?: string;
}

const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const EXPRESSION = /^(at|rate|cron)\(.+\)$/;
const MAX_RESULTS = 100;

export class SchedulerService {
  readonly #options: SchedulerOptions;
  readonly #records = new Map<string, ScheduleRecord>();
  readonly #clock = new ScheduleClock();
  readonly #log: AppendLog<ScheduleRecord> | undefined;
  #stopped = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#log = options.file ? new AppendLog<ScheduleRecord>(options.file) : undefined;
    if (this.#log && this.#log.size === 0 && options.legacyFile && existsSync(options.legacyFile)) {
      for (const record of readJsonFile<ScheduleRecord[]>(options.legacyFile, [])) this.#log.put(recordKey(record), record);
      rmSync(options.legacyFile);
    }
    for (const record of this.#log?.values() ?? []) this.#records.set(recordKey(record), record);
  }

  /** Arms every stored schedule's timer; separate from construction so the server listens first. */
  start(): void {
    this.#records.forEach((record, key) => this.#arm(key, record));
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#clock.disarmAll();
    this.#log?.close();
  }

  schedules(): StoredSchedule[] {
    return [...this.#records.values()].map((record) => structuredClone(record.schedule));
  }

  handle(method: string, path: string, query: URLSearchParams, input: Record<string, unknown>): Reply {
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] === 'schedules' && segments.length === 1 && method === 'GET') return { body: this.#list(query) };
    const name = segments[1];
    if (segments[0] !== 'schedules' || segments.length !== 2 || name === undefined) {
      throw new AwsError('UnknownOperationException', `${method} ${path} is not emulated locally.`, 404);
    }
    switch (method) {
      case 'POST': return { body: { ScheduleArn: this.#put(name, input, 'create').Arn } };
      case 'PUT': return { body: { ScheduleArn: this.#put(name, input, 'update').Arn } };
      case 'GET': return { body: toWire(this.#find(query.get('groupName'), name).schedule) };
      case 'DELETE': {
        const { schedule } = this.#find(query.get('groupName'), name);
        this.#delete(keyOf(schedule.GroupName, schedule.Name));
        return { body: {} };
      }
      default: throw new AwsError('UnknownOperationException', `${method} ${path} is not emulated locally.`, 404);
    }
  }

  #put(name: string, input: Record<string, unknown>, mode: 'create' | 'update'): StoredSchedule {
    const group = groupOf(input.GroupName);
    const key = keyOf(group, name);
    const existing = this.#records.get(key);
    if (mode === 'create' && existing) throw new AwsError('ConflictException', `Schedule ${name} already exists.`, 409);
    if (mode === 'update' && !existing) throw notFound(group, name);
    const now = new Date().toISOString();
    // UpdateSchedule replaces every setting, as in AWS: omitted optional ones return to defaults.
    const schedule = this.#validated(name, group, input, existing?.schedule.CreationDate ?? now, now);
    const record: ScheduleRecord = { schedule };
    this.#log?.put(key, record);
    this.#records.set(key, record);
    this.#arm(key, record);
    return schedule;
  }

  #validated(name: string, group: string, input: Record<string, unknown>, created: string, modified: string): StoredSchedule {
    if (!NAME.test(name)) throw validation(`Invalid schedule name ${name}: 1 to 64 of [0-9a-zA-Z-_.].`);
    const expression = input.ScheduleExpression;
    if (typeof expression !== 'string' || !EXPRESSION.test(expression)) throw validation(`Invalid Schedule Expression ${String(expression)}.`);
    const timezone = optionalString(input.ScheduleExpressionTimezone);
    try {
      this.#options.nextFireTime(expression, timezone, new Date(), new Date(created));
    } catch (error) {
      throw validation(`Invalid Schedule Expression ${expression}: ${(error as Error).message}`);
    }
    const window = input.FlexibleTimeWindow as StoredSchedule['FlexibleTimeWindow'] | undefined;
    if (window?.Mode !== 'OFF' && window?.Mode !== 'FLEXIBLE') throw validation('FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.');
    const target = input.Target as ScheduleTarget | undefined;
    if (typeof target?.Arn !== 'string' || typeof target.RoleArn !== 'string') throw validation('Target.Arn and Target.RoleArn are required.');
    const state = input.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') throw validation('State must be ENABLED or DISABLED.');
    const after = input.ActionAfterCompletion ?? 'NONE';
    if (after !== 'NONE' && after !== 'DELETE') throw validation('ActionAfterCompletion must be NONE or DELETE.');
    return {
      Name: name,
      GroupName: group,
      Arn: `arn:aws:scheduler:${this.#options.region}:${this.#options.accountId}:schedule/${group}/${name}`,
      Description: optionalString(input.Description),
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      State: state,
      ActionAfterCompletion: after,
      FlexibleTimeWindow: { Mode: window.Mode, MaximumWindowInMinutes: window.MaximumWindowInMinutes },
      Target: {
        Arn: target.Arn,
        RoleArn: target.RoleArn,
        Input: target.Input,
        RetryPolicy: target.RetryPolicy,
        DeadLetterConfig: target.DeadLetterConfig,
      },
      CreationDate: created,
      LastModificationDate: modified,
    };
  }

  #find(groupName: string | null, name: string): ScheduleRecord {
    const group = groupOf(groupName);
    const record = this.#records.get(keyOf(group, name));
    if (!record) throw notFound(group, name);
    return record;
  }

  #delete(key: string): void {
    this.#log?.delete(key);
    this.#clock.disarm(key);
    this.#records.delete(key);
  }

  #list(query: URLSearchParams): { Schedules: unknown[]; NextToken?: string } {
    const group = query.get('ScheduleGroup');
    const prefix = query.get('NamePrefix') ?? '';
    const state = query.get('State');
    const matching = [...this.#records.values()]
      .map((record) => record.schedule)
      .filter((s) => (!group || s.GroupName === group) && s.Name.startsWith(prefix) && (!state || s.State === state))
      .sort((a, b) => keyOf(a.GroupName, a.Name).localeCompare(keyOf(b.GroupName, b.Name)));
    const offset = Number(query.get('NextToken') ?? 0);
    const pageSize = Math.min(Number(query.get('MaxResults') ?? MAX_RESULTS), MAX_RESULTS);
    const page = matching.slice(offset, offset + pageSize);
    return {
      Schedules: page.map((s) => ({
        Arn: s.Arn, Name: s.Name, GroupName: s.GroupName, State: s.State,
        CreationDate: toEpochSeconds(s.CreationDate), LastModificationDate: toEpochSeconds(s.LastModificationDate),
        Target: { Arn: s.Target.Arn },
      })),
      NextToken: offset + pageSize < matching.length ? String(offset + pageSize) : undefined,
    };
  }

  #arm(key: string, record: ScheduleRecord): void {
    this.#clock.disarm(key);
    const due = this.#nextRun(key, record);
    if (due) this.#clock.arm(key, due, () => void this.#fire(key, record, due));
  }

  #nextRun(key: string, record: ScheduleRecord): Date | undefined {
    const { schedule } = record;
    const oneOff = isOneOff(schedule);
    if (schedule.State !== 'ENABLED' || (oneOff && record.lastFiredAt)) return undefined;
    // A one-off that has not fired is looked up from the beginning of time, so it fires even when
    // its second has passed: at() is rounded to whole seconds, and the runtime may have been down.
    // Recurring ones continue from now, or from their last firing if a timer woke a little early.
    const after = oneOff ? 0 : Math.max(Date.now(), Date.parse(record.lastFiredAt ?? '') || 0);
    try {
      return this.#options.nextFireTime(schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone, new Date(after), new Date(schedule.CreationDate));
    } catch (error) {
      console.error(`local Scheduler: cannot compute the next run of ${key}`, error);
      return undefined;
    }
  }

  async #fire(key: string, record: ScheduleRecord, at: Date): Promise<void> {
    record.lastFiredAt = at.toISOString();
    this.#log?.put(key, record);
    this.#arm(key, record);
    try {
      await this.#options.onScheduleDue(structuredClone(record.schedule));
    } catch (error) {
      console.error(`local Scheduler: delivering ${key} failed`, error);
    }
    // A stopped service must not write: a restarted one may already own the file.
    if (this.#stopped) return;
    const { schedule } = record;
    // Only if it was not replaced meanwhile: a handler may have moved it with UpdateSchedule.
    if (isOneOff(schedule) && schedule.ActionAfterCompletion === 'DELETE' && this.#records.get(key) === record) this.#delete(key);
  }
}

const keyOf = (group: string, name: string) => `${group}/${name}`;
const recordKey = (record: ScheduleRecord) => keyOf(record.schedule.GroupName, record.schedule.Name);
const groupOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : 'default');
const isOneOff = (schedule: StoredSchedule) => schedule.ScheduleExpression.startsWith('at(');
const optionalString = (value: unknown) => (typeof value === 'string' ? value : undefined);
const notFound = (group: string, name: string) => new AwsError('ResourceNotFoundException', `Schedule ${name} does not exist in group ${group}.`, 404);

function toWire(schedule: StoredSchedule): Record<string, unknown> {
  return {
    ...schedule,
    CreationDate: toEpochSeconds(schedule.CreationDate),
    LastModificationDate: toEpochSeconds(schedule.LastModificationDate),
  };
}
