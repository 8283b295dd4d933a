/**
 * The checks one CSV row of a bulk import must pass before it is queued for storing: the same ones
 * `POST /posts` applies (the schema, the account's network rules, a due time not in the past) plus the
 * import's own duplicate check. Media URLs are checked later, per chunk (import-run.ts), so that a URL
 * shared by many rows is fetched once.
 */
import { type CreatePostInput } from '../create-post.js';
import type { FieldIssue } from '../../platform/errors.js';
import type { MediaItem, NetworkAccount, NetworkAdapter } from '../../networks/contract.js';
import { toFieldIssues } from '../../platform/middleware/zod-issues.js';
import { logger } from '../../platform/observability.js';
import { validateForNetwork } from '../validate-content.js';
import { reasonOf } from './caller-reason.js';
import { mapRow, type CsvHeader } from './csv-columns.js';
import { DuplicateIndex } from './duplicate-index.js';
import type { ImportOptions, ImportPostsDeps } from './import-types.js';
import { createPostInput } from '../../contracts/api/publishing.js';

/** As in createPost: a due time a few seconds old is "now" from a client with a slow clock. */
const PAST_TOLERANCE_MS = 5_000;

export interface Target {
  readonly account: NetworkAccount;
  readonly adapter: NetworkAdapter;
}

/** A row that passed every check and waits to be stored. */
export interface GoodRow {
  readonly line: number;
  readonly input: CreatePostInput;
  readonly target: Target;
  readonly due: Date;
}

/** A row that cannot be imported, with every reason. */
export interface BadRow {
  readonly issues: FieldIssue[];
}

/** Validates the rows of one import run, remembering account look-ups and the rows seen so far. */
export class RowValidator {
  private readonly targets = new Map<string, Promise<Target | FieldIssue>>();
  /** Account, due minute and text of each accepted row → the line that had them first. */
  private readonly seen = new DuplicateIndex();

  constructor(
    private readonly brandId: string,
    private readonly options: ImportOptions,
    private readonly deps: ImportPostsDeps,
  ) {}

  /** Checks one row: the good row to queue, or every reason it cannot be imported. */
  async check(cells: readonly string[], line: number, header: CsvHeader): Promise<GoodRow | BadRow> {
    const mapped = mapRow(cells, header, this.options);
    const issues = [...mapped.issues];
    // The schema sees the due instant mapRow resolved, without the zone it has already checked
    // (each isTimeZone builds an Intl.DateTimeFormat); the zone goes back onto the post.
    const { timezone, ...fields } = mapped.input;
    const checked = createPostInput.safeParse(mapped.due ? { ...fields, dueAt: mapped.due.toISOString() } : fields);
    const parsed = checked.success ? { success: true as const, data: { ...checked.data, timezone: timezone as string | undefined } } : checked;
    if (!parsed.success) issues.push(...toFieldIssues(parsed.error, 'row').filter((i) => !mapped.explained.has(i.field)));

    const accountId = mapped.input.accountId;
    const found = typeof accountId === 'string' ? await this.target(accountId) : undefined;
    const target = found && 'account' in found ? found : undefined;
    if (found && !target) issues.push(found as FieldIssue);
    if (target && typeof mapped.input.text === 'string') {
      // The network's rules on what could be read, even when another field is wrong: every reason at once.
      issues.push(...validateForNetwork(target.adapter, contentOf(parsed.success ? parsed.data : mapped.input)));
    }
    const now = this.deps.now();
    if (mapped.due && !this.options.allowPast && mapped.due.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
      issues.push({ field: 'dueAt', message: `${mapped.dueText} (${mapped.due.toISOString()}) is in the past; pick a future time, or import with allowPast to publish such rows right away` });
    }
    if (issues.length === 0 && parsed.success && mapped.due && target) {
      const first = this.seen.firstLine(target.account.accountId, mapped.due, parsed.data.text, line);
      if (first !== undefined) issues.push({ field: 'row', message: `duplicate of line ${first}: same account, due minute and text` });
    }
    if (issues.length || !parsed.success || !mapped.due || !target) {
      return { issues: issues.length ? unique(issues) : [{ field: 'row', message: 'cannot be imported' }] };
    }
    return { line, input: parsed.data, target, due: mapped.due };
  }

  /** The account and its adapter, looked up once per id (failed look-ups are not remembered). */
  private target(accountId: string): Promise<Target | FieldIssue> {
    let found = this.targets.get(accountId);
    if (!found) {
      found = this.lookUp(accountId);
      this.targets.set(accountId, found);
      // Only forgets a failed look-up; the failure itself is reported by the catch just below.
      found.catch(() => this.targets.delete(accountId));
    }
    return found.catch((error: unknown) => {
      logger.error('import: looking up an account failed', { brandId: this.brandId, accountId, error: error as Error });
      return { field: 'accountId', message: `could not be looked up (${reasonOf(error)}); import this row again` };
    });
  }

  private async lookUp(accountId: string): Promise<Target | FieldIssue> {
    const account = await this.deps.accounts.get(this.brandId, accountId);
    if (!account) return { field: 'accountId', message: `unknown network account "${accountId}" for this brand; connect it first (POST /accounts) or pick one from GET /accounts` };
    const adapter = this.deps.adapters(account.network);
    if (!adapter) return { field: 'accountId', message: `network "${account.network}" has no adapter in this deployment` };
    return { account, adapter };
  }
}

/** What validateForNetwork reads, from a row that may not have passed the schema. */
function contentOf(input: Record<string, unknown> | CreatePostInput) {
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  const media = Array.isArray(input.media)
    ? (input.media as { url?: unknown; kind?: unknown }[]).filter((m): m is MediaItem => typeof m.url === 'string' && typeof m.kind === 'string')
    : undefined;
  return {
    text: String(input.text),
    link: typeof input.link === 'string' ? input.link : undefined,
    media,
    thread: strings(input.thread),
    firstComment: typeof input.firstComment === 'string' ? input.firstComment : undefined,
  };
}

function unique(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
