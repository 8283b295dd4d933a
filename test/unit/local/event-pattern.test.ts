import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern, validatePattern } from '../../../local/aws/event-pattern.js';

const detail = {
  brandId: 'brand-01',
  network: 'mastodon',
  status: 'PUBLISHED',
  postUrl: 'https://mastodon.social/@pillars/112233',
  attempts: 3,
  score: 4.5,
  dryRun: false,
  scheduledFor: null,
  caption: '',
  tags: ['launch', 'promo'],
  matrix: [['a', 'b'], ['c']],
  author: { handle: '@ana@mastodon.social', ip: '10.0.0.17', ipv6: '2001:db8:0:0:1:0:0:17', followers: 1200 },
  media: [
    { kind: 'image', bytes: 2048 },
    { kind: 'video', bytes: 900_000 },
  ],
  emptyList: [],
};

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Post Published',
  source: 'pillars.publishing',
  account: '123456789012',
  time: '2026-03-10T10:15:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:dynamodb:eu-central-1:123456789012:table/pillars', 'arn:aws:sqs:eu-central-1:123456789012:dlq'],
  detail,
};

/** A pattern on the detail only, so each test shows just the part under test. */
const onDetail = (pattern: Record<string, unknown>): boolean => matchesPattern({ detail: pattern }, event);

