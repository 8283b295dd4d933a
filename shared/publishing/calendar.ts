/**
 * The content calendar: a brand's posts between two instants, grouped by day (in the brand's
 * time zone), channel or campaign — what a team scans to see gaps and collisions.
 */
import { z } from 'zod';
import type { Post, PostStatus } from './post.js';
import type { PostsRepository } from './store/posts-repository.js';
import { isTimeZone } from '../platform/time/zoned.js';

export const calendarQuery = z.object({
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' }),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' }),
  by: z.enum(['day', 'channel', 'campaign'], { error: 'must be day, channel or campaign' }).default('day'),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
}).strict().refine((q) => Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, { path: ['to'], message: 'a calendar spans at most 92 days' });

export type CalendarQuery = z.infer<typeof calendarQuery>;

/** What the calendar shows of a post. */
export interface CalendarEntry {
  readonly postId: string;
  readonly dueAt: string;
  readonly status: PostStatus;
  readonly accountId: string;
  readonly network: string;
  readonly campaign?: string;
  readonly pillar?: string;
  readonly text: string;
}

export interface CalendarGroup {
  readonly key: string;
  readonly entries: readonly CalendarEntry[];
}

/** Cancelled posts are not on the calendar. */
const HIDDEN: readonly PostStatus[] = ['cancelled'];

export async function buildCalendar(brandId: string, query: CalendarQuery, posts: PostsRepository, defaultTimezone = 'UTC') {
  const items = (await posts.listDue(brandId, query.from, query.to)).filter((p) => !HIDDEN.includes(p.status));
  const timezone = query.timezone ?? defaultTimezone;
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const keyOf = (post: Post) =>
    query.by === 'channel' ? post.accountId : query.by === 'campaign' ? post.campaign ?? '(no campaign)' : dayOf.format(new Date(post.dueAt));
  const groups = new Map<string, CalendarEntry[]>();
  for (const post of items) {
    const entries = groups.get(keyOf(post)) ?? [];
    entries.push(toEntry(post));
    groups.set(keyOf(post), entries);
  }
  return {
    from: query.from, to: query.to, by: query.by, timezone,
    groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, entries]) => ({ key, entries })) satisfies CalendarGroup[],
  };
}

function toEntry(post: Post): CalendarEntry {
  return {
    postId: post.postId, dueAt: post.dueAt, status: post.status, accountId: post.accountId, network: post.network,
    campaign: post.campaign, pillar: post.pillar, text: post.text,
  };
}
