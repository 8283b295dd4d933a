import type { Post } from '../../shared/publishing/post.js';
import { requiredFlag, stringFlag, type Command, type Invocation } from '../command.js';
import { UsageError } from '../errors.js';
import { fields, localTime } from '../format.js';
import { parseWhen, WHEN_EXAMPLES } from '../time.js';
import { callApi } from './api.js';

export const postCreate: Command = {
  name: 'post create',
  summary: 'schedule a post on a connected account',
  help: `Usage: pillars post create --account <id> --text <text> [--link <url>] (--at <time> | --now)

Schedule a post. The API checks it against the network's rules now, not at the due time.

Flags:
  --account <id>  connected network account (see \`pillars account list\`)
  --text <text>   the post's text
  --link <url>    link, published after the text and a blank line
  --at <time>     when to publish: ${WHEN_EXAMPLES}
                  (times without a zone are local time)
  --now           publish right away

Examples:
  pillars post create --account mastodon-main --text "Launch day!" --at "in 10m"
  pillars post create --account mastodon-main --text "Doors open" --at "tomorrow 09:00"
  pillars post create --account mastodon-main --text "Read this" --link https://example.com --at 2026-12-01T09:30:00+01:00
  pillars post create --account mastodon-main --text "Now!" --now --json`,
  options: {
    account: { type: 'string' },
    text: { type: 'string' },
    link: { type: 'string' },
    at: { type: 'string' },
    now: { type: 'boolean' },
  },
  positionals: [],
  usesApi: true,
  run: async (invocation) => {
    const body = {
      accountId: requiredFlag(invocation, 'account'),
      text: requiredFlag(invocation, 'text'),
      link: stringFlag(invocation, 'link'),
      ...when(invocation),
    };
    return callApi<Post>(invocation, { method: 'POST', path: '/posts', body }, (post) => render(post, invocation.io.now()));
  },
};

function when(invocation: Invocation): { dueAt?: string; publishNow?: true } {
  const at = stringFlag(invocation, 'at');
  const now = invocation.flags.now === true;
  if (at !== undefined && now) throw new UsageError('give either --at or --now, not both', invocation.usage);
  if (now) return { publishNow: true };
  if (at === undefined) throw new UsageError('missing --at <time> (or --now to publish right away)', invocation.usage);
  const due = parseWhen(at, invocation.io.now());
  if (!due) throw new UsageError(`cannot read --at "${at}"; use ${WHEN_EXAMPLES}`, invocation.usage);
  return { dueAt: due.toISOString() };
}

function render(post: Post, now: Date): string {
  return `${fields([
    ['id', post.postId],
    ['status', post.status],
    ['due', localTime(post.dueAt, now)],
  ])}\n\nFollow it with: pillars post get ${post.postId}`;
}
