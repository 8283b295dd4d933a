/**
 * A post and its publishing state machine. Every transition is a conditional write in the
 * posts repository, so concurrent or repeated deliveries cannot both move a post forward.
 *
 *   draft ──submit──▶ in_review ──approve──▶ scheduled   (edits of an approved post go back to review;
 *     ▲                  │                                  any state before publishing can be cancelled)
 *     └──── reject ──────┘
 *
 *   scheduled ──(queue paused when due)──▶ held ──resume──▶ scheduled | draft (stale)
 *
 *   scheduled ──claim──▶ publishing ──▶ published
 *       ▲                   │  │
 *       └── retry later ────┘  ├──▶ failed        (bad content, disconnected, retries exhausted)
 *                              └──▶ unconfirmed ──reconcile──▶ publishing
 */
import type { MediaItem } from '../networks/contract.js';
import { POST_STATUSES } from '../contracts/api/publishing.js';
import type { PublicPost } from '../contracts/api/response-bodies/publishing.js';

export { POST_STATUSES };
export type PostStatus = (typeof POST_STATUSES)[number];

export interface Post {
  readonly brandId: string;
  readonly postId: string;
  readonly accountId: string;
  readonly network: string;
  readonly text: string;
  readonly link?: string;
  /** The link as it goes out: UTM-tagged and shortened when the post was created or edited (shared/links). */
  readonly shortLink?: string;
  /** Why the link was not shortened although the brand shortens links; the post goes out with the full one. */
  readonly linkNote?: string;
  readonly media?: readonly MediaItem[];
  /** Follow-up parts published as replies to the first. */
  readonly thread?: readonly string[];
  readonly firstComment?: string;
  /** Campaign name: tags links (utm_campaign) and groups reports. */
  readonly campaign?: string;
  /** Content pillar (the strategy's content category). */
  readonly pillar?: string;
  /** The brand time zone the due time was given in, for showing it back. */
  readonly timezone?: string;
  /** The queue slot the post holds (added with "add to queue"); freed when it is cancelled or moved. */
  readonly queueSlot?: string;
  /** Shared by the posts created together as per-network variants of one message. */
  readonly groupId?: string;
  readonly evergreen?: { readonly everyDays: number; readonly maxTimes: number };
  /** The first post of an evergreen series this one repeats. */
  readonly recycledFrom?: string;
  /** 1 for the first repeat, and so on. */
  readonly recycleNumber?: number;
  readonly dueAt: string;
  readonly status: PostStatus;
  readonly attempts: number;
  /** Fencing token of the invocation that holds the post in `publishing`. */
  readonly attemptId?: string;
  readonly publishingSince?: string;
  /** When the first publish attempt started: the window in which reconciliation looks for the post. */
  readonly firstAttemptAt?: string;
  /** Lookups of the account's recent posts that did not find an unconfirmed post yet. */
  readonly reconcileChecks?: number;
  readonly networkPostId?: string;
  readonly url?: string;
  readonly publishedAt?: string;
  /**
   * What did not go out with a published post (a thread reply, the first comment). The post
   * stays published and these parts are not retried: re-sending would repeat what did go out.
   */
  readonly partialFailure?: string;
  readonly failureReason?: string;
  readonly failureKind?: 'retry_later' | 'refresh_credentials' | 'bad_content' | 'disconnected' | 'unknown_outcome' | 'internal';
  /**
   * Set with a final outcome and cleared once its event is on the bus: if the bus fails in
   * between, the redelivered trigger announces the outcome instead of losing it (an outbox).
   */
  readonly announcePending?: boolean;
  /** Incremented by every change; an edit applies only to the version it was made from. */
  readonly version?: number;
  readonly createdBy?: string;
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  /** Why a reviewer sent the post back. */
  readonly reviewNote?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the management API returns: internal fencing fields stay inside. */
export function toPublicPost(post: Post): PublicPost {
  const { attemptId: _attemptId, publishingSince: _since, announcePending: _pending, ...visible } = post;
  return visible;
}
