import { describe, expect, it } from 'vitest';
import { buildFacets, countGraphemes, type Facet, type HandleResolver } from '../../../shared/networks/bluesky/facets.js';

const resolver = (known: Record<string, string>): HandleResolver => async (handle) => known[handle];
const noHandles = resolver({});

/** Each facet as [the text its UTF-8 byte range covers, its feature]: a wrong offset shows as wrong text. */
function covered(text: string, facets: Facet[]): [string, unknown][] {
  const bytes = Buffer.from(text, 'utf8');
  return facets.map((f) => [bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'), f.features[0]]);
}
const link = (uri: string) => ({ $type: 'app.bsky.richtext.facet#link', uri });
const tag = (name: string) => ({ $type: 'app.bsky.richtext.facet#tag', tag: name });
const mention = (did: string) => ({ $type: 'app.bsky.richtext.facet#mention', did });

describe('countGraphemes', () => {
  it('counts what a reader sees as one character once: emoji with skin tones and families, accents', () => {
    expect(countGraphemes('👍🏽 café 👨‍👩‍👧‍👦')).toBe(8);
    expect(countGraphemes('Zażółć gęślą jaźń')).toBe(17);
  });
});

describe('buildFacets', () => {
  it('gives every facet its UTF-8 byte range after Polish letters and emoji, not its UTF-16 one', async () => {
    // ż, ó, ł, ć, ę, ś, ą, ź, ń are 2 bytes and 1 UTF-16 unit; 🎉 is 4 bytes and 2 units; 👩🏽‍💻 is 15 bytes.
    const text = 'Zażółć gęślą jaźń 🎉 https://example.com/a 👩🏽‍💻 #jaźń @ala.bsky.social $CDR';

    const facets = await buildFacets(text, resolver({ 'ala.bsky.social': 'did:plc:ala' }));

    expect(covered(text, facets)).toEqual([
      ['https://example.com/a', link('https://example.com/a')],
      ['#jaźń', tag('jaźń')],
      ['@ala.bsky.social', mention('did:plc:ala')],
      ['$CDR', tag('$CDR')],
    ]);
    expect(facets[0]!.index).toEqual({ byteStart: 'Zażółć gęślą jaźń 🎉 '.length + 9 + 2, byteEnd: 'Zażółć gęślą jaźń 🎉 https://example.com/a'.length + 9 + 2 });
  });

  it('links bare domains on any IANA top-level domain, with their path and query, and not file names', async () => {
    const text = 'Promocja na sklep.pl/promocja, kod na rabaty.com.pl?kod=LATO&utm_source=bsky i cennik.pdf w notes.txt';

    expect(covered(text, await buildFacets(text, noHandles))).toEqual([
      ['sklep.pl/promocja', link('https://sklep.pl/promocja')],
      ['rabaty.com.pl?kod=LATO&utm_source=bsky', link('https://rabaty.com.pl?kod=LATO&utm_source=bsky')],
    ]);
  });

  it('takes one closing sentence mark and an unbalanced parenthesis off a link, keeping the quotes and parentheses that belong to it', async () => {
    const text = 'Zobacz https://example.com/a. (https://example.com/x) https://pl.wikipedia.org/wiki/Kraków_(ujednoznacznienie) https://example.com/szukaj?q="pillars"';

    expect(covered(text, await buildFacets(text, noHandles)).map(([, feature]) => feature)).toEqual([
      link('https://example.com/a'),
      link('https://example.com/x'),
      link('https://pl.wikipedia.org/wiki/Kraków_(ujednoznacznienie)'),
      link('https://example.com/szukaj?q="pillars"'),
    ]);
  });

  it('treats as mentions only handles on a real top-level domain (or .test), and asks for nothing else', async () => {
    const asked: string[] = [];
    const resolve: HandleResolver = async (handle) => {
      asked.push(handle);
      return `did:plc:${handle.split('.')[0]}`;
    };
    const text = 'Dzięki @ala.bsky.social, @jan.kowalski, @bob.test i @ewa; pisz na ola@example.org';

    const facets = await buildFacets(text, resolve);

    expect(asked).toEqual(['ala.bsky.social', 'bob.test']);
    expect(covered(text, facets)).toEqual([
      ['@ala.bsky.social', mention('did:plc:ala')],
      ['@bob.test', mention('did:plc:bob')],
    ]);
  });

  it('leaves a handle that does not exist as plain text, and looks each handle up once whatever its case', async () => {
    const asked: string[] = [];
    const resolve: HandleResolver = async (handle) => {
      asked.push(handle);
      return handle === 'bob.test' ? 'did:plc:bob' : undefined;
    };

    const facets = await buildFacets('@bob.test @Bob.test @ghost.test', resolve);

    expect(asked).toEqual(['bob.test', 'ghost.test']);
    expect(facets.map((f) => f.index)).toEqual([{ byteStart: 0, byteEnd: 9 }, { byteStart: 10, byteEnd: 19 }]);
  });

  it('lets a failed lookup propagate rather than post a mention without a DID', async () => {
    const outage: HandleResolver = async () => {
      throw new Error('resolveHandle timed out');
    };

    await expect(buildFacets('Hej @ala.bsky.social', outage)).rejects.toThrow('resolveHandle timed out');
  });

  it('tags #hashtags without the # or trailing punctuation, and not numbers or a # inside a word', async () => {
    const text = 'Start #lancement, #Zażółć! #2026 a#b #café';

    expect(covered(text, await buildFacets(text, noHandles))).toEqual([
      ['#lancement', tag('lancement')],
      ['#Zażółć', tag('Zażółć')],
      ['#café', tag('café')],
    ]);
  });

  it('tags $cashtags in upper case with their $, for tickers of one to five characters starting with a letter', async () => {
    const text = 'Kurs $cdr rośnie, $PKO. też; $5 i $TOOLONG nie';

    expect(covered(text, await buildFacets(text, noHandles))).toEqual([
      ['$cdr', tag('$CDR')],
      ['$PKO', tag('$PKO')],
    ]);
  });

  it('links the appended link whole, with its byte range after multi-byte text, even where detection would cut it', async () => {
    const appended = 'https://example.com/łódź?q=1)';
    const text = `Ça marche 👍🏽 #nowość\n\n${appended}`;

    const facets = await buildFacets(text, noHandles, appended);

    expect(covered(text, facets)).toEqual([['#nowość', tag('nowość')], [appended, link(appended)]]);
    expect(facets.at(-1)!.index.byteEnd).toBe(Buffer.byteLength(text));
  });

  it('answers no facets for plain text', async () => {
    expect(await buildFacets('Zwykły tekst bez niczego.', noHandles)).toEqual([]);
  });
});
