/**
 * Argument parsing on node:util parseArgs. Parsing is lenient and checked here instead of by
 * parseArgs' strict mode, for two reasons: a value may start with a dash (`--text "- item"`),
 * and every mistake gets one line naming the flag rather than parseArgs' multi-line prose.
 */
import { parseArgs } from 'node:util';
import type { Flags, OptionSpecs } from './command.js';
import { UsageError } from './errors.js';

export const HELP_OPTIONS: OptionSpecs = { help: { type: 'boolean', short: 'h' } };

/** Indices and values of the positionals, read with only `options` known (used to find the command words). */
export function positionalsOf(argv: readonly string[], options: OptionSpecs): { index: number; value: string }[] {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  return tokens.flatMap((token) => (token.kind === 'positional' ? [{ index: token.index, value: token.value }] : []));
}

export type Parsed =
  | { readonly help: true }
  | { readonly help: false; readonly flags: Flags; readonly positionals: readonly string[] };

/** `label` names the command in messages ("pillars post list"); `usage` is shown after them. */
export function parseFlags(argv: readonly string[], options: OptionSpecs, positionalNames: readonly string[], label: string, usage: string): Parsed {
  const { values, tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  // Help wins over every other mistake on the line: it is what the user is reaching for.
  if (tokens.some((token) => token.kind === 'option' && token.name === 'help')) return { help: true };

  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) throw new UsageError(`unknown flag ${token.rawName} for ${label}`, usage);
    if (spec.type === 'string' && token.value === undefined) throw new UsageError(`${token.rawName} needs a value`, usage);
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`, usage);
  }
  if (positionals.length > positionalNames.length) {
    throw new UsageError(`unexpected argument "${positionals[positionalNames.length]}" for ${label}`, usage);
  }
  const missing = positionalNames[positionals.length];
  if (missing !== undefined) throw new UsageError(`missing <${missing}>`, usage);
  return { help: false, flags: values as Flags, positionals };
}
