/** The review steps and cancellation: one small command each, over the post's workflow routes. */
import type { Post } from '../../shared/publishing/post.js';
import { stringFlag, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { localMinute } from '../format.js';
import { callApi } from './api.js';

const summaryOf = (post: Post) => `${post.postId}  ${post.status}  due ${localMinute(post.dueAt)}${post.reviewNote ? `  note: ${post.reviewNote}` : ''}`;

function step(name: string, summary: string, route: string, help: string): Command {
  return {
    name: `post ${name}`,
    summary,
    help: `Usage: pillars post ${name} <postId>\n\n${help}\n\nExamples:\n  pillars post ${name} 01JD3Z6V9X8Q2W4E5R6T7Y8M9K`,
    options: {},
    positionals: ['postId'],
    usesApi: true,
    run: async (invocation) => {
      const postId = encodeURIComponent(invocation.positionals[0] ?? '');
      return callApi<Post>(invocation, { method: 'POST', path: `/posts/${postId}/${route}` }, summaryOf);
    },
  };
}

export const postSubmit = step('submit', 'submit a draft for review', 'submit',
  'Send a draft to review; where the brand needs no approval, it is scheduled at once.');
export const postApprove = step('approve', 'approve a post in review, which schedules it', 'approve',
  'Approve a post in review. Its author cannot approve it; approval schedules it for its due time.');

export const postReject: Command = {
  name: 'post reject',
  summary: 'send a post in review back to draft with a note',
  help: `Usage: pillars post reject <postId> --note <text>

Send a post in review back to its author as a draft, with a note saying what to change.

Examples:
  pillars post reject 01JD3Z6V9X8Q2W4E5R6T7Y8M9K --note "Add the price"`,
  options: { note: { type: 'string' } },
  positionals: ['postId'],
  usesApi: true,
  run: async (invocation) => {
    const note = stringFlag(invocation, 'note');
    if (!note) throw new UsageError('--note is required: say what to change', postReject.help);
    const postId = encodeURIComponent(invocation.positionals[0] ?? '');
    return callApi<Post>(invocation, { method: 'POST', path: `/posts/${postId}/reject`, body: { note } }, summaryOf);
  },
};

export const postCancel: Command = {
  name: 'post cancel',
  summary: 'cancel a post that has not gone out',
  help: `Usage: pillars post cancel <postId>

Cancel a post before it is published; its trigger and queue slot are freed.

Examples:
  pillars post cancel 01JD3Z6V9X8Q2W4E5R6T7Y8M9K`,
  options: {},
  positionals: ['postId'],
  usesApi: true,
  run: async (invocation) => {
    const postId = encodeURIComponent(invocation.positionals[0] ?? '');
    return callApi<Post>(invocation, { method: 'DELETE', path: `/posts/${postId}` }, summaryOf);
  },
};