describe('exact values', () => {
  it('matches envelope strings', () => {
    expect(matchesPattern({ source: ['pillars.publishing'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['pillars.publishing'], 'detail-type': ['Post Published'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['pillars.strategy'] }, event)).toBe(false);
    expect(matchesPattern({ source: ['pillars.publishing'], 'detail-type': ['Post Failed'] }, event)).toBe(false);
  });

  it('matches when any value in the pattern array matches', () => {
    expect(matchesPattern({ source: ['pillars.strategy', 'pillars.publishing'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['pillars.strategy', 'pillars.listening'] }, event)).toBe(false);
  });

  it('is case sensitive', () => {
    expect(onDetail({ status: ['published'] })).toBe(false);
  });

  it('compares numbers numerically and never against strings', () => {
    expect(onDetail({ attempts: [3] })).toBe(true);
    expect(onDetail({ attempts: [3.0] })).toBe(true);
    expect(onDetail({ score: [4.50] })).toBe(true);
    expect(onDetail({ attempts: [4] })).toBe(false);
    expect(onDetail({ attempts: ['3'] })).toBe(false);
    expect(matchesPattern({ account: [123456789012] }, event)).toBe(false);
  });

  it('matches booleans by value and type', () => {
    expect(onDetail({ dryRun: [false] })).toBe(true);
    expect(onDetail({ dryRun: [true] })).toBe(false);
    expect(onDetail({ dryRun: ['false'] })).toBe(false);
  });

  it('matches null only against null', () => {
    expect(onDetail({ scheduledFor: [null] })).toBe(true);
    expect(onDetail({ caption: [null] })).toBe(false);
    expect(onDetail({ missing: [null] })).toBe(false);
  });

  it('matches the empty string only against the empty string', () => {
    expect(onDetail({ caption: [''] })).toBe(true);
    expect(onDetail({ network: [''] })).toBe(false);
    expect(onDetail({ scheduledFor: [''] })).toBe(false);
  });

  it('requires every field of the pattern', () => {
    expect(onDetail({ network: ['mastodon'], attempts: [3] })).toBe(true);
    expect(onDetail({ network: ['mastodon'], attempts: [4] })).toBe(false);
    expect(onDetail({ network: ['mastodon'], missing: ['x'] })).toBe(false);
  });
});

describe('arrays in the event', () => {
  it('matches when any element matches', () => {
    expect(matchesPattern({ resources: ['arn:aws:sqs:eu-central-1:123456789012:dlq'] }, event)).toBe(true);
    expect(onDetail({ tags: ['promo'] })).toBe(true);
    expect(onDetail({ tags: ['other', 'launch'] })).toBe(true);
    expect(onDetail({ tags: ['other'] })).toBe(false);
  });

  it('flattens nested arrays', () => {
    expect(onDetail({ matrix: ['c'] })).toBe(true);
    expect(onDetail({ matrix: ['d'] })).toBe(false);
  });

  it('matches nested patterns against objects inside arrays', () => {
    expect(onDetail({ media: { kind: ['video'] } })).toBe(true);
    expect(onDetail({ media: { kind: ['audio'] } })).toBe(false);
  });

  it('takes fields matched together from the same array element', () => {
    expect(onDetail({ media: { kind: ['video'], bytes: [{ numeric: ['>', 100_000] }] } })).toBe(true);
    expect(onDetail({ media: { kind: ['image'], bytes: [{ numeric: ['>', 100_000] }] } })).toBe(false);
  });
});

describe('nested objects', () => {
  it('recurses into event objects', () => {
    expect(onDetail({ author: { handle: ['@ana@mastodon.social'] } })).toBe(true);
    expect(onDetail({ author: { handle: ['@bob@mastodon.social'] } })).toBe(false);
  });

  it('does not match a nested pattern against a leaf, nor a leaf pattern against an object', () => {
    expect(onDetail({ network: { name: ['mastodon'] } })).toBe(false);
    expect(onDetail({ author: ['@ana@mastodon.social'] })).toBe(false);
  });

  it('does not match a missing branch or a non-object event', () => {
    expect(onDetail({ missing: { handle: ['x'] } })).toBe(false);
    expect(matchesPattern({ source: ['pillars.publishing'] }, 'pillars.publishing')).toBe(false);
    expect(matchesPattern({ source: ['pillars.publishing'] }, null)).toBe(false);
  });
});

describe('prefix and suffix', () => {
  it('prefix matches the start of a string', () => {
    expect(matchesPattern({ source: [{ prefix: 'pillars.' }] }, event)).toBe(true);
    expect(matchesPattern({ region: [{ prefix: 'us-' }] }, event)).toBe(false);
    expect(matchesPattern({ source: [{ prefix: 'Pillars.' }] }, event)).toBe(false);
    expect(matchesPattern({ resources: [{ prefix: 'arn:aws:sqs:' }] }, event)).toBe(true);
  });

  it('an empty prefix or suffix matches every string, the empty one included, but nothing else', () => {
    expect(onDetail({ caption: [{ prefix: '' }] })).toBe(true);
    expect(onDetail({ network: [{ suffix: '' }] })).toBe(true);
    expect(onDetail({ scheduledFor: [{ prefix: '' }] })).toBe(false);
    expect(onDetail({ attempts: [{ suffix: '' }] })).toBe(false);
  });

  it('prefix never matches a number', () => {
    expect(onDetail({ attempts: [{ prefix: '3' }] })).toBe(false);
  });

  it('prefix with equals-ignore-case ignores case', () => {
    expect(matchesPattern({ source: [{ prefix: { 'equals-ignore-case': 'PILLARS.' } }] }, event)).toBe(true);
    expect(matchesPattern({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, event)).toBe(false);
  });

  it('suffix matches the end of a string', () => {
    expect(onDetail({ postUrl: [{ suffix: '/112233' }] })).toBe(true);
    expect(onDetail({ postUrl: [{ suffix: '/999' }] })).toBe(false);
    expect(onDetail({ attempts: [{ suffix: '3' }] })).toBe(false);
  });

  it('suffix with equals-ignore-case ignores case', () => {
    expect(onDetail({ author: { handle: [{ suffix: { 'equals-ignore-case': '@MASTODON.SOCIAL' } }] } })).toBe(true);
    expect(onDetail({ author: { handle: [{ suffix: { 'equals-ignore-case': '@BSKY.SOCIAL' } }] } })).toBe(false);
  });
});

describe('equals-ignore-case', () => {
  it('matches a string in any case', () => {
    expect(onDetail({ status: [{ 'equals-ignore-case': 'published' }] })).toBe(true);
    expect(onDetail({ status: [{ 'equals-ignore-case': 'failed' }] })).toBe(false);
    expect(onDetail({ status: [{ 'equals-ignore-case': 'publish' }] })).toBe(false);
  });
});

describe('anything-but', () => {
  it('excludes a single string or number', () => {
    expect(onDetail({ status: [{ 'anything-but': 'FAILED' }] })).toBe(true);
    expect(onDetail({ status: [{ 'anything-but': 'PUBLISHED' }] })).toBe(false);
    expect(onDetail({ attempts: [{ 'anything-but': 5 }] })).toBe(true);
    expect(onDetail({ attempts: [{ 'anything-but': 3 }] })).toBe(false);
  });

  it('excludes a list of strings or numbers', () => {
    expect(onDetail({ status: [{ 'anything-but': ['FAILED', 'QUEUED'] }] })).toBe(true);
    expect(onDetail({ status: [{ 'anything-but': ['FAILED', 'PUBLISHED'] }] })).toBe(false);
    expect(onDetail({ attempts: [{ 'anything-but': [1, 2] }] })).toBe(true);
    expect(onDetail({ attempts: [{ 'anything-but': [1, 3] }] })).toBe(false);
  });

  it('is type sensitive', () => {
    expect(onDetail({ attempts: [{ 'anything-but': '3' }] })).toBe(true);
  });

  it('never matches a missing field', () => {
    expect(onDetail({ missing: [{ 'anything-but': 'x' }] })).toBe(false);
  });

  it('matches an event array when any element is not excluded', () => {
    expect(onDetail({ tags: [{ 'anything-but': 'launch' }] })).toBe(true);
    expect(onDetail({ tags: [{ 'anything-but': ['launch', 'promo'] }] })).toBe(false);
  });

  it('excludes by prefix and suffix', () => {
    expect(matchesPattern({ region: [{ 'anything-but': { prefix: 'us-' } }] }, event)).toBe(true);
    expect(matchesPattern({ region: [{ 'anything-but': { prefix: 'eu-' } }] }, event)).toBe(false);
    expect(matchesPattern({ region: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] }, event)).toBe(false);
    expect(onDetail({ postUrl: [{ 'anything-but': { suffix: '.png' } }] })).toBe(true);
    expect(onDetail({ postUrl: [{ 'anything-but': { suffix: '2233' } }] })).toBe(false);
  });

  it('lets non-strings through the string forms', () => {
    expect(onDetail({ attempts: [{ 'anything-but': { prefix: '3' } }] })).toBe(true);
  });

  it('excludes ignoring case', () => {
    expect(onDetail({ status: [{ 'anything-but': { 'equals-ignore-case': 'failed' } }] })).toBe(true);
    expect(onDetail({ status: [{ 'anything-but': { 'equals-ignore-case': 'published' } }] })).toBe(false);
    expect(onDetail({ status: [{ 'anything-but': { 'equals-ignore-case': ['failed', 'Published'] } }] })).toBe(false);
  });

  it('excludes by a list of suffixes', () => {
    expect(onDetail({ postUrl: [{ 'anything-but': { suffix: ['.png', '.jpg'] } }] })).toBe(true);
    expect(onDetail({ postUrl: [{ 'anything-but': { suffix: ['.png', '/112233'] } }] })).toBe(false);
  });

  it('excludes by wildcard', () => {
    expect(onDetail({ postUrl: [{ 'anything-but': { wildcard: 'https://bsky.app/*' } }] })).toBe(true);
    expect(onDetail({ postUrl: [{ 'anything-but': { wildcard: 'https://mastodon.social/*' } }] })).toBe(false);
  });

  it('excludes by a list of wildcards', () => {
    expect(onDetail({ postUrl: [{ 'anything-but': { wildcard: ['*.png', 'https://bsky.app/*'] } }] })).toBe(true);
    expect(onDetail({ postUrl: [{ 'anything-but': { wildcard: ['*.png', '*/@pillars/*'] } }] })).toBe(false);
  });

  it('lets null, booleans and the empty string through when they are not excluded', () => {
    expect(onDetail({ scheduledFor: [{ 'anything-but': 'x' }] })).toBe(true);
    expect(onDetail({ dryRun: [{ 'anything-but': ['true', 'false'] }] })).toBe(true);
    expect(onDetail({ caption: [{ 'anything-but': 'x' }] })).toBe(true);
    expect(onDetail({ caption: [{ 'anything-but': '' }] })).toBe(false);
  });
});

describe('numeric', () => {
  it('matches a range with open and closed bounds', () => {
    expect(onDetail({ attempts: [{ numeric: ['>', 0, '<=', 3] }] })).toBe(true);
    expect(onDetail({ attempts: [{ numeric: ['>', 0, '<', 3] }] })).toBe(false);
    expect(onDetail({ attempts: [{ numeric: ['>=', 3, '<', 5] }] })).toBe(true);
    expect(onDetail({ attempts: [{ numeric: ['>', 3, '<', 5] }] })).toBe(false);
  });

  it('matches single comparisons', () => {
    expect(onDetail({ score: [{ numeric: ['=', 4.5] }] })).toBe(true);
    expect(onDetail({ score: [{ numeric: ['=', 4] }] })).toBe(false);
    expect(onDetail({ score: [{ numeric: ['<', 5] }] })).toBe(true);
    expect(onDetail({ score: [{ numeric: ['<', 4.5] }] })).toBe(false);
    expect(onDetail({ score: [{ numeric: ['<=', 4.5] }] })).toBe(true);
    expect(onDetail({ score: [{ numeric: ['>', 4.5] }] })).toBe(false);
    expect(onDetail({ score: [{ numeric: ['>=', 4.5] }] })).toBe(true);
    expect(onDetail({ author: { followers: [{ numeric: ['>=', 1000] }] } })).toBe(true);
  });

  it('matches a range closed at both ends', () => {
    expect(onDetail({ attempts: [{ numeric: ['>=', 3, '<=', 3.5] }] })).toBe(true);
    expect(onDetail({ attempts: [{ numeric: ['>=', 1, '<=', 2.999] }] })).toBe(false);
  });

  it('compares exponent and negative forms by value', () => {
    expect(onDetail({ author: { followers: [{ numeric: ['=', 1.2e3] }] } })).toBe(true);
    expect(onDetail({ score: [{ numeric: ['>', -1e9, '<', 4.51] }] })).toBe(true);
    expect(matchesPattern({ detail: { delta: [{ numeric: ['<', 0] }] } }, { detail: { delta: -0.5 } })).toBe(true);
    expect(matchesPattern({ detail: { delta: [{ numeric: ['<', -1] }] } }, { detail: { delta: -0.5 } })).toBe(false);
  });

  it('only matches JSON numbers', () => {
    expect(matchesPattern({ version: [{ numeric: ['=', 0] }] }, event)).toBe(false);
    expect(onDetail({ missing: [{ numeric: ['>', 0] }] })).toBe(false);
  });
});

describe('exists', () => {
  it('exists:true matches a present leaf, null included', () => {
    expect(onDetail({ postUrl: [{ exists: true }] })).toBe(true);
    expect(onDetail({ scheduledFor: [{ exists: true }] })).toBe(true);
    expect(onDetail({ missing: [{ exists: true }] })).toBe(false);
  });

  it('exists:false matches a missing field', () => {
    expect(onDetail({ missing: [{ exists: false }] })).toBe(true);
    expect(onDetail({ postUrl: [{ exists: false }] })).toBe(false);
    expect(matchesPattern({ detail: { author: { nickname: [{ exists: false }] } } }, event)).toBe(true);
  });

  it('exists:false matches a field missing under a missing parent', () => {
    expect(onDetail({ missing: { deeper: [{ exists: false }] } })).toBe(true);
  });

  it('only sees leaves: an object or an empty array is not a present leaf', () => {
    expect(onDetail({ author: [{ exists: true }] })).toBe(false);
    expect(onDetail({ author: [{ exists: false }] })).toBe(true);
    expect(onDetail({ emptyList: [{ exists: false }] })).toBe(true);
    expect(onDetail({ tags: [{ exists: true }] })).toBe(true);
  });
});

describe('cidr', () => {
  it('matches IPv4 addresses inside the block', () => {
    expect(onDetail({ author: { ip: [{ cidr: '10.0.0.0/24' }] } })).toBe(true);
    expect(onDetail({ author: { ip: [{ cidr: '10.0.1.0/24' }] } })).toBe(false);
    expect(onDetail({ author: { ip: [{ cidr: '10.0.0.16/30' }] } })).toBe(true);
    expect(onDetail({ author: { ip: [{ cidr: '10.0.0.20/30' }] } })).toBe(false);
    expect(onDetail({ author: { ip: [{ cidr: '0.0.0.0/0' }] } })).toBe(true);
  });

  it('ignores host bits in the block', () => {
    expect(onDetail({ author: { ip: [{ cidr: '10.0.0.99/24' }] } })).toBe(true);
  });

  it('does not match strings that are not addresses', () => {
    expect(onDetail({ network: [{ cidr: '0.0.0.0/0' }] })).toBe(false);
    expect(onDetail({ attempts: [{ cidr: '0.0.0.0/0' }] })).toBe(false);
    expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '10.0.0.256' })).toBe(false);
  });

  it('matches IPv6 addresses inside the block', () => {
    expect(onDetail({ author: { ipv6: [{ cidr: '2001:db8::/32' }] } })).toBe(true);
    expect(onDetail({ author: { ipv6: [{ cidr: '2001:db8:0:0:1::/80' }] } })).toBe(true);
    expect(onDetail({ author: { ipv6: [{ cidr: '2001:db8::/80' }] } })).toBe(false);
    expect(onDetail({ author: { ipv6: [{ cidr: '2001:db9::/32' }] } })).toBe(false);
    expect(onDetail({ author: { ipv6: [{ cidr: '2001:db8::1:0:0:10/124' }] } })).toBe(true);
    expect(onDetail({ author: { ipv6: [{ cidr: '2001:db8::1:0:0:20/124' }] } })).toBe(false);
    expect(onDetail({ author: { ipv6: [{ cidr: '::/0' }] } })).toBe(true);
  });

  it('reads any spelling of an IPv6 address in the event and the block', () => {
    const at = (ip: string) => ({ detail: { ip } });
    expect(matchesPattern({ detail: { ip: [{ cidr: '2001:DB8::/32' }] } }, at('2001:0db8:0000:0000:0000:0000:0000:0001'))).toBe(true);
    expect(matchesPattern({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, at('2001:DB8::ABCD'))).toBe(true);
    expect(matchesPattern({ detail: { ip: [{ cidr: 'fe80::/10' }] } }, at('fe80::1'))).toBe(true);
    expect(matchesPattern({ detail: { ip: [{ cidr: 'fe80::/10' }] } }, at('fec0::1'))).toBe(false);
  });

  it('keeps the families apart, except for IPv4-mapped IPv6 addresses', () => {
    expect(onDetail({ author: { ip: [{ cidr: '::/0' }] } })).toBe(false);
    expect(onDetail({ author: { ipv6: [{ cidr: '0.0.0.0/0' }] } })).toBe(false);
    expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '::ffff:a00:11' })).toBe(true);
  });

  it('does not match strings that only look like IPv6 addresses', () => {
    for (const ip of ['2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', '2001:db8:12345::1', '2001:db8::g', '::ffff:10.0.0.1', 'a:b']) {
      expect(matchesPattern({ ip: [{ cidr: '::/0' }] }, { ip })).toBe(false);
    }
  });
});

