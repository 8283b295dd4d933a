/** Metrics, web analytics and conversions are partitioned by brand and month (see keys.ts). */

/** The months (YYYY-MM) that the days or instants `from`..`to` touch, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) return months;
    months.push(current);
    month += 1;
    if (month > 12) { month = 1; year += 1; }
  }
}
