import { describe, expect, it } from 'vitest';
import { extractXUrls, measureXText, parseXText, X_MAX_WEIGHTED_LENGTH } from '../../../shared/networks/x/text.js';

// Cases from twitter-text's conformance suite (conformance/validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest,
// i.e. the v3 configuration X uses) and from https://docs.x.com/fundamentals/counting-characters.
const x10 = 'xxxxxxxxxx-';
const CJK_160 = '故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。遥知兄弟登高处，遍插茱萸少一人。';
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const KANA = 'あいうえおかきくけこ';

describe('X weighted text length', () => {
  it.each([
    ['a regular post with a URL', 'Hi http://test.co', 26, true],
    ['just a URL', 'http://test.co', 23, true],
    ['285 Latin characters', `285 chars-${x10.repeat(25)}`, 285, false],
    ['a URL in the middle of a long post', `285 chars- http://www.twitter.com/jack ${x10.repeat(24)}`, 299, false],
    ['a URL at the end of a long post', `${x10.repeat(24)} http://www.twitter.com/jack `, 289, false],
    ['ten URLs', 'https://www.twitter.com/aloha '.repeat(10), 240, true],
    ['160 CJK characters (weight 2 each)', CJK_160, 320, false],
    ['3 Latin + 160 CJK characters', `the${CJK_160}`, 323, false],
    ['160 emoji', '\u{1F637}'.repeat(160), 320, false],
    ['a 282-character post with a normalised accent', `282 chars-${x10.repeat(24)}xxxxx\u0041\u0301x`, 281, false],
    ['Latin, emoji, a BMP symbol and a ZWJ family', `H\u{1F431}\u263A${FAMILY}`, 7, true],
    ['five emoji inside and outside the BMP', '\u{1F637}\u{1F47E}\u{1F621}\u{1F525}\u{1F4A9}', 10, true],
    ['emoji with skin tone and ZWJ', '\u{1F64B}\u{1F3FD}\u{1F468}\u200D\u{1F3A4}', 4, true],
    ['general punctuation, spaces weighing 1', 'This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B \u2010 \u2011 \u2012 \u2013 \u2014 \u2015 \u2016  \u2017 \u2018 \u2019 \u201A \u201B \u201C \u201D \u201E \u201F \u2032 \u2033 \u2034 \u2035 \u2036 \u2037', 110, true],
    ['a 64-character label is not a domain', 'randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com', 68, true],
    ['140 family emoji', FAMILY.repeat(140), 280, true],
    ['Unicode 10 emoji and a tag-sequence flag', 'Unicode 10.0 emoji: \u{1F92A}; \u{1F9D5}; \u{1F9D5}\u{1F3FE}; \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', 34, true],
    ['Unicode 9 emoji', 'Unicode 9.0 emoji: \u{1F920}; \u{1F483}; \u{1F483}\u{1F3FE}', 29, true],
    ['invalid characters', 'ABC\u202A\uFFFFABC\uFFFE', 12, false],
    ['directional marks around an IDN URL', '\u2066\u202Ahttp://foobar.\u067E\u0627\u06A9\u0633\u062A\u0627\u0646/\u202C\u2069', 31, true],
    ['an IDN host longer than 63 punycode characters is no URL', `${KANA.repeat(12)} http://${KANA.repeat(5)}あいう.com`, 358, false],
    ['an IDN host within 63 punycode characters is a URL', `${KANA.repeat(12)} http://${KANA.repeat(5)}あい.com`, 264, true],
  ])('counts %s', (_description, text, weightedLength, valid) => {
    expect(parseXText(text)).toMatchObject({ weightedLength, valid });
  });

  it('counts every URL as 23, with or without a scheme (docs examples)', () => {
    expect(measureXText('https://example.com')).toBe(23);
    expect(measureXText('https://example.com/very/long/path')).toBe(23);
    expect(measureXText('test.com')).toBe(23);
    expect(measureXText('Test https://test.com test https://test.com test.com test')).toBe(86);
    expect(measureXText('Hello, world! \u{1F44B}')).toBe(16);
  });

  it('normalises to NFC before counting: café composed or decomposed is 4', () => {
    expect(measureXText('caf\u00E9')).toBe(4);
    expect(measureXText('cafe\u0301')).toBe(4);
  });

  it('rejects hosts X would not link and keeps trailing punctuation out of URLs', () => {
    expect(extractXUrls('see https://example.com/a. (and https://example.org/b)').map((u) => u.url)).toEqual([
      'https://example.com/a',
      'https://example.org/b',
    ]);
    expect(extractXUrls('http://www.-domain4352.com/ http://domain-dash_2314352345_dfasd.foo-cow_4352.com')).toEqual([]);
    expect(extractXUrls('mail bob@example.com or visit foo.jp or foo.jp/path')).toEqual([
      { start: 40, end: 51, url: 'foo.jp/path' },
    ]);
    expect(extractXUrls('http://user:PASSW0RD@example.com:8080/login.php ok').map((u) => u.url)).toEqual([
      'http://user:PASSW0RD@example.com:8080/login.php',
    ]);
  });

  it('accepts exactly 280 and rejects 281, and empty text is invalid', () => {
    expect(parseXText('a'.repeat(X_MAX_WEIGHTED_LENGTH))).toMatchObject({ weightedLength: 280, valid: true, permillage: 1000 });
    expect(parseXText('a'.repeat(281)).valid).toBe(false);
    expect(parseXText('').valid).toBe(false);
  });
});
