/** Best times to post, from the channel's own history, offered as its weekly queue slots. */
import type { suggestQueueSlots } from '../../shared/analytics/suggest-queue-slots.js';
import type { Command } from '../command.js';
import { EXIT_OK } from '../errors.js';
import { table } from '../format.js';
import { apiClient } from './api.js';

type Suggestions = Awaited<ReturnType<typeof suggestQueueSlots>>;

const DAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

export const queueSuggest: Command = {
  name: 'queue suggest',
  summary: "the account's best weekly slots from its own history; --apply makes them its queue",
  help: `Usage: pillars queue suggest <accountId> [--apply]

Score the account's posts of the last 16 weeks by weekday and hour in the brand's time zone
(engagement rate by impressions, or engagements where the network has no impressions) and show
the best slots. With --apply, they become the account's weekly queue slots
(PUT /accounts/{accountId}/queue), so \`post create --queue\` fills them.

Examples:
  pillars queue suggest x-main
  pillars queue suggest x-main --apply`,
  options: { apply: { type: 'boolean' } },
  positionals: ['accountId'],
  usesApi: true,
  run: async (invocation) => {
    const accountId = invocation.positionals[0] ?? '';
    const client = apiClient(invocation);
    const path = `/accounts/${encodeURIComponent(accountId)}/queue`;
    const response = await client.send({ method: 'GET', path: `${path}/suggestions` });
    const suggestions = response.body as Suggestions;
    const { io } = invocation;
    if (invocation.flags.json === true) {
      io.stdout(`${response.raw}\n`);
      return EXIT_OK;
    }
    if (!('queue' in suggestions) || !suggestions.queue) {
      io.stdout(`no suggestion for ${accountId} yet: ${'reason' in suggestions ? suggestions.reason : 'not enough history'}\n`);
      return EXIT_OK;
    }
    const unit = suggestions.basis === 'engagementRateByImpressions' ? '% engagement rate by impressions' : 'engagements per post';
    io.stdout(`${table(['SLOT', 'SCORE', 'POSTS'], suggestions.slots.map((s) => [
      `${DAY_NAMES[s.weekday]} ${String(s.hour).padStart(2, '0')}:00`, s.score.toFixed(2), String(s.posts),
    ]))}\nscored by ${unit}, from ${suggestions.postsScored} posts; times in ${suggestions.queue.timezone}\n`);
    if (invocation.flags.apply === true) {
      await client.send({ method: 'PUT', path, body: suggestions.queue });
      io.stdout(`${accountId}'s queue now has these ${suggestions.queue.slots.length} weekly slots\n`);
    }
    return EXIT_OK;
  },
};
