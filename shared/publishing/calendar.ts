/**
 * The content calendar: a brand's posts between two instants, grouped by day (in the brand's
 * time zone), channel or campaign — what a team scans to see gaps and collisions.
 */
import type { z } from 'zod';
import type { calendarQuery } from '../contracts/api/publishing.js';
import type { Post, PostStatus } from './post.js';
import type { PostsRepository } from './store/posts-repository.js';

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
