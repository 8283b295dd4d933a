import type { Post } from '../../shared/publishing/post.js';
import { stringFlag, type Command, type Invocation } from '../command.js';
import { UsageError } from '../errors.js';
import { fields, localTime } from '../format.js';
import { parseWhen, WHEN_EXAMPLES } from '../time.js';
import { callApi } from './api.js';

/** Flags that set a text field as given, and the API field each one sets. An empty value clears the optional ones. */
const TEXT_FIELDS = [
  ['text', 'text', false],
  ['link', 'link', true],
  ['campaign', 'campaign', true],
  ['pillar', 'pillar', true],
  ['first-comment', 'firstComment', true],
  ['timezone', 'timezone', false],
] as const;

export const postEdit: Command = {
  name: 'post edit',
  summary: 'change a post that has not gone out',
  help: `Usage: pillars post edit <postId> [--text <text>] [--at <time>] [--link <url>] [--campaign <name>]
                         [--pillar <name>] [--first-comment <text>] [--timezone <zone>]

Change a post before it is published; only the flags given change. The API checks the result
against the network's rules again. Editing an approved post sends it back to review where the
brand requires approval. An empty value ("") removes the link, campaign, pillar or first comment.

Flags:
  --text <text>            the post's text
  --at <time>              new due time: ${WHEN_EXAMPLES}
  --link <url>             the link, published after the text (shortened again if the brand shortens links)
  --campaign <name>        campaign (tags the link's utm_campaign)
  --pillar <name>          content pillar
  --first-comment <text>   comment added under the post, where the network has them
  --timezone <zone>        IANA time zone the due time is shown in, e.g. Europe/Berlin

Examples:
  pillars post edit 01JD3Z6V9X8Q2W4E5R6T7Y8M9K --text "Launch day, take two"
  pillars post edit 01JD3Z6V9X8Q2W4E5R6T7Y8M9K --at "tomorrow 09:00" --campaign spring-launch
  pillars post edit 01JD3Z6V9X8Q2W4E5R6T7Y8M9K --link ""`,
  options: {
    text: { type: 'string' },
    at: { type: 'string' },
    link: { type: 'string' },
    campaign: { type: 'string' },
    pillar: { type: 'string' },
    'first-comment': { type: 'string' },
    timezone: { type: 'string' },
  },
  positionals: ['postId'],
  usesApi: true,
  run: async (invocation) => {
    const body = patchOf(invocation);
    const postId = encodeURIComponent(invocation.positionals[0] ?? '');
    return callApi<Post>(invocation, { method: 'PATCH', path: `/posts/${postId}`, body }, (post) => fields([
      ['id', post.postId],
      ['status', post.status],
      ['due', localTime(post.dueAt, invocation.io.now())],
      ['link', post.shortLink ?? post.link],
    ]));
  },
};

function patchOf(invocation: Invocation): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const [flag, field, clearable] of TEXT_FIELDS) {
    const value = stringFlag(invocation, flag);
    if (value === undefined) continue;
    if (value.trim() === '' && !clearable) throw new UsageError(`--${flag} must not be empty`, invocation.usage);
    patch[field] = value.trim() === '' ? null : value;
  }
  const at = stringFlag(invocation, 'at');
  if (at !== undefined) {
    const due = parseWhen(at, invocation.io.now());
    if (!due) throw new UsageError(`cannot read --at "${at}"; use ${WHEN_EXAMPLES}`, invocation.usage);
    patch.dueAt = due.toISOString();
  }
  if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give at least one of --text, --at, --link, --campaign, --pillar, --first-comment, --timezone', invocation.usage);
  return patch;
}
