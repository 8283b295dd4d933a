/**
 * Single-table design. One table holds every pillar's items; keys are built only here.
 *
 * | item     | pk               | sk                  | gsi1pk                 | gsi1sk               |
 * |----------|------------------|---------------------|------------------------|----------------------|
 * | post     | BRAND#<brandId>  | POST#<postId>       | BRAND#<brandId>#DUE    | <dueAt>#<postId>     |
 * | account  | BRAND#<brandId>  | ACCOUNT#<accountId> | ACCOUNTS               | <brandId>#<accountId>|
 * | request  | BRAND#<brandId>  | IDEMPOTENCY#<key>   | —                      | —                    |
 * | settings | BRAND#<brandId>  | SETTINGS            | —                      | —                    |
 * | pause    | BRAND#<brandId>  | QUEUE#PAUSE         | —                      | —                    |
 * | queue    | BRAND#<brandId>  | QUEUE#<accountId>   | —                      | —                    |
 * | slot     | BRAND#<brandId>  | SLOT#<accountId>#<instant> | —               | —                    |
 * | lock     | LOCK#<name>      | LOCK#<name>         | —                      | —                    |
 * | post snapshot    | BRAND#<b>#PMETRICS#<yyyy-mm> | <publishedAt>#<postId>#<slot> | —         | —                    |
 * | account snapshot | BRAND#<b>#AMETRICS#<yyyy-mm> | <day>#<accountId>             | —         | —                    |
 * | web analytics    | BRAND#<b>#WEB#<yyyy-mm>      | <day>#<source>#<campaign>     | —         | —                    |
 * | conversion       | BRAND#<b>#CONVERSIONS#<yyyy-mm> | <occurredAt>#<conversionId> | —        | —                    |
 * | published post (analytics) | BRAND#<b>#PUBLISHED#<yyyy-mm> | <publishedAt>#<postId> | —   | —                    |
 * | snapshot due     | BRAND#<brandId>  | SNAPDUE#<postId>#<slot> | SNAPSHOTS#DUE      | <dueAt>#<brandId>#<postId>#<slot> |
 * | analytics settings | BRAND#<brandId> | ANALYTICS#SETTINGS | —                      | —                    |
 * | campaign         | BRAND#<brandId>  | CAMPAIGN#<name>     | —                      | —                    |
 * | report           | BRAND#<brandId>  | REPORT#<reportId>   | —                      | —                    |
 * | weekly report run | BRAND#<brandId> | REPORTRUN#<from>    | —                      | —                    |
 * | rate limit       | BRAND#<brandId>  | RATELIMIT#<accountId> | —                    | —                    |
 * | import job       | BRAND#<brandId>  | IMPORT#<importId>   | —                      | —                    |
 *
 * - Posts of a brand, newest first: Query pk = BRAND#b, sk begins_with POST# (ULIDs sort by creation).
 * - A brand's calendar by due time: Query gsi1 on gsi1pk = BRAND#b#DUE, gsi1sk between two instants.
 * - Every account of every brand, for daily checks: Query gsi1 on gsi1pk = ACCOUNTS.
 * - Every key starts with the brand, so one brand's data can never be read through another's key.
 * - A slot item claims one queue time for one post (conditional put), so two posts never share it.
 * - A request item maps a client's Idempotency-Key to the post it created; it expires after 24 h.
 * - Metrics partitions are per brand and month (of publication for posts, of the day otherwise), so
 *   a report reads a period with one Query per month, and no partition grows without bound.
 * - A post snapshot's `<slot>` is the age it was scheduled for (`A` + seconds, zero-padded to 8
 *   digits, so slots sort by age): a snapshot delivered twice lands on the same key and is
 *   stored once. Its `observedAt` attribute, not the slot, places it in the time series.
 * - Snapshots still to take are due items on gsi1 (SNAPSHOTS#DUE, sorted by due time): one Query
 *   finds every brand's due snapshots, and a taken one is deleted.
 * - A rate-limit item holds one account's publishing quota: what the network's headers said last
 *   (`remaining`, `resetAt`) and Pillars' own count of posts in the documented quota window.
 * - A published post (analytics) is analytics' own copy of what PostPublished said, so analytics
 *   never reads publishing's post items; one Query per month of publication.
 * - An import job is one asynchronous CSV import (POST /imports): its state, counts and first rejected
 *   rows; the file itself is in S3. It expires 30 days after it was created.
 * - `expiresAt` (epoch seconds) is the TTL attribute for items that expire.
 */
export { GSI1, TTL_ATTRIBUTE } from '../../contracts/table.js';

export const keys = {
  brand: (brandId: string) => `BRAND#${brandId}`,
  post: (postId: string) => `POST#${postId}`,
  postPrefix: 'POST#',
  postsByDue: (brandId: string) => `BRAND#${brandId}#DUE`,
  postDueSort: (dueAt: string, postId: string) => `${dueAt}#${postId}`,
  account: (accountId: string) => `ACCOUNT#${accountId}`,
  accountPrefix: 'ACCOUNT#',
  allAccounts: 'ACCOUNTS',
  idempotency: (key: string) => `IDEMPOTENCY#${key}`,
  lock: (name: string) => `LOCK#${name}`,
  settings: 'SETTINGS',
  queuePause: 'QUEUE#PAUSE',
  queue: (accountId: string) => `QUEUE#${accountId}`,
  slot: (accountId: string, instant: string) => `SLOT#${accountId}#${instant}`,
  postMetrics: (brandId: string, month: string) => `BRAND#${brandId}#PMETRICS#${month}`,
  postSnapshot: (publishedAt: string, postId: string, slot: string) => `${publishedAt}#${postId}#${slot}`,
  accountMetrics: (brandId: string, month: string) => `BRAND#${brandId}#AMETRICS#${month}`,
  accountSnapshot: (day: string, accountId: string) => `${day}#${accountId}`,
  webAnalytics: (brandId: string, month: string) => `BRAND#${brandId}#WEB#${month}`,
  webAnalyticsRow: (day: string, source: string, campaign: string) => `${day}#${source}#${campaign}`,
  conversions: (brandId: string, month: string) => `BRAND#${brandId}#CONVERSIONS#${month}`,
  conversion: (occurredAt: string, conversionId: string) => `${occurredAt}#${conversionId}`,
  snapshotDue: (postId: string, slot: string) => `SNAPDUE#${postId}#${slot}`,
  snapshotsDue: 'SNAPSHOTS#DUE',
  snapshotDueSort: (dueAt: string, brandId: string, postId: string, slot: string) => `${dueAt}#${brandId}#${postId}#${slot}`,
  analyticsSettings: 'ANALYTICS#SETTINGS',
  campaign: (name: string) => `CAMPAIGN#${name}`,
  campaignPrefix: 'CAMPAIGN#',
  report: (reportId: string) => `REPORT#${reportId}`,
  reportPrefix: 'REPORT#',
  scheduledReport: (from: string) => `REPORTRUN#${from}`,
  rateLimit: (accountId: string) => `RATELIMIT#${accountId}`,
  importJob: (importId: string) => `IMPORT#${importId}`,
  publishedPosts: (brandId: string, month: string) => `BRAND#${brandId}#PUBLISHED#${month}`,
  publishedPost: (publishedAt: string, postId: string) => `${publishedAt}#${postId}`,
} as const;
