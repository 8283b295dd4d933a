import { describe, expect, it } from 'vitest';
import { engagements } from '../../../shared/analytics/engagements.js';
import { emptyPostMetrics } from '../../../shared/contracts/metric-names.js';

const values = { ...emptyPostMetrics(), reactions: 10, comments: 3, shares: 2 };

describe('engagements', () => {
  it('adds reactions, comments, shares and saves', () => {
    // 10 reactions + 3 comments + 2 shares + 1 save = 16
    expect(engagements({ ...values, saves: 1 })).toBe(16);
  });

  it('leaves out saves a network does not report instead of making the post missing', () => {
    // 10 + 3 + 2, saves unknown on this network = 15
    expect(engagements({ ...values, saves: null })).toBe(15);
  });

  it('does not count clicks or video views', () => {
    const withTraffic = { ...values, saves: 0, clicks: 40, videoViews: 900 };
    expect(engagements(withTraffic)).toBe(15);
  });

  it('is missing when reactions, comments or shares are missing', () => {
    expect(engagements({ ...values, comments: null })).toBeNull();
    expect(engagements({ ...values, reactions: null })).toBeNull();
    expect(engagements({ ...values, shares: null })).toBeNull();
  });

  it('rejects a negative count, naming the metric', () => {
    expect(() => engagements({ ...values, shares: -1 })).toThrow(/shares must be a non-negative number/);
  });
});
