import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  catalogue, PostFailed, PostPublished, PostPublishedV1, PostScheduled, PostUnconfirmed,
  type CatalogueEntry, type DetailOf,
} from '../../../shared/contracts/events/catalogue.js';
import { parseEvent } from '../../../shared/platform/events/consumer.js';
import { patternFor } from '../../../shared/contracts/events/pattern.js';
import { MalformedEventError } from '../../../shared/platform/errors.js';

const PILLARS = ['strategy', 'publishing', 'listening', 'analytics', 'advertising'];
/** Past participles that do not end in -ed; extend when an event needs one. */
const IRREGULAR_PAST = new Set(['Sent', 'Built', 'Made', 'Paid', 'Lost', 'Won', 'Set', 'Put', 'Read', 'Held']);

const ref = { brandId: 'brand-1', postId: '01J0000000000000000000POST', accountId: 'mastodon-main', network: 'mastodon' };

/** One valid detail per catalogue entry (detail type, and @v<n> past version 1): the versioned samples consumers are tested against. */
const samples: Record<string, Record<string, unknown>> = {
  PostScheduled: { schemaVersion: 1, ...ref, dueAt: '2026-06-01T09:00:00.000Z' },
  PostPublished: {
    schemaVersion: 1, ...ref, networkPostId: '113000000000000000', url: 'https://mastodon.example/@pillars/1',
    dueAt: '2026-06-01T09:00:00.000Z', publishedAt: '2026-06-01T09:00:01.000Z',
  },
  'PostPublished@v2': {
    schemaVersion: 2, ...ref, networkPostId: '113000000000000000', url: 'https://mastodon.example/@pillars/1',
    dueAt: '2026-06-01T09:00:00.000Z', publishedAt: '2026-06-01T09:00:01.000Z',
    text: 'Autumn range is in', link: 'https://shop.example/autumn?utm_source=mastodon', campaign: 'autumn', pillar: 'product',
  },
  PostFailed: { schemaVersion: 1, ...ref, reason: 'Mastodon rejected the token; reconnect the account', errorKind: 'refresh_credentials' },
  PostUnconfirmed: { schemaVersion: 1, ...ref, reason: 'connection to Mastodon lost (ECONNRESET)' },
  CredentialExpiryNoticed: { schemaVersion: 1, brandId: 'brand-a', accountId: 'x-main', network: 'x', expiresAt: '2026-06-03T09:00:00.000Z', daysLeft: 2 },
  QueuePaused: { schemaVersion: 1, brandId: 'brand-a', reason: 'crisis: negative spike', cause: 'crisis' },
  QueueResumed: { schemaVersion: 1, brandId: 'brand-a', rescheduled: 3, returnedToDraft: 1 },
  CrisisDetected: { schemaVersion: 1, brandId: 'brand-a', reason: 'negative mentions 5x baseline', detectedAt: '2026-06-01T09:00:00.000Z' },
  CrisisResolved: { schemaVersion: 1, brandId: 'brand-a', resolvedAt: '2026-06-01T12:00:00.000Z' },
  PostMetricsCollected: {
    schemaVersion: 1, ...ref, slot: 'A00003600', ageMinutes: 61.5, observedAt: '2026-06-01T10:01:31.000Z', partial: false,
    values: { impressions: null, reach: null, reactions: 12, comments: 2, shares: 3, saves: null, clicks: null, videoViews: null },
  },
  AccountMetricsCollected: {
    schemaVersion: 1, brandId: 'brand-a', accountId: 'mastodon-main', network: 'mastodon', day: '2026-06-01',
    observedAt: '2026-06-01T05:30:02.000Z', partial: false, values: { followers: 1204, reach: null, impressions: null, profileVisits: null },
  },
  ReportGenerated: {
    schemaVersion: 1, brandId: 'brand-a', reportId: '01J0000000000000000000REPT', from: '2026-05-25T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z',
    location: 's3://pillars-reports/reports/brand-a/01J0000000000000000000REPT/index.html', trigger: 'schedule',
  },
};

function sampleFor(entry: CatalogueEntry): Record<string, unknown> {
  const name = entry.version === 1 ? entry.detailType : `${entry.detailType}@v${entry.version}`;
  const sample = samples[name];
  if (!sample) throw new Error(`no sample detail for ${name}: add one to this test`);
  return structuredClone(sample);
}

function busEvent(source: string, detailType: string, detail: unknown): EventBridgeEvent<string, unknown> {
  return {
    version: '0', id: 'c0ffee00-0000-4000-8000-000000000000', account: '123456789012', region: 'us-east-1', time: '2026-06-01T09:00:01Z',
    resources: [], source, 'detail-type': detailType, detail,
  };
}

