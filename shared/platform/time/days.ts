/** Calendar days written YYYY-MM-DD, as requests name them and web analytics and conversions are stored by them. */

export { isDay } from '../../contracts/api/fields.js';

export function previousDay(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
