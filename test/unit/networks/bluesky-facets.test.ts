import { describe, expect, it } from 'vitest';
import {
  buildFacets,
  countGraphemes,
  detectFacetCandidates,
  utf8Length,
  utf8Offset,
  type HandleResolver,
} from '../../../shared/networks/bluesky/facets.js';

const bytes = (text: string, from: number, to: number): string => Buffer.from(text, 'utf8').subarray(from, to).toString('utf8');
const resolver = (known: Record<string, string>): HandleResolver => async (handle) => known[handle];

describe('Bluesky facets', () => {
  it('measures graphemes and UTF-8 bytes', () => {
    expect(countGraphemes('👍🏽 café 👨‍👩‍👧‍👦')).toBe(8);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('👍')).toBe(4);
    expect(utf8Offset('aé👍b', 4)).toBe(1 + 2 + 4);
  });

  it('gives a link after emoji and accents its UTF-8 byte range, not its UTF-16 one', () => {
    // Prepare: 🎉 is 2 UTF-16 units but 4 bytes; é is 1 unit but 2 bytes.
    const text = '🎉 Café déjà vu: https://example.com/a';

    // Act
    const [link] = detectFacetCandidates(text);

    // Assess
    expect(link).toMatchObject({ kind: 'link', value: 'https://example.com/a', start: 17, end: 38 });
    expect(link?.byteStart).toBe(4 + 1 + 'Café déjà vu: '.length + 3);
    expect(link?.byteEnd).toBe(utf8Length(text));
    expect(bytes(text, link?.byteStart ?? 0, link?.byteEnd ?? 0)).toBe('https://example.com/a');
  });

  it('detects mentions and tags with byte offsets that slice back to the source text', () => {
    const text = 'Merci @alice.bsky.social! 👩🏽‍💻 #TypeScript et #café, pas #123 ni a#b';

    const found = detectFacetCandidates(text);

    expect(found.map((f) => [f.kind, f.value, bytes(text, f.byteStart, f.byteEnd)])).toEqual([
      ['mention', 'alice.bsky.social', '@alice.bsky.social'],
      ['tag', 'TypeScript', '#TypeScript'],
      ['tag', 'café', '#café'],
    ]);
  });

  it('trims trailing punctuation and unbalanced parentheses from links, and links bare domains on known TLDs', () => {
    const text = 'See (https://example.com/x), https://en.wikipedia.org/wiki/Foo_(bar). Or pillars.dev/docs, not notes.txt.';

    const links = detectFacetCandidates(text).filter((f) => f.kind === 'link').map((f) => [f.value, bytes(text, f.byteStart, f.byteEnd)]);

    expect(links).toEqual([
      ['https://example.com/x', 'https://example.com/x'],
      ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
      ['https://pillars.dev/docs', 'pillars.dev/docs'],
    ]);
  });

  it('ignores @ and # that are not mentions or tags', () => {
    expect(detectFacetCandidates('mail bob@example.org, @bob alone, https://example.com/#frag and @@x.y')).toEqual([
      expect.objectContaining({ kind: 'link', value: 'https://example.com/#frag' }),
    ]);
  });

  it('builds facets with resolved DIDs, leaving unknown handles as plain text', async () => {
    const text = 'Hi @alice.test and @ghost.test #launch';

    const facets = await buildFacets(text, resolver({ 'alice.test': 'did:plc:alice' }));

    expect(facets).toEqual([
      { $type: 'app.bsky.richtext.facet', index: { byteStart: 3, byteEnd: 14 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:alice' }] },
      { $type: 'app.bsky.richtext.facet', index: { byteStart: 31, byteEnd: 38 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'launch' }] },
    ]);
  });

  it('always links the appended link, with its byte range after multi-byte text', async () => {
    const link = 'https://example.com/ünïcode?q=1';
    const text = `Ça marche 👍🏽\n\n${link}`;

    const facets = await buildFacets(text, resolver({}), link);

    expect(facets).toHaveLength(1);
    const index = facets[0]?.index ?? { byteStart: 0, byteEnd: 0 };
    expect(index.byteEnd).toBe(utf8Length(text));
    expect(bytes(text, index.byteStart, index.byteEnd)).toBe(link);
    expect(facets[0]?.features).toEqual([{ $type: 'app.bsky.richtext.facet#link', uri: link }]);
  });

  it('resolves each handle once even when mentioned twice', async () => {
    const calls: string[] = [];
    const resolve: HandleResolver = async (handle) => {
      calls.push(handle);
      return 'did:plc:bob';
    };

    const facets = await buildFacets('@bob.test @Bob.test', resolve);

    expect(calls).toEqual(['bob.test']);
    expect(facets.map((f) => f.index)).toEqual([{ byteStart: 0, byteEnd: 9 }, { byteStart: 10, byteEnd: 19 }]);
  });
});