describe('Module: catalogue', () => {
  it.each(catalogue.map((e) => [e.detailType, e] as const))('%s comes from a pillars.<pillar> source', (_, entry) => {
    const [org, pillar] = entry.source.split('.');
    expect(org).toBe('pillars');
    expect(PILLARS).toContain(pillar);
  });

  it.each(catalogue.map((e) => [e.detailType, e] as const))('%s is a PascalCase past-tense fact', (_, entry) => {
    expect(entry.detailType).toMatch(/^(?:[A-Z][a-z0-9]+)+$/);
    const lastWord = entry.detailType.match(/[A-Z][a-z0-9]*$/)?.[0] ?? '';
    expect(lastWord.endsWith('ed') || IRREGULAR_PAST.has(lastWord), `"${lastWord}" is not a past participle`).toBe(true);
  });

  it('declares every version of every detail type once', () => {
    const versions = catalogue.map((e) => `${e.source}/${e.detailType}@${e.version}`);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it.each(catalogue.map((e) => [`${e.detailType} v${e.version}`, e] as const))('%s accepts its versioned sample detail', (_, entry) => {
    const detail = sampleFor(entry);

    expect(entry.schema.safeParse(detail)).toMatchObject({ success: true, data: detail });
    expect(detail.schemaVersion).toBe(entry.version);
  });

  it.each(catalogue.map((e) => [`${e.detailType} v${e.version}`, e] as const))('%s rejects a detail with another schemaVersion', (_, entry) => {
    for (const schemaVersion of [entry.version + 1, entry.version - 1, String(entry.version), undefined]) {
      const result = entry.schema.safeParse({ ...sampleFor(entry), schemaVersion });

      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['schemaVersion']);
    }
  });

  it('rejects a PostFailed errorKind outside the documented kinds', () => {
    const result = PostFailed.schema.safeParse({ ...sampleFor(PostFailed), errorKind: 'oops' });

    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['errorKind']);
  });

  it('rejects times without a time zone', () => {
    const result = PostScheduled.schema.safeParse({ ...sampleFor(PostScheduled), dueAt: '2026-06-01T09:00:00' });

    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['dueAt']);
  });
});

describe('Function: patternFor', () => {
  it('lists the sources and detail types of the given entries', () => {
    expect(patternFor(PostFailed, PostUnconfirmed)).toEqual({ source: ['pillars.publishing'], detailType: ['PostFailed', 'PostUnconfirmed'] });
  });

  it('lists each source and detail type once, in first-seen order', () => {
    const other: CatalogueEntry = { ...PostPublished, source: 'pillars.analytics', detailType: 'MetricsCollected' };

    expect(patternFor(PostPublished, other, PostPublished, PostScheduled)).toEqual({
      source: ['pillars.publishing', 'pillars.analytics'],
      detailType: ['PostPublished', 'MetricsCollected', 'PostScheduled'],
    });
  });
});

describe('Function: parseEvent', () => {
  it('returns the matching entry and the typed detail', () => {
    // Prepare
    const detail = sampleFor(PostPublished);

    // Act
    const parsed = parseEvent([PostPublished], busEvent('pillars.publishing', 'PostPublished', detail));

    // Assess
    expect(parsed.entry).toBe(PostPublished);
    expect(parsed.detail).toEqual(detail);
    expectTypeOf(parsed.detail).toEqualTypeOf<DetailOf<typeof PostPublished>>();
    expectTypeOf(parsed.detail.networkPostId).toBeString();
  });

  it('picks the version the detail names when a consumer reads several versions of one event', () => {
    const v1 = sampleFor(PostPublishedV1);
    const v2 = sampleFor(PostPublished);

    const old = parseEvent([PostPublished, PostPublishedV1], busEvent('pillars.publishing', 'PostPublished', v1));
    const current = parseEvent([PostPublished, PostPublishedV1], busEvent('pillars.publishing', 'PostPublished', v2));

    expect(old.entry).toBe(PostPublishedV1);
    expect(old.detail).toEqual(v1);
    expect(current.entry).toBe(PostPublished);
    expect(current.detail).toEqual(v2);
  });

  it('picks the entry by source and detail type among several', () => {
    const parsed = parseEvent([PostFailed, PostUnconfirmed], busEvent('pillars.publishing', 'PostUnconfirmed', sampleFor(PostUnconfirmed)));

    expect(parsed.entry).toBe(PostUnconfirmed);
  });

  it('drops fields the schema does not declare', () => {
    const parsed = parseEvent([PostScheduled], busEvent('pillars.publishing', 'PostScheduled', { ...sampleFor(PostScheduled), injected: 'x' }));

    expect(parsed.detail).not.toHaveProperty('injected');
  });

  it('throws MalformedEventError naming the missing field', () => {
    const { postId: _postId, ...detail } = sampleFor(PostPublished);

    const parse = () => parseEvent([PostPublished], busEvent('pillars.publishing', 'PostPublished', detail));

    expect(parse).toThrow(MalformedEventError);
    expect(parse).toThrow(/^malformed PostPublished event: detail\.postId: /);
  });

  it('names every bad field, not only the first', () => {
    const detail = { ...sampleFor(PostFailed), errorKind: 'oops', reason: '' };

    const parse = () => parseEvent([PostFailed], busEvent('pillars.publishing', 'PostFailed', detail));

    expect(parse).toThrow(/detail\.reason: .*; detail\.errorKind: /);
  });

  it('throws MalformedEventError for an event it did not subscribe to', () => {
    const parse = () => parseEvent([PostFailed], busEvent('pillars.publishing', 'PostPublished', sampleFor(PostPublished)));

    expect(parse).toThrow(MalformedEventError);
    expect(parse).toThrow('unexpected source/detail-type pillars.publishing/PostPublished');
  });

  it('throws MalformedEventError for the right detail type from another source', () => {
    const parse = () => parseEvent([PostFailed], busEvent('pillars.analytics', 'PostFailed', sampleFor(PostFailed)));

    expect(parse).toThrow(MalformedEventError);
  });
});
