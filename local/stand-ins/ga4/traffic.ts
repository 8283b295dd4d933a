/**
 * The stand-in's web traffic: for each tagged traffic source (utm source, medium, campaign), a
 * deterministic day of sessions, key events and revenue drawn from a hash of the seed, property,
 * day and source, so a day asked for twice (or on another run) reports the same numbers.
 */
import { createHash } from 'node:crypto';

export interface TrafficSource {
  readonly source: string;
  readonly medium: string;
  readonly campaign: string;
}

export interface TrafficDay extends TrafficSource {
  readonly day: string;
  readonly sessions: number;
  readonly keyEvents: number;
  /** In the property's currency, two decimals. */
  readonly totalRevenue: number;
}

/** What GA4 reports for untagged visits alongside the demo's utm-tagged posts. */
export const DEFAULT_TRAFFIC: readonly TrafficSource[] = [
  { source: 'mastodon', medium: 'social', campaign: 'spring-launch' },
  { source: 'x', medium: 'social', campaign: 'spring-launch' },
  { source: 'bluesky', medium: 'social', campaign: 'spring-launch' },
  { source: 'linkedin', medium: 'social', campaign: 'b2b-webinar' },
  { source: 'facebook', medium: 'social', campaign: 'b2b-webinar' },
  { source: 'google', medium: 'organic', campaign: '(organic)' },
  { source: '(direct)', medium: '(none)', campaign: '(direct)' },
];

export function trafficDay(seed: string, propertyId: string, day: string, source: TrafficSource): TrafficDay {
  const digest = createHash('sha256').update([seed, propertyId, day, source.source, source.medium, source.campaign].join('\u0000')).digest();
  const sessions = 20 + (digest.readUInt16BE(0) % 480);
  const keyEvents = Math.floor((sessions * (digest.readUInt8(2) % 9)) / 100);
  const cents = keyEvents * (1500 + (digest.readUInt16BE(3) % 8500));
  return { ...source, day, sessions, keyEvents, totalRevenue: cents / 100 };
}

/** Every day from `start` to `end` (YYYY-MM-DD), inclusive. */
export function daysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
