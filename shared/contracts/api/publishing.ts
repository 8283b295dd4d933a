/**
 * The publishing routes' inputs: post fields, edits, groups, the calendar, queues and imports.
 * The route table and the publishing pillar both read them from here, so a handler's bundle
 * carries the schema without the domain code behind it.
 */
import { z } from 'zod';
import { httpUrl, isTimeZone, label } from './fields.js';

export const POST_STATUSES = ['draft', 'in_review', 'scheduled', 'held', 'publishing', 'published', 'failed', 'unconfirmed', 'cancelled'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** How an import reads day/month order in dates such as 03/04/2027. */
export const DATE_FORMATS = ['dmy', 'mdy'] as const;

/** The fields of a post, without the cross-field rules (edits reuse them). */
export const postFields = z
  .object({
    accountId: z.string({ error: 'required: the id of a connected network account (GET /accounts lists them)' }).min(1),
    text: z.string({ error: 'required: the text of the post' }).trim().min(1, 'must not be empty'),
    link: httpUrl('').optional(),
    media: z.array(z.object({
      url: httpUrl(' the network can download'),
      kind: z.enum(['image', 'video', 'gif'], { error: 'must be image, video or gif' }),
      altText: z.string().max(1500).optional(),
    }).strict()).max(20).optional(),
    thread: z.array(z.string().trim().min(1, 'a thread part must not be empty')).max(25).optional(),
    firstComment: z.string().trim().min(1).max(8000).optional(),
    campaign: label.optional(),
    pillar: label.optional(),
    dueAt: z.string({ error: 'must be a date-time' }).optional(),
    timezone: z.string().optional(),
    publishNow: z.boolean({ error: 'must be true or false' }).optional(),
    /** Keep it as a draft: nothing is scheduled until it is submitted (and approved, where required). */
    draft: z.boolean({ error: 'must be true or false' }).optional(),
    /** Take the account's next free queue slot instead of a due time. */
    queue: z.boolean({ error: 'must be true or false' }).optional(),
    /** Publish again every `everyDays` days after it goes out, at most `maxTimes` more times. */
    evergreen: z.object({
      everyDays: z.number({ error: 'must be a number of days' }).int().min(1).max(365),
      maxTimes: z.number({ error: 'must be a number' }).int().min(1).max(52),
    }).strict().optional(),
  })
  .strict();

export const createPostInput = postFields.superRefine((input, ctx) => {
    const when = [input.dueAt !== undefined, input.publishNow === true, input.queue === true].filter(Boolean).length;
    if (when === 0) {
      ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'required: when to publish (ISO 8601), or set publishNow: true or queue: true' });
    }
    if (when > 1) ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'give only one of dueAt, publishNow and queue' });
    if (input.timezone !== undefined && !isTimeZone(input.timezone)) {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: `"${input.timezone}" is not an IANA time zone such as Europe/Berlin` });
    }
    if (input.dueAt !== undefined && !OFFSET_TIME.test(input.dueAt) && input.timezone === undefined) {
      ctx.addIssue({
        code: 'custom', path: ['dueAt'],
        message: 'must be an ISO 8601 date-time with an offset (2026-12-01T09:30:00+01:00), or a local time (2026-12-01T09:30) with timezone',
      });
    }
  });

/** An ISO 8601 date-time with an offset; anything else is a local time read in a time zone. */
export const OFFSET_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Editable fields; `null` clears an optional one. */
export const editPostInput = postFields
  .omit({ accountId: true, publishNow: true, draft: true })
  .partial()
  .extend({
    link: postFields.shape.link.unwrap().nullable().optional(),
    firstComment: postFields.shape.firstComment.unwrap().nullable().optional(),
    campaign: postFields.shape.campaign.unwrap().nullable().optional(),
    pillar: postFields.shape.pillar.unwrap().nullable().optional(),
  })
  .strict();

const variantFields = postFields.pick({ text: true, link: true, media: true, thread: true, firstComment: true }).partial().strict();

export const postGroupInput = postFields.omit({ accountId: true }).partial({ text: true }).extend({
  /** Account id → what differs on that account; `{}` takes the shared fields as they are. */
  variants: z.record(z.string().min(1), variantFields).refine((v) => Object.keys(v).length > 0, 'name at least one account'),
}).strict();

export const calendarQuery = z.object({
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' }),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' }),
  by: z.enum(['day', 'channel', 'campaign'], { error: 'must be day, channel or campaign' }).default('day'),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
}).strict().refine((q) => Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, { path: ['to'], message: 'a calendar spans at most 92 days' });

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export const queueInput = z.object({
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  slots: z.array(z.object({
    day: z.enum(DAYS, { error: `must be one of ${DAYS.join(', ')}` }),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour'),
  }).strict()).min(1, 'add at least one weekly slot').max(100),
}).strict();

/** An account's weekly queue: the slots (day and time) in a time zone. */
export type QueueConfig = z.infer<typeof queueInput>;

/** The query of POST /posts/import: the import options a caller sets (routes.ts, the handler). */
export const importPostsQuery = z.object({
  dateFormat: z.enum(DATE_FORMATS, { error: 'must be dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy)' }).optional(),
  timezone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Berlin' }).optional(),
  allowPast: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
}).strict();

export const createImportFields = z.object({
  dateFormat: z.enum(DATE_FORMATS, { error: 'must be dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy)' }).optional(),
  timezone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Berlin' }).optional(),
  allowPast: z.boolean({ error: 'must be true or false' }).optional(),
}).strict();

/** The body of POST /imports; every field is optional, and so is the body. */
export const createImportBody = createImportFields.optional();

export const importIdPath = z.object({ importId: z.string().regex(/^[0-9A-Z]{26}$/, 'must be the importId POST /imports answered (26 characters)') });


export const listPostsQuery = z.object({
  status: z.enum(POST_STATUSES, { error: `must be one of ${POST_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce.number({ error: 'must be a number from 1 to 100' }).int().min(1).max(100).optional(),
  cursor: z.string().optional(),
}).strict();

export const postIdPath = z.object({ postId: z.string().min(1) });

export const accountIdPath = z.object({ accountId: z.string().min(1) });

export const pauseQueueInput = z.object({ reason: z.string({ error: 'required: why publishing stops, for the team' }).trim().min(1).max(500) }).strict();

export const rejectPostInput = z.object({ note: z.string({ error: 'required: why the post goes back, for its author' }).trim().min(1).max(2000) }).strict();
