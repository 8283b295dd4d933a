/** The brand's publishing queue by hand: is it paused, pause it (crisis mode), resume it. */
import type { PauseState, resumeQueue } from '../../shared/publishing/queue-pause.js';
import { requiredFlag, type Command } from '../command.js';
import { fields, localMinute } from '../format.js';
import { callApi } from './api.js';

type ResumeResult = Awaited<ReturnType<typeof resumeQueue>>;

const render = (state: PauseState) => (state.paused
  ? fields([['queue', 'paused'], ['cause', state.cause], ['reason', state.reason], ['since', state.since && localMinute(state.since)]])
  : fields([['queue', 'running']]));

export const queueStatus: Command = {
  name: 'queue status',
  summary: "whether the brand's publishing queue is paused, why and since when",
  help: `Usage: pillars queue status

Show whether publishing is paused (by hand or by a detected crisis), why, and since when.

Examples:
  pillars queue status
  pillars queue status --json`,
  options: {},
  positionals: [],
  usesApi: true,
  run: (invocation) => callApi<PauseState>(invocation, { method: 'GET', path: '/queue' }, render),
};

export const queuePause: Command = {
  name: 'queue pause',
  summary: 'pause publishing: due posts are held until it resumes',
  help: `Usage: pillars queue pause --reason <text>

Pause the brand's publishing, as crisis mode does. Posts that fall due meanwhile are held, not
published and not lost; \`pillars queue resume\` reschedules them.

Flags:
  --reason <text>   why, shown to the team (e.g. "product recall")

Examples:
  pillars queue pause --reason "product recall"`,
  options: { reason: { type: 'string' } },
  positionals: [],
  usesApi: true,
  run: (invocation) => callApi<PauseState>(invocation, { method: 'POST', path: '/queue/pause', body: { reason: requiredFlag(invocation, 'reason') } }, render),
};

export const queueResume: Command = {
  name: 'queue resume',
  summary: 'resume publishing; held posts are rescheduled',
  help: `Usage: pillars queue resume

Resume the brand's publishing. Posts held during the pause are rescheduled a few minutes apart;
those whose time passed long ago go back to draft (see the README, "Crisis mode").

Examples:
  pillars queue resume`,
  options: {},
  positionals: [],
  usesApi: true,
  run: (invocation) => callApi<ResumeResult>(invocation, { method: 'POST', path: '/queue/resume' }, (result) => (result.resumed
    ? `queue resumed: ${result.rescheduled} held post(s) rescheduled, ${result.returnedToDraft} returned to draft`
    : 'the queue was not paused; nothing changed')),
};
