import type { Post } from '../../shared/publishing/post.js';
import type { Command } from '../command.js';
import { fields, localTime } from '../format.js';
import { callApi } from './api.js';

export const postGet: Command = {
  name: 'post get',
  summary: 'show one post and its publishing state',
  help: `Usage: pillars post get <postId>

Show every field of a post; times are local, with how long ago or ahead they are.

Examples:
  pillars post get 01JD3Z6V9X8Q2W4E5R6T7Y8M9K
  pillars post get 01JD3Z6V9X8Q2W4E5R6T7Y8M9K --json`,
  options: {},
  positionals: ['postId'],
  usesApi: true,
  run: async (invocation) => {
    const postId = invocation.positionals[0] ?? '';
    const now = invocation.io.now();
    return callApi<Post>(invocation, { method: 'GET', path: `/posts/${encodeURIComponent(postId)}` }, (post) => render(post, now));
  },
};

/** Known fields get labels in a sensible order; anything newer the API adds is still shown, after them. */
const LABELS: readonly (readonly [keyof Post, string, 'time'?])[] = [
  ['postId', 'id'],
  ['status', 'status'],
  ['brandId', 'brand'],
  ['accountId', 'account'],
  ['network', 'network'],
  ['dueAt', 'due', 'time'],
  ['text', 'text'],
  ['link', 'link'],
  ['attempts', 'attempts'],
  ['publishedAt', 'published', 'time'],
  ['url', 'url'],
  ['networkPostId', 'network post id'],
  ['failureReason', 'failure'],
  ['createdAt', 'created', 'time'],
  ['updatedAt', 'updated', 'time'],
];

function render(post: Post, now: Date): string {
  const record = post as unknown as Record<string, unknown>;
  const known = new Set<string>(LABELS.map(([key]) => key));
  const show = (value: unknown, kind?: 'time') =>
    value === undefined || value === null ? undefined : kind === 'time' && typeof value === 'string' ? localTime(value, now) : typeof value === 'string' ? value : JSON.stringify(value);
  return fields([
    ...LABELS.map(([key, label, kind]) => [label, show(record[key], kind)] as const),
    ...Object.keys(record).filter((key) => !known.has(key)).map((key) => [key, show(record[key])] as const),
  ]);
}
