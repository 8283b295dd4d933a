import type { Post } from '../../shared/publishing/post.js';
import { stringFlag, type Command } from '../command.js';
import { localMinute, table, truncate } from '../format.js';
import { callApi } from './api.js';

interface PostPage {
  readonly items: readonly Post[];
  readonly cursor?: string;
}

const TEXT_WIDTH = 40;

export const postList: Command = {
  name: 'post list',
  summary: "list the brand's posts, newest first",
  help: `Usage: pillars post list [--status <status>] [--limit <n>] [--cursor <cursor>]

List posts, newest first, one page at a time. Due times are local.

Flags:
  --status <status>  only posts in this state: scheduled, publishing, published, failed, unconfirmed
  --limit <n>        page size, 1 to 100
  --cursor <cursor>  continue after the page that printed this cursor

Examples:
  pillars post list
  pillars post list --status failed --limit 10
  pillars post list --json | jq '.items[].postId'`,
  options: {
    status: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
  positionals: [],
  usesApi: true,
  run: async (invocation) => {
    const query = { status: stringFlag(invocation, 'status'), limit: stringFlag(invocation, 'limit'), cursor: stringFlag(invocation, 'cursor') };
    return callApi<PostPage>(invocation, { method: 'GET', path: '/posts', query }, (page) => {
      const lines = page.items.length === 0
        ? [query.status ? `no ${query.status} posts` : 'no posts']
        : [table(['ID', 'STATUS', 'ACCOUNT', 'DUE', 'TEXT'], page.items.map((p) => [p.postId, p.status, p.accountId, localMinute(p.dueAt), truncate(p.text, TEXT_WIDTH)]))];
      if (page.cursor) {
        const again = ['pillars post list', query.status && `--status ${query.status}`, query.limit && `--limit ${query.limit}`, `--cursor ${page.cursor}`];
        lines.push('', `next cursor: ${page.cursor}`, `next page:   ${again.filter(Boolean).join(' ')}`);
      }
      return lines.join('\n');
    });
  },
};
