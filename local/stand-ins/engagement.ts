/**
 * The engagement every network stand-in (except Mastodon's older `engagementAt`) reports: seeded by the
 * post or account id so a demo and a test see the same numbers for the same ids, and growing with age so
 * two snapshots of one post differ. Lifetime post counts follow a saturating curve and never decrease;
 * followers grow by whole days since the account was added.
 */

const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

let timeScale = 1;

/**
 * How many times faster than the wall clock posts and accounts age on the stand-ins. The
 * `npm start` demo lives a day in seconds, so its engagement must age as fast as its calendar;
 * tests and a plain `npm start --no-demo` keep real time (1).
 */
export function setEngagementTimeScale(scale: number): void {
  if (!Number.isFinite(scale) || scale < 1) throw new RangeError(`engagement time scale must be a number ≥ 1, got ${scale}`);
  timeScale = scale;
}

/** A real age as the engagement curves see it. */
export function engagementAge(ageMs: number): number {
  return Math.max(0, ageMs) * timeScale;
}

/** Deterministic PRNG (mulberry32) seeded from a string hash (FNV-1a). */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PostEngagement {
  readonly views: number;
  readonly reach: number;
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
  readonly quotes: number;
  readonly saves: number;
  readonly clicks: number;
  readonly videoViews: number;
}

/**
 * Lifetime counts of post `postId` at `ageMs` after publication. Drawn in this order from
 * seededRandom(postId): viewsMax = 200 + ⌊r·5000⌋, τ = (10 + r·350) minutes, then each other metric's
 * ceiling as a fraction of viewsMax — reach 0.5–0.9, likes 0.02–0.10, comments 0.002–0.02,
 * shares 0.002–0.02, quotes 0–0.005, saves 0.001–0.01, clicks 0.005–0.03, videoViews 0.3–0.7 — each
 * floored. A count at age t is ⌊ceiling·(1 − e^(−t/τ))⌋: 0 at publication, 63 % of the ceiling at τ.
 */
export function postEngagementAt(postId: string, ageMs: number): PostEngagement {
  const random = seededRandom(postId);
  const viewsMax = 200 + Math.floor(random() * 5000);
  const tauMs = (10 + random() * 350) * MINUTE_MS;
  const ceiling = (low: number, high: number) => Math.floor(viewsMax * (low + random() * (high - low)));
  const ceilings = {
    views: viewsMax,
    reach: ceiling(0.5, 0.9),
    likes: ceiling(0.02, 0.1),
    comments: ceiling(0.002, 0.02),
    shares: ceiling(0.002, 0.02),
    quotes: ceiling(0, 0.005),
    saves: ceiling(0.001, 0.01),
    clicks: ceiling(0.005, 0.03),
    videoViews: ceiling(0.3, 0.7),
  };
  const share = 1 - Math.exp(-engagementAge(ageMs) / tauMs);
  return Object.fromEntries(Object.entries(ceilings).map(([name, max]) => [name, Math.floor(max * share)])) as unknown as PostEngagement;
}

export interface AccountEngagement {
  readonly followers: number;
  /** The last full day's figures. */
  readonly dayViews: number;
  readonly dayReach: number;
  readonly dayProfileVisits: number;
}

/**
 * Account `accountId` at `ageMs` after it was added to the stand-in. From seededRandom(accountId):
 * base = 50 + ⌊r·5000⌋ followers, perDay = 1 + ⌊r·20⌋; followers = base + perDay·⌊age / 1 day⌋.
 * The last day's figures come from seededRandom(`${accountId}:${day}`): views = 100 + ⌊r·2000⌋,
 * reach = ⌊views·(0.5 + r·0.4)⌋, profile visits = ⌊views·(0.01 + r·0.05)⌋.
 */
export function accountEngagementAt(accountId: string, ageMs: number): AccountEngagement {
  const random = seededRandom(accountId);
  const base = 50 + Math.floor(random() * 5000);
  const perDay = 1 + Math.floor(random() * 20);
  const day = Math.floor(engagementAge(ageMs) / DAY_MS);
  const daily = seededRandom(`${accountId}:${day}`);
  const dayViews = 100 + Math.floor(daily() * 2000);
  return {
    followers: base + perDay * day,
    dayViews,
    dayReach: Math.floor(dayViews * (0.5 + daily() * 0.4)),
    dayProfileVisits: Math.floor(dayViews * (0.01 + daily() * 0.05)),
  };
}
