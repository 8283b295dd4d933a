/**
 * Everything the CLI touches outside itself, injected so tests can run commands in-process
 * against a throwaway server, a temporary checkout and a fixed clock.
 */
import { packageRoot } from './paths.js';

export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface CliIo {
  /** Writers receive whole lines, each ending in a newline. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The Pillars checkout: home of the local runtime and its .pillars/local.json. */
  readonly repoDir: string;
  /** Where relative paths given on the command line are resolved. */
  readonly cwd: string;
  readonly now: () => Date;
  readonly fetch: typeof fetch;
  readonly signals: SignalSource;
}

export type CliIoInput = Pick<CliIo, 'stdout' | 'stderr' | 'env'> & Partial<CliIo>;

export function withDefaults(io: CliIoInput): CliIo {
  return {
    repoDir: packageRoot(),
    cwd: process.cwd(),
    now: () => new Date(),
    fetch: globalThis.fetch,
    signals: process,
    ...io,
  };
}

export function processIo(): CliIoInput {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
  };
}
