/** What a bulk import takes and answers; shared by the importer, the run and the row checks. */
import type { CreatePostDeps } from '../create-post.js';
import type { FieldIssue } from '../../platform/errors.js';
import type { DateFormat } from './csv-columns.js';

export interface ImportOptions {
  /** How slash dates read: dd/mm/yyyy (`dmy`) or mm/dd/yyyy (`mdy`). ISO dates need none. */
  readonly dateFormat?: DateFormat;
  /** IANA zone of local date-times in rows without a timezone cell. @default the brand's time zone setting */
  readonly timezone?: string;
  /** Accept rows due in the past: they go out right away. */
  readonly allowPast?: boolean;
  /** Rows stored per createMany. @default 500 */
  readonly batchSize?: number;
  /** Schedules created at once. @default 16 */
  readonly scheduleConcurrency?: number;
  /** Media URLs fetched at once. @default 8 */
  readonly mediaConcurrency?: number;
  /** The ids of the imported posts are returned only up to this many. @default 100 */
  readonly maxPostIds?: number;
  /** The caller, recorded as each post's author (`createdBy`). */
  readonly userId?: string;
  /** Told the counts every `progressEvery` rows and once more at the end, e.g. to show a long import's progress. */
  readonly onProgress?: (progress: ImportProgress) => Promise<void>;
  /** @default 1000 */
  readonly progressEvery?: number;
}

export interface ImportProgress {
  /** Data rows read (the header not counted). */
  readonly rowsSeen: number;
  /** Rows stored so far; rows of the chunk in flight are not yet counted. */
  readonly imported: number;
  readonly rejected: number;
}

export type ImportPostsDeps = CreatePostDeps;

export interface RejectedRow {
  /** 1-based line in the file where the row starts; the header is line 1. */
  readonly line: number;
  readonly issues: readonly FieldIssue[];
}

export interface ImportSummary {
  readonly imported: number;
  /** What the imported posts are: `in_review` where the brand requires approval (nothing scheduled yet). */
  readonly status: 'scheduled' | 'in_review';
  /** In line order. */
  readonly rejected: RejectedRow[];
  /** The new posts' ids in line order, when at most `maxPostIds` were imported. */
  readonly postIds?: string[];
  /** Problems that did not stop a row, e.g. PostScheduled events the bus did not take. */
  readonly warnings?: string[];
}
