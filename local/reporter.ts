/**
 * Readable progress for `npm start`: what was requested, what fired, what was published,
 * what failed. Function logs (structured JSON) are shown at WARN and above unless verbose.
 */
export interface Reporter {
  info(message: string): void;
  request(method: string, path: string, status: number, ms: number): void;
  event(detailType: string, source: string, targets: string[]): void;
  schedule(name: string, target: string): void;
  failure(fn: string, source: string, message: string): void;
  deadLetter(fn: string, source: string, message: string): void;
  functionLog(fn: string, line: string): void;
  alarm(subject: string, message: string): void;
}

const color = (code: number) => (text: string) => (process.stdout.isTTY ? `\x1b[${code}m${text}\x1b[0m` : text);
const dim = color(2);
const red = color(31);
const green = color(32);
const yellow = color(33);
const cyan = color(36);

export function consoleReporter(options: { verbose?: boolean; write?: (line: string) => void } = {}): Reporter {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stamp = () => dim(new Date().toISOString().slice(11, 23));
  const line = (kind: string, text: string) => write(`${stamp()} ${kind.padEnd(8)} ${text}`);
  return {
    info: (message) => line(dim('local'), message),
    request: (method, path, status, ms) => line(cyan('api'), `${method} ${path} → ${status >= 400 ? yellow(String(status)) : String(status)} ${dim(`(${ms} ms)`)}`),
    event: (detailType, source, targets) => line(detailType === 'PostPublished' ? green('event') : cyan('event'),
      `${detailType} ${dim(`from ${source}`)}${targets.length ? ` → ${targets.join(', ')}` : ''}`),
    schedule: (name, target) => line(cyan('schedule'), `${name} fired → ${target}`),
    failure: (fn, source, message) => line(yellow('retry'), `${fn} failed on ${source}: ${message}`),
    deadLetter: (fn, source, message) => line(red('dlq'), `${fn} gave up on ${source} after retries: ${message} (kept in the dead-letter queue)`),
    alarm: (subject, message) => line(red('alarm'), `${subject} — ${message.replace(/\n/g, ' ')}`),
    functionLog: (fn, raw) => {
      const parsed = parseLog(raw);
      if (!parsed) return options.verbose ? line(dim(fn), raw) : undefined;
      const important = parsed.level === 'WARN' || parsed.level === 'ERROR' || parsed.level === 'CRITICAL';
      if (important || options.verbose) line(important ? red(fn) : dim(fn), `${parsed.level} ${parsed.message}${parsed.error ? `: ${parsed.error}` : ''}`);
    },
  };
}

function parseLog(raw: string): { level: string; message: string; error?: string } | undefined {
  try {
    const entry = JSON.parse(raw) as { level?: string; message?: string; error?: { message?: string } };
    return entry.level ? { level: entry.level, message: entry.message ?? '', error: entry.error?.message } : undefined;
  } catch {
    return undefined;
  }
}

/** For tests and benchmarks: records nothing, prints nothing. */
export const silentReporter: Reporter = {
  info: () => {}, request: () => {}, event: () => {}, schedule: () => {}, failure: () => {}, deadLetter: () => {}, functionLog: () => {}, alarm: () => {},
};
