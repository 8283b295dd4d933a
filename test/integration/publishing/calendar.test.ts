import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendar } from '../../../shared/publishing/calendar.js';
import type { Post } from '../../../shared/publishing/post.js';
import { createPostsRepository, type PostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { calendarQuery } from '../../../shared/contracts/api/publishing.js';

let table: TestTable;
let posts: PostsRepository;
const brandId = `brand-${randomUUID()}`;

const post = (postId: string, dueAt: string, extra: Partial<Post> = {}): Post => ({
  brandId, postId, accountId: 'mastodon-main', network: 'mastodon', text: `post ${postId}`, dueAt, status: 'scheduled', attempts: 0,
  createdAt: dueAt, updatedAt: dueAt, ...extra,
});

beforeAll(async () => {
  table = await createTestTable('calendar');
  posts = createPostsRepository(table.documentClient, table.tableName);
  await posts.createMany([
    post('a', '2026-06-01T08:00:00.000Z', { campaign: 'summer' }),
    post('b', '2026-06-01T22:30:00.000Z', { accountId: 'linkedin-page', network: 'linkedin' }), // already 2 June in Berlin
    post('c', '2026-06-02T09:00:00.000Z', { campaign: 'summer', status: 'cancelled' }),
    post('d', '2026-06-03T09:00:00.000Z', { campaign: 'summer' }),
    post('e', '2026-06-09T09:00:00.000Z'), // outside the week
  ]);
});
afterAll(() => table?.drop());

const query = (q: Record<string, string>) => calendarQuery.parse({ from: '2026-06-01T00:00:00+02:00', to: '2026-06-08T00:00:00+02:00', ...q });

describe('buildCalendar', () => {
  it('groups the week by day in the brand time zone, leaving out cancelled posts', async () => {
    const calendar = await buildCalendar(brandId, query({ by: 'day' }), posts, 'Europe/Berlin');
    expect(calendar.groups.map((g) => [g.key, g.entries.map((e) => e.postId)])).toEqual([
      ['2026-06-01', ['a']], ['2026-06-02', ['b']], ['2026-06-03', ['d']],
    ]);
  });

  it('groups by channel and by campaign', async () => {
    const byChannel = await buildCalendar(brandId, query({ by: 'channel' }), posts);
    expect(byChannel.groups.map((g) => [g.key, g.entries.length])).toEqual([['linkedin-page', 1], ['mastodon-main', 2]]);
    const byCampaign = await buildCalendar(brandId, query({ by: 'campaign' }), posts);
    expect(byCampaign.groups.map((g) => [g.key, g.entries.map((e) => e.postId)])).toEqual([['(no campaign)', ['b']], ['summer', ['a', 'd']]]);
  });

  it('refuses a range that is reversed or longer than a quarter', () => {
    expect(calendarQuery.safeParse({ from: '2026-06-08T00:00:00Z', to: '2026-06-01T00:00:00Z' }).success).toBe(false);
    expect(calendarQuery.safeParse({ from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }).success).toBe(false);
  });
});