describe('exact IP addresses', () => {
  it('match any spelling of the same address, as event-ruler compares them as addresses', () => {
    expect(onDetail({ author: { ipv6: ['2001:db8::1:0:0:17'] } })).toBe(true);
    expect(onDetail({ author: { ipv6: ['2001:DB8:0000::1:0:0:17'] } })).toBe(true);
    expect(onDetail({ author: { ipv6: ['2001:db8::1:0:0:18'] } })).toBe(false);
    expect(onDetail({ author: { ip: ['10.0.0.17'] } })).toBe(true);
    expect(onDetail({ author: { ip: ['10.0.0.18'] } })).toBe(false);
  });
});

describe('wildcard', () => {
  it('matches * against any run of characters', () => {
    expect(onDetail({ postUrl: [{ wildcard: 'https://*.social/*' }] })).toBe(true);
    expect(onDetail({ postUrl: [{ wildcard: 'https://*.app/*' }] })).toBe(false);
    expect(onDetail({ postUrl: [{ wildcard: '*112233' }] })).toBe(true);
    expect(onDetail({ postUrl: [{ wildcard: 'https*' }] })).toBe(true);
    expect(onDetail({ postUrl: [{ wildcard: '*@pillars*' }] })).toBe(true);
    expect(onDetail({ postUrl: [{ wildcard: '*@bob*' }] })).toBe(false);
  });

  it('needs the whole string without a *', () => {
    expect(onDetail({ network: [{ wildcard: 'mastodon' }] })).toBe(true);
    expect(onDetail({ network: [{ wildcard: 'masto' }] })).toBe(false);
  });

  it('does not let the pieces between wildcards overlap', () => {
    expect(matchesPattern({ detail: { code: [{ wildcard: 'ab*ba' }] } }, { detail: { code: 'aba' } })).toBe(false);
    expect(matchesPattern({ detail: { code: [{ wildcard: 'ab*ba' }] } }, { detail: { code: 'abba' } })).toBe(true);
    expect(matchesPattern({ detail: { code: [{ wildcard: 'a*bc*c' }] } }, { detail: { code: 'abc' } })).toBe(false);
    expect(matchesPattern({ detail: { code: [{ wildcard: 'a*bc*c' }] } }, { detail: { code: 'abcc' } })).toBe(true);
  });

  it('treats \\* as a literal asterisk', () => {
    const starred = { detail: { note: 'a*b' } };
    expect(matchesPattern({ detail: { note: [{ wildcard: 'a\\*b' }] } }, starred)).toBe(true);
    expect(matchesPattern({ detail: { note: [{ wildcard: 'a\\*b' }] } }, { detail: { note: 'axb' } })).toBe(false);
  });

  it('never matches a number', () => {
    expect(onDetail({ attempts: [{ wildcard: '*' }] })).toBe(false);
  });
});

