/** Plain-text building blocks for the readable output: no colours, so output pipes and diffs cleanly. */

/** Columns separated by two spaces; the last column is not padded, so long text does not leave trailing blanks. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => length(row[column] ?? ''))));
  return all
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

/** Label/value lines; multi-line values are indented under their first line. */
export function fields(entries: readonly (readonly [string, string | undefined])[]): string {
  const present = entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== '');
  const width = Math.max(0, ...present.map(([label]) => label.length));
  return present.map(([label, value]) => `${label.padEnd(width)}  ${value.split('\n').join(`\n${' '.repeat(width + 2)}`)}`).join('\n');
}

/** One line of at most `max` characters: whitespace runs collapse, and a cut is marked with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** `2026-12-01 09:30` in the local time zone. */
export function localMinute(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${ymd(date)} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** `2026-12-01 09:30:00 +01:00 (in 2h 5m)`: local, with the offset so it is unambiguous, and relative to now. */
export function localTime(iso: string, now: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${ymd(date)} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${offset(date)}`;
  return `${time} (${relative(date, now)})`;
}

export function relative(date: Date, now: Date): string {
  const diff = date.getTime() - now.getTime();
  const minutes = Math.round(Math.abs(diff) / 60_000);
  if (minutes === 0) return 'now';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = days > 0 ? [`${days}d`, hours > 0 ? `${hours}h` : ''] : hours > 0 ? [`${hours}h`, rest > 0 ? `${rest}m` : ''] : [`${rest}m`];
  const span = parts.filter(Boolean).join(' ');
  return diff > 0 ? `in ${span}` : `${span} ago`;
}

function ymd(date: Date): string {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

function offset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${two(Math.floor(Math.abs(minutes) / 60))}:${two(Math.abs(minutes) % 60)}`;
}

const two = (n: number) => String(n).padStart(2, '0');

const length = (text: string) => Array.from(text).length;

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - length(text)));
}
