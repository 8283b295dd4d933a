import { describe, expect, it } from 'vitest';
import { ACCOUNT_METRICS, POST_METRICS } from '../../../shared/contracts/metric-names.js';
import { NETWORK_NAMES } from '../../../shared/networks/contract.js';
import { accountValues, METRIC_CATALOGUE, numbersOf, postReading, postValues } from '../../../shared/networks/metric-catalogue.js';

describe('metric catalogue', () => {
  it('has an entry for each of the 7 networks, each giving followers and at least reactions and comments', () => {
    expect(Object.keys(METRIC_CATALOGUE).sort()).toEqual([...NETWORK_NAMES].sort());
    for (const network of NETWORK_NAMES) {
      expect(METRIC_CATALOGUE[network].account.followers, network).toBeTruthy();
      expect(METRIC_CATALOGUE[network].post.reactions, network).toBeTruthy();
      expect(METRIC_CATALOGUE[network].post.comments, network).toBeTruthy();
    }
  });

  it('maps native names to common names and every common name is present', () => {
    const values = postValues('instagram', { views: 120, reach: 90, likes: 7, comments: 2, shares: 1, saved: 3, total_interactions: 13 });
    expect(values).toEqual({ impressions: 120, reach: 90, reactions: 7, comments: 2, shares: 1, saves: 3, clicks: null, videoViews: null });
    expect(Object.keys(values).sort()).toEqual([...POST_METRICS].sort());
  });

  it('gives null, never 0, for a metric the catalogue maps but the answer lacked', () => {
    const values = accountValues('facebook', { followers_count: 1500 });
    expect(values).toEqual({ followers: 1500, reach: null, impressions: null, profileVisits: null });
    expect(Object.keys(values).sort()).toEqual([...ACCOUNT_METRICS].sort());
  });

  it('keeps a real zero as 0 and ignores non-numeric values', () => {
    expect(postValues('mastodon', { favourites_count: 0, replies_count: Number.NaN }).reactions).toBe(0);
    expect(postValues('mastodon', { favourites_count: 0, replies_count: Number.NaN }).comments).toBeNull();
    expect(numbersOf({ like_count: 3, text: 'hi', nested: { a: 1 }, bad: Number.POSITIVE_INFINITY })).toEqual({ like_count: 3 });
  });

  it('marks a reading partial exactly when something is missing', () => {
    const whole = postReading('x', { like_count: 1 }, { observedAt: '2026-01-01T00:00:00.000Z' });
    const partial = postReading('x', { like_count: 1 }, { observedAt: '2026-01-01T00:00:00.000Z', missing: ['non_public_metrics: not authorized'] });
    expect(whole).toMatchObject({ partial: false });
    expect(whole.missing).toBeUndefined();
    expect(partial).toMatchObject({ partial: true, missing: ['non_public_metrics: not authorized'] });
  });
});