describe('$or', () => {
  it('matches when any branch matches, at the top level', () => {
    const pattern = { source: ['pillars.publishing'], $or: [{ 'detail-type': ['Post Failed'] }, { detail: { attempts: [3] } }] };
    expect(matchesPattern(pattern, event)).toBe(true);
    expect(matchesPattern({ ...pattern, source: ['pillars.strategy'] }, event)).toBe(false);
  });

  it('fails when no branch matches', () => {
    expect(onDetail({ $or: [{ network: ['bluesky'] }, { attempts: [{ numeric: ['>', 5] }] }] })).toBe(false);
  });

  it('works inside nested objects and nested $or', () => {
    expect(onDetail({
      $or: [
        { network: ['bluesky'] },
        { $or: [{ status: ['FAILED'] }, { author: { followers: [{ numeric: ['>', 1000] }] } }] },
      ],
    })).toBe(true);
  });

  it('combines with fields outside it at every level', () => {
    const pattern = { detail: { network: ['mastodon'], $or: [{ status: ['FAILED'] }, { author: { ip: [{ cidr: '10.0.0.0/8' }] } }] } };
    expect(matchesPattern(pattern, event)).toBe(true);
    expect(matchesPattern({ detail: { ...pattern.detail, network: ['bluesky'] } }, event)).toBe(false);
  });

  it('combines with exists:false', () => {
    expect(onDetail({ $or: [{ missing: [{ exists: true }] }, { postUrl: [{ exists: false }] }] })).toBe(false);
    expect(onDetail({ $or: [{ missing: [{ exists: false }] }, { postUrl: [{ exists: false }] }] })).toBe(true);
  });
});

