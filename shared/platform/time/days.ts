/** Calendar days written YYYY-MM-DD, as requests name them and web analytics and conversions are stored by them. */

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March and refuses month 13; both are not days.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The UTC day before `now`: the last complete day a daily import can ask for. */
export function previousDay(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
