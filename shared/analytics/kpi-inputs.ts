/**
 * The one check every KPI input passes: a metric is a non-negative finite number, or null when
 * the network did not give it. Anything else is a bug upstream, so it fails loudly with the field.
 */
export function knownOrMissing(field: string, value: number | null): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative number, or null when the network did not report it; got ${String(value)}`);
  }
  return value;
}