describe('validatePattern', () => {
  it('accepts a pattern using every operator', () => {
    expect(() => validatePattern({
      source: ['pillars.publishing', { prefix: 'pillars.' }],
      detail: {
        status: [{ 'anything-but': ['FAILED'] }, { 'equals-ignore-case': 'published' }],
        postUrl: [{ suffix: { 'equals-ignore-case': '.PNG' } }, { wildcard: 'https://*' }],
        attempts: [{ numeric: ['>=', 1, '<', 10] }, 7],
        scheduledFor: [null, { exists: false }],
        author: { ip: [{ cidr: '192.168.0.0/16' }, { cidr: '2001:db8::/32' }, '2001:db8::1'] },
        $or: [{ dryRun: [true] }, { caption: [''] }],
      },
    })).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['a non-object pattern', ['pillars'], 'invalid event pattern at $: an event pattern must be a JSON object'],
    ['a string pattern', '{"source":["x"]}', 'at $: an event pattern must be a JSON object'],
    ['an empty pattern', {}, 'at $: empty objects are not allowed'],
    ['an empty nested object', { detail: {} }, 'at $.detail: empty objects are not allowed'],
    ['a bare value', { source: 'pillars.publishing' }, 'at $.source: must be an object or an array'],
    ['an empty array', { 'detail-type': [] }, 'at $.detail-type: empty arrays are not allowed'],
    ['a nested array', { source: [['a']] }, 'at $.source[0]: match value must be a string, number, boolean, null or an operator object'],
    ['an unknown operator', { detail: { state: ['a', { regex: 'x' }] } }, 'at $.detail.state[1].regex: unrecognized match type "regex"'],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, 'at $.source[0]: only one key allowed in a match expression'],
    ['an empty operator object', { source: [{}] }, 'at $.source[0]: empty objects are not allowed'],
    ['a numeric prefix', { source: [{ prefix: 1 }] }, 'at $.source[0].prefix: must be a string'],
    ['an unsupported prefix option', { source: [{ prefix: { wildcard: 'a' } }] }, 'at $.source[0].prefix: the only operator allowed here is equals-ignore-case'],
    ['a numeric equals-ignore-case', { source: [{ 'equals-ignore-case': 1 }] }, 'at $.source[0].equals-ignore-case: must be a string'],
    ['a non-boolean exists', { detail: { x: [{ exists: 'yes' }] } }, 'at $.detail.x[0].exists: exists must be true or false'],
    ['numeric without an array', { n: [{ numeric: '>0' }] }, 'at $.n[0].numeric: numeric must be an array'],
    ['numeric with three terms', { n: [{ numeric: ['>', 0, '<'] }] }, 'at $.n[0].numeric: numeric takes one comparison or a lower and an upper bound'],
    ['an unknown numeric operator', { n: [{ numeric: ['!=', 0] }] }, 'at $.n[0].numeric[0]: unrecognized numeric operator "!="'],
    ['a non-numeric bound', { n: [{ numeric: ['>', '0'] }] }, 'at $.n[0].numeric[0]: the value after ">" must be a number'],
    ['a range starting with an upper bound', { n: [{ numeric: ['<', 5, '>', 0] }] }, 'at $.n[0].numeric[0]: a numeric range must start with > or >='],
    ['a range ending with =', { n: [{ numeric: ['>', 0, '=', 5] }] }, 'at $.n[0].numeric[2]: a numeric range must end with < or <='],
    ['a reversed range', { n: [{ numeric: ['>', 5, '<', 1] }] }, 'at $.n[0].numeric: the lower bound must be less than the upper bound'],
    ['a mixed anything-but list', { s: [{ 'anything-but': ['a', 1] }] }, 'at $.s[0].anything-but: anything-but takes a string, a number, or an array'],
    ['a boolean anything-but', { s: [{ 'anything-but': true }] }, 'at $.s[0].anything-but: anything-but takes a string'],
    ['an empty anything-but list', { s: [{ 'anything-but': [] }] }, 'at $.s[0].anything-but: empty arrays are not allowed'],
    ['an empty anything-but prefix', { s: [{ 'anything-but': { prefix: '' } }] }, 'at $.s[0].anything-but.prefix: an empty prefix is not allowed in anything-but'],
    ['an unsupported anything-but operator', { s: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'at $.s[0].anything-but.numeric: anything-but does not support "numeric"'],
    ['a numeric anything-but suffix', { s: [{ 'anything-but': { suffix: ['a', 2] } }] }, 'at $.s[0].anything-but.suffix[1]: must be a string'],
    ['a malformed cidr', { ip: [{ cidr: '10.0.0/24' }] }, 'at $.ip[0].cidr: "10.0.0/24" is not a CIDR block such as 10.0.0.0/24 or 2001:db8::/32'],
    ['a cidr without mask', { ip: [{ cidr: '10.0.0.1' }] }, 'at $.ip[0].cidr: "10.0.0.1" is not a CIDR block'],
    ['a cidr octet above 255', { ip: [{ cidr: '10.0.0.256/24' }] }, 'is not a CIDR block'],
    ['a cidr with a negative mask', { ip: [{ cidr: '10.0.0.0/-1' }] }, 'at $.ip[0].cidr: "10.0.0.0/-1" is not a CIDR block'],
    ['a cidr with two masks', { ip: [{ cidr: '10.0.0.0/8/8' }] }, 'is not a CIDR block'],
    ['a numeric cidr', { ip: [{ cidr: 10 }] }, 'at $.ip[0].cidr: must be a string'],
    ['a /32 cidr', { ip: [{ cidr: '10.0.0.1/32' }] }, 'at $.ip[0].cidr: IPv4 mask bits must be < 32'],
    ['a /128 IPv6 cidr', { ip: [{ cidr: '2001:db8::1/128' }] }, 'at $.ip[0].cidr: IPv6 mask bits must be < 128'],
    ['an IPv6 cidr with two ::', { ip: [{ cidr: '2001::db8::/32' }] }, 'at $.ip[0].cidr: "2001::db8::/32" is not a CIDR block'],
    ['an IPv6 cidr with nine groups', { ip: [{ cidr: '1:2:3:4:5:6:7:8:9/64' }] }, 'is not a CIDR block'],
    ['an IPv6 cidr with a five-digit group', { ip: [{ cidr: '2001:0db80::/32' }] }, 'is not a CIDR block'],
    ['an IPv6 cidr in mixed notation', { ip: [{ cidr: '::ffff:10.0.0.0/104' }] }, 'is not a CIDR block'],
    ['a wildcard that is not a string', { s: [{ wildcard: 1 }] }, 'at $.s[0].wildcard: must be a string'],
    ['an exists with a second key', { s: [{ exists: true, prefix: 'a' }] }, 'at $.s[0]: only one key allowed in a match expression'],
    ['a null anything-but', { s: [{ 'anything-but': null }] }, 'at $.s[0].anything-but: anything-but takes a string'],
    ['an anything-but object with two keys', { s: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }, 'at $.s[0].anything-but: only one key allowed in anything-but'],
    ['an anything-but wildcard with a bad escape', { s: [{ 'anything-but': { wildcard: ['a*', 'a\\b'] } }] }, 'at $.s[0].anything-but.wildcard[1]: invalid escape at position 1'],
    ['an anything-but equals-ignore-case number', { s: [{ 'anything-but': { 'equals-ignore-case': [1] } }] }, 'at $.s[0].anything-but.equals-ignore-case[0]: must be a string'],
    ['an empty numeric', { n: [{ numeric: [] }] }, 'at $.n[0].numeric: numeric takes one comparison or a lower and an upper bound'],
    ['an equality inside a range', { n: [{ numeric: ['=', 1, '<', 2] }] }, 'at $.n[0].numeric[0]: a numeric range must start with > or >='],
    ['an equal lower and upper bound', { n: [{ numeric: ['>=', 1, '<=', 1] }] }, 'at $.n[0].numeric: the lower bound must be less than the upper bound'],
    ['an unsupported suffix option', { s: [{ suffix: { prefix: 'a' } }] }, 'at $.s[0].suffix: the only operator allowed here is equals-ignore-case'],
    ['a second key next to suffix equals-ignore-case', { s: [{ suffix: { 'equals-ignore-case': 'a', wildcard: 'b' } }] }, 'at $.s[0].suffix: the only operator allowed here is equals-ignore-case'],
    ['consecutive wildcards', { s: [{ wildcard: 'a**b' }] }, 'at $.s[0].wildcard: consecutive wildcard characters at position 1'],
    ['a bad wildcard escape', { s: [{ wildcard: 'a\\b' }] }, 'at $.s[0].wildcard: invalid escape at position 1'],
    ['$or that is not an array', { $or: { a: ['x'] } }, 'at $.$or: $or must be an array of pattern objects'],
    ['$or with one branch', { $or: [{ a: ['x'] }] }, 'at $.$or: $or needs at least 2 pattern objects'],
    ['$or with a non-object branch', { detail: { $or: [{ a: ['x'] }, ['b']] } }, 'at $.detail.$or[1]: only objects are allowed in $or'],
    ['an operator name as a field inside $or', { $or: [{ prefix: ['x'] }, { a: ['y'] }] }, 'at $.$or[0].prefix: "prefix" is a reserved operator name'],
    ['a comparison name as a field inside $or', { $or: [{ a: ['x'] }, { '>=': [1] }] }, 'at $.$or[1][">="]: ">=" is a reserved operator name'],
    ['a reserved name deep inside $or', { $or: [{ a: { exactly: ['x'] } }, { b: ['y'] }] }, 'at $.$or[0].a.exactly: "exactly" is a reserved operator name'],
    ['an invalid value deep inside $or', { $or: [{ a: ['x'] }, { b: { c: [] } }] }, 'at $.$or[1].b.c: empty arrays are not allowed'],
    ['a field name that needs quoting', { detail: { 'user.name': 'x' } }, 'at $.detail["user.name"]: must be an object or an array'],
  ])('rejects %s', (_, pattern, message) => {
    expect(() => validatePattern(pattern)).toThrow(message);
  });

  it('makes matchesPattern and compilePattern throw the same error', () => {
    expect(() => matchesPattern({ source: [] }, event)).toThrow('at $.source: empty arrays are not allowed');
    expect(() => compilePattern({ source: [] })).toThrow('at $.source: empty arrays are not allowed');
  });

  it('lets reserved names be fields outside $or', () => {
    expect(matchesPattern({ detail: { prefix: ['a'] } }, { detail: { prefix: 'a' } })).toBe(true);
  });
});
