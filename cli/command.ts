/** The shape every command module exports; main.ts only dispatches to these. */
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;
export type Flags = Readonly<Record<string, string | boolean | undefined>>;

export interface Invocation {
  readonly io: CliIo;
  readonly flags: Flags;
  readonly positionals: readonly string[];
  /** This command's usage, for usage errors raised while running it. */
  readonly usage: string;
}

export interface Command {
  /** One or two words: "dev", "post create". */
  readonly name: string;
  readonly summary: string;
  /** Usage line, description, flags and examples; API commands get the API flags appended. */
  readonly help: string;
  readonly options: OptionSpecs;
  /** Names of the positional arguments, all required. */
  readonly positionals: readonly string[];
  /** Talks to the management API, so it takes --api, --token, --brand and --json. */
  readonly usesApi: boolean;
  run(invocation: Invocation): Promise<number>;
}

export function stringFlag(invocation: Invocation, name: string): string | undefined {
  const value = invocation.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredFlag(invocation: Invocation, name: string): string {
  const value = stringFlag(invocation, name);
  if (value === undefined) throw new UsageError(`missing --${name}`, invocation.usage);
  if (value.trim() === '') throw new UsageError(`--${name} must not be empty`, invocation.usage);
  return value;
}
