/**
 * The response schemas against the types the domain returns, checked by the compiler (`tsc
 * --noEmit`, the first half of `npm test`): a field added to a domain result and not to its
 * schema, or a schema field the domain cannot give, fails the type check here. The runtime
 * side is test/e2e/openapi-conformance.test.ts.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Post, toPublicPost } from '../../../shared/publishing/post.js';
import type { buildCalendar } from '../../../shared/publishing/calendar.js';
import type { ImportSummary } from '../../../shared/publishing/import/import-posts.js';
import type { CreatedImport, ImportJobView } from '../../../shared/publishing/import/import-jobs.js';
import type { PauseState, resumeQueue } from '../../../shared/publishing/queue-pause.js';
import type { QueueConfig, QueueRepository } from '../../../shared/publishing/queue-slots.js';
import type { NetworkAccount } from '../../../shared/networks/contract.js';
import type { queryRollups } from '../../../shared/analytics/rollups-query.js';
import type { suggestQueueSlots } from '../../../shared/analytics/suggest-queue-slots.js';
import type { ReportRecord } from '../../../shared/analytics/store/reports-repository.js';
import type { Campaign } from '../../../shared/analytics/campaigns/campaign.js';
import type * as publishing from '../../../shared/contracts/api/response-bodies/publishing.js';
import type * as accounts from '../../../shared/contracts/api/response-bodies/accounts.js';
import type * as analytics from '../../../shared/contracts/api/response-bodies/analytics.js';

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Body<S extends z.ZodType> = z.output<S>;

describe('the response schemas', () => {
  it('describe every field of a post but the fencing ones, as toPublicPost returns it', () => {
    expectTypeOf<keyof Body<typeof publishing.publicPost>>().toEqualTypeOf<Exclude<keyof Post, 'attemptId' | 'publishingSince' | 'announcePending'>>();
    expectTypeOf<ReturnType<typeof toPublicPost>>().toEqualTypeOf<Body<typeof publishing.publicPost>>();
  });

  it('take what the publishing functions return, with the same fields', () => {
    expectTypeOf<Result<typeof buildCalendar>>().toExtend<Body<typeof publishing.calendar>>();
    expectTypeOf<keyof Result<typeof buildCalendar>>().toEqualTypeOf<keyof Body<typeof publishing.calendar>>();
    expectTypeOf<ImportSummary>().toExtend<Body<typeof publishing.importSummary>>();
    expectTypeOf<keyof ImportSummary>().toEqualTypeOf<keyof Body<typeof publishing.importSummary>>();
    expectTypeOf<CreatedImport>().toExtend<Body<typeof publishing.createdImport>>();
    expectTypeOf<keyof CreatedImport>().toEqualTypeOf<keyof Body<typeof publishing.createdImport>>();
    expectTypeOf<ImportJobView>().toExtend<Body<typeof publishing.importJob>>();
    expectTypeOf<keyof ImportJobView>().toEqualTypeOf<keyof Body<typeof publishing.importJob>>();
    expectTypeOf<PauseState>().toExtend<Body<typeof publishing.queuePause>>();
    expectTypeOf<keyof PauseState>().toEqualTypeOf<keyof Body<typeof publishing.queuePause>>();
    expectTypeOf<Result<typeof resumeQueue>>().toEqualTypeOf<Body<typeof publishing.queueResume>>();
  });

  it('take what the account functions return, with the same fields', () => {
    expectTypeOf<NetworkAccount>().toExtend<Body<typeof accounts.account>>();
    expectTypeOf<keyof NetworkAccount>().toEqualTypeOf<keyof Body<typeof accounts.account>>();
    type AccountQueue = QueueConfig & { next: Result<QueueRepository['upcoming']> };
    expectTypeOf<AccountQueue>().toExtend<Body<typeof accounts.accountQueue>>();
    expectTypeOf<keyof AccountQueue>().toEqualTypeOf<keyof Body<typeof accounts.accountQueue>>();
  });

  it('take what the analytics functions return, with the same fields', () => {
    expectTypeOf<Result<typeof queryRollups>>().toExtend<Body<typeof analytics.rollups>>();
    expectTypeOf<keyof Result<typeof queryRollups>>().toEqualTypeOf<keyof Body<typeof analytics.rollups>>();
    expectTypeOf<Result<typeof suggestQueueSlots>>().toExtend<Body<typeof analytics.queueSuggestions>>();
    expectTypeOf<ReportRecord>().toExtend<Body<typeof analytics.report>>();
    expectTypeOf<keyof ReportRecord>().toEqualTypeOf<keyof Body<typeof analytics.report>>();
    expectTypeOf<Campaign>().toExtend<Body<typeof analytics.campaign>>();
    expectTypeOf<keyof Campaign>().toEqualTypeOf<keyof Body<typeof analytics.campaign>>();
  });
});
