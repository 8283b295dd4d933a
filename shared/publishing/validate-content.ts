/**
 * A post's content against one network's declared rules, checked at creation (and edit) so a
 * post that cannot go out is refused with every reason at once, naming the network and limit.
 */
import type { FieldIssue } from '../platform/errors.js';
import type { MediaItem, NetworkAdapter } from '../networks/contract.js';

export interface PostContent {
  readonly text: string;
  readonly link?: string;
  readonly media?: readonly MediaItem[];
  readonly thread?: readonly string[];
  readonly firstComment?: string;
}

export function validateForNetwork(adapter: NetworkAdapter, content: PostContent): FieldIssue[] {
  const { network, limits } = adapter;
  const issues: FieldIssue[] = [];
  const length = adapter.measureText(adapter.composeText({ text: content.text, link: content.link }));
  if (length > limits.maxTextLength) {
    issues.push({ field: 'text', message: `is ${length} characters as ${network} counts them (link included); ${network}'s limit is ${limits.maxTextLength}` });
  }
  const media = content.media ?? [];
  if (limits.requiresMedia && media.length === 0) issues.push({ field: 'media', message: `${network} cannot publish text alone; add an image or a video` });
  if (media.length > limits.maxMedia) issues.push({ field: 'media', message: `has ${media.length} items; ${network} takes at most ${limits.maxMedia}` });
  media.forEach((item, index) => {
    if (!limits.mediaKinds.includes(item.kind)) issues.push({ field: `media.${index}.kind`, message: `${network} does not take ${item.kind}; it takes ${limits.mediaKinds.join(', ')}` });
  });
  if (content.thread?.length) {
    if (!limits.threads) issues.push({ field: 'thread', message: `${network} has no threads; put the text in one post` });
    content.thread.forEach((part, index) => {
      const partLength = adapter.measureText(part);
      if (partLength > limits.maxTextLength) issues.push({ field: `thread.${index}`, message: `is ${partLength} characters; ${network}'s limit is ${limits.maxTextLength}` });
    });
  }
  if (content.firstComment !== undefined && !limits.firstComment) {
    issues.push({ field: 'firstComment', message: `${network} has no first comment; use a thread or drop it` });
  }
  return issues;
}
