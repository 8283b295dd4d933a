/**
 * What the publishing operations answer: posts and post groups, the calendar, bulk imports and the
 * queue's pause state. `Post` here is the one definition of a post as callers see it: the domain's
 * `toPublicPost` returns this type, so the document cannot describe fields the API does not send.
 */
import { z } from 'zod';
import { POST_STATUSES } from '../publishing.js';

const instant = z.iso.datetime({ offset: true });

const FAILURE_KINDS = ['retry_later', 'refresh_credentials', 'bad_content', 'disconnected', 'unknown_outcome', 'internal'] as const;

const mediaItem = z.strictObject({
  url: z.string().meta({ description: 'A public URL the network (or the adapter) fetches' }),
  kind: z.enum(['image', 'video', 'gif']),
  altText: z.string().optional(),
});

export const publicPost = z.strictObject({
  brandId: z.string(),
  postId: z.string(),
  accountId: z.string(),
  network: z.string(),
  text: z.string(),
  link: z.string().optional(),
  shortLink: z.string().optional().meta({ description: 'The link as it goes out: UTM-tagged and shortened when the post was created or edited' }),
  linkNote: z.string().optional().meta({ description: 'Why the link was not shortened although the brand shortens links; the post goes out with the full one' }),
  media: z.array(mediaItem).readonly().optional(),
  thread: z.array(z.string()).readonly().optional().meta({ description: 'Follow-up parts published as replies to the first' }),
  firstComment: z.string().optional(),
  campaign: z.string().optional().meta({ description: 'Campaign name: tags links (utm_campaign) and groups reports' }),
  pillar: z.string().optional().meta({ description: "Content pillar (the strategy's content category)" }),
  timezone: z.string().optional().meta({ description: 'The brand time zone the due time was given in' }),
  queueSlot: instant.optional().meta({ description: 'The queue slot the post holds; freed when it is cancelled or moved' }),
  groupId: z.string().optional().meta({ description: 'Shared by the posts created together as per-network variants of one message' }),
  evergreen: z.strictObject({ everyDays: z.number().int(), maxTimes: z.number().int() }).optional(),
  recycledFrom: z.string().optional().meta({ description: 'The first post of the evergreen series this one repeats' }),
  recycleNumber: z.number().int().optional().meta({ description: '1 for the first repeat, and so on' }),
  dueAt: instant,
  status: z.enum(POST_STATUSES),
  attempts: z.number().int(),
  firstAttemptAt: instant.optional(),
  reconcileChecks: z.number().int().optional().meta({ description: "Lookups of the account's recent posts that did not find an unconfirmed post yet" }),
  networkPostId: z.string().optional(),
  url: z.string().optional(),
  publishedAt: instant.optional(),
  partialFailure: z.string().optional().meta({ description: 'What did not go out with a published post (a thread reply, the first comment); not retried' }),
  failureReason: z.string().optional(),
  failureKind: z.enum(FAILURE_KINDS).optional(),
  version: z.number().int().optional().meta({ description: 'Incremented by every change' }),
  createdBy: z.string().optional(),
  approvedBy: z.string().optional(),
  approvedAt: instant.optional(),
  reviewNote: z.string().optional().meta({ description: 'Why a reviewer sent the post back' }),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'Post' });

export type PublicPost = z.infer<typeof publicPost>;

export const postPage = z.strictObject({
  items: z.array(publicPost),
  cursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last page' }),
});

export const postGroup = z.strictObject({
  groupId: z.string(),
  posts: z.array(publicPost).meta({ description: 'One post per account, in the order of `variants`' }),
});

const calendarEntry = z.strictObject({
  postId: z.string(),
  dueAt: instant,
  status: z.enum(POST_STATUSES),
  accountId: z.string(),
  network: z.string(),
  campaign: z.string().optional(),
  pillar: z.string().optional(),
  text: z.string(),
});

export const calendar = z.strictObject({
  from: z.string(),
  to: z.string(),
  by: z.enum(['day', 'channel', 'campaign']),
  timezone: z.string(),
  groups: z.array(z.strictObject({
    key: z.string().meta({ description: 'The local day (YYYY-MM-DD), account id or campaign' }),
    entries: z.array(calendarEntry),
  })),
});

const rejectedRow = z.strictObject({
  line: z.number().int().meta({ description: 'Line in the file where the row starts; the header is line 1' }),
  issues: z.array(z.strictObject({ field: z.string(), message: z.string() })).readonly(),
});

export const importSummary = z.strictObject({
  imported: z.number().int(),
  status: z.enum(['scheduled', 'in_review']).meta({ description: 'What the imported posts are: in_review where the brand requires approval' }),
  rejected: z.array(rejectedRow).meta({ description: 'In line order' }),
  postIds: z.array(z.string()).optional().meta({ description: 'The new posts in line order, when at most 100 were imported' }),
  warnings: z.array(z.string()).optional(),
});

export const createdImport = z.strictObject({
  importId: z.string(),
  uploadUrl: z.string().meta({ description: 'PUT the CSV here with Content-Type: text/csv' }),
  expiresAt: instant.meta({ description: 'Until when uploadUrl takes the file' }),
  contentType: z.literal('text/csv'),
});

export const importJob = z.strictObject({
  brandId: z.string(),
  importId: z.string(),
  status: z.enum(['waiting_for_upload', 'importing', 'done', 'failed']),
  options: z.strictObject({
    dateFormat: z.enum(['dmy', 'mdy']).optional(),
    timezone: z.string().optional(),
    allowPast: z.boolean().optional(),
  }),
  uploadKey: z.string(),
  createdBy: z.string().optional(),
  createdAt: instant,
  updatedAt: instant,
  uploadExpiresAt: instant,
  startedAt: instant.optional(),
  leaseUntil: instant.optional(),
  finishedAt: instant.optional(),
  rowsSeen: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  postStatus: z.enum(['scheduled', 'in_review']).optional(),
  rejectedRows: z.array(rejectedRow).readonly().optional().meta({ description: 'The first rejected rows, in line order; every one is in errors.csv' }),
  errorsKey: z.string().optional(),
  errorsUrl: z.string().optional().meta({ description: 'A presigned GET URL of errors.csv (every rejected row), valid for 15 minutes' }),
  warnings: z.array(z.string()).readonly().optional(),
  failure: z.string().optional().meta({ description: 'Why the whole file could not be imported (status failed)' }),
});

export const queuePause = z.strictObject({
  paused: z.boolean(),
  cause: z.enum(['crisis', 'manual']).optional(),
  reason: z.string().optional(),
  since: instant.optional(),
});

export const queueResume = z.strictObject({
  resumed: z.boolean().meta({ description: 'False when the queue was not paused, or a crisis pause is still in force' }),
  rescheduled: z.number().int(),
  returnedToDraft: z.number().int(),
});
