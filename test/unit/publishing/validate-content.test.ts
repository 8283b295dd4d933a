import { describe, expect, it } from 'vitest';
import { validateForNetwork } from '../../../shared/publishing/validate-content.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import type { NetworkAdapter } from '../../../shared/networks/contract.js';

const mastodon = createMastodonAdapter();
/** Instagram's declared rules on Mastodon's counting, to exercise the media and first-comment rules. */
const mediaOnly: NetworkAdapter = {
  ...mastodon, network: 'instagram',
  limits: { maxTextLength: 2200, maxMedia: 10, mediaKinds: ['image', 'video'], requiresMedia: true, threads: false, firstComment: true },
};

describe('validateForNetwork', () => {
  it('accepts content within the network rules', () => {
    expect(validateForNetwork(mastodon, { text: 'Hello', link: 'https://example.com', thread: ['more'], media: [{ url: 'https://x/a.png', kind: 'image' }] })).toEqual([]);
  });

  it('names the network and the limit for text and every thread part that is too long', () => {
    const issues = validateForNetwork(mastodon, { text: 'a'.repeat(501), thread: ['ok', 'b'.repeat(600)] });
    expect(issues).toEqual([
      { field: 'text', message: expect.stringMatching(/501 characters as mastodon counts.*limit is 500/) },
      { field: 'thread.1', message: expect.stringMatching(/600 characters; mastodon's limit is 500/) },
    ]);
  });

  it('refuses media beyond the count and kinds the network takes, and text alone where media is required', () => {
    expect(validateForNetwork(mediaOnly, { text: 'caption' })).toEqual([{ field: 'media', message: expect.stringContaining('cannot publish text alone') }]);
    const tooMany = Array.from({ length: 5 }, (_, i) => ({ url: `https://x/${i}.png`, kind: 'image' as const }));
    expect(validateForNetwork(mastodon, { text: 'x', media: [...tooMany] })).toEqual([{ field: 'media', message: 'has 5 items; mastodon takes at most 4' }]);
    expect(validateForNetwork(mediaOnly, { text: 'x', media: [{ url: 'https://x/a.gif', kind: 'gif' }] }))
      .toEqual([{ field: 'media.0.kind', message: 'instagram does not take gif; it takes image, video' }]);
  });

  it('refuses a thread or a first comment where the network has none', () => {
    expect(validateForNetwork(mediaOnly, { text: 'x', media: [{ url: 'https://x/a.png', kind: 'image' }], thread: ['two'] }))
      .toEqual([{ field: 'thread', message: expect.stringContaining('instagram has no threads') }]);
    expect(validateForNetwork(mastodon, { text: 'x', firstComment: 'first!' }))
      .toEqual([{ field: 'firstComment', message: expect.stringContaining('mastodon has no first comment') }]);
  });
});
