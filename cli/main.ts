/**
 * Entry point of the `pillars` command line: finds the command in argv, parses its flags and
 * turns every failure into a message and an exit code. `run` does no process-wide I/O of its
 * own, so tests drive it in-process.
 */
import { ApiError } from './api-client.js';
import { HELP_OPTIONS, parseFlags, positionalsOf } from './args.js';
import type { Command } from './command.js';
import { commands, groups } from './commands/index.js';
import { API_OPTIONS } from './commands/api.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { processIo, withDefaults, type CliIo, type CliIoInput } from './io.js';
import { commandUsage, globalUsage, groupUsage } from './usage.js';

export async function run(argv: readonly string[], input: CliIoInput): Promise<number> {
  const io = withDefaults(input);
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return report(error, io);
  }
}

export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), processIo());
}

const TOP_LEVEL_OPTIONS = { ...API_OPTIONS, ...HELP_OPTIONS };

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  // Only the options every command shares are known yet, so they may come before the command words.
  const words = positionalsOf(argv, TOP_LEVEL_OPTIONS);
  if (words[0]?.value === 'help') return showHelp(words.slice(1).map((w) => w.value), io);

  const target = resolve(words.map((w) => w.value));
  const rest = argv.filter((_, index) => !words.slice(0, target.wordCount).some((w) => w.index === index));
  if (target.kind !== 'command') {
    const usage = target.kind === 'group' ? groupUsage(target.group, commands) : globalUsage(commands);
    const label = target.kind === 'group' ? `pillars ${target.group}` : 'pillars';
    if (parseFlags(rest, TOP_LEVEL_OPTIONS, [], label, usage).help) return print(io, usage);
    const expected = target.kind === 'group' ? `pillars ${target.group} <${subcommands(target.group).join('|')}>` : 'pillars <command>';
    throw new UsageError(`missing command: ${expected}`, usage);
  }

  const { command } = target;
  const usage = commandUsage(command);
  const options = { ...command.options, ...(command.usesApi ? API_OPTIONS : {}), ...HELP_OPTIONS };
  const parsed = parseFlags(rest, options, command.positionals, `pillars ${command.name}`, usage);
  if (parsed.help) return print(io, usage);
  return command.run({ io, flags: parsed.flags, positionals: parsed.positionals, usage });
}

type Target =
  | { readonly kind: 'command'; readonly command: Command; readonly wordCount: number }
  | { readonly kind: 'group'; readonly group: string; readonly wordCount: number }
  | { readonly kind: 'none'; readonly wordCount: 0 };

function resolve(words: readonly string[]): Target {
  const [first, second] = words;
  if (first === undefined) return { kind: 'none', wordCount: 0 };
  const single = commands.find((c) => c.name === first);
  if (single) return { kind: 'command', command: single, wordCount: 1 };
  if (!groups.includes(first)) throw new UsageError(`unknown command "${first}"`, globalUsage(commands));
  if (second === undefined) return { kind: 'group', group: first, wordCount: 1 };
  const command = commands.find((c) => c.name === `${first} ${second}`);
  if (!command) throw new UsageError(`unknown command "${first} ${second}"`, groupUsage(first, commands));
  return { kind: 'command', command, wordCount: 2 };
}

function showHelp(words: readonly string[], io: CliIo): number {
  const target = resolve(words);
  if (target.kind === 'command') return print(io, commandUsage(target.command));
  return print(io, target.kind === 'group' ? groupUsage(target.group, commands) : globalUsage(commands));
}

const subcommands = (group: string) => commands.filter((c) => c.name.startsWith(`${group} `)).map((c) => c.name.slice(group.length + 1));

function print(io: CliIo, text: string): number {
  io.stdout(`${text}\n`);
  return EXIT_OK;
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\n\n${error.usage}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ApiError) {
    const lines = [`error: ${error.message}`, ...error.issues.map((issue) => `  ${issue.field}: ${issue.message}`)];
    if (error.requestId) lines.push(`request id: ${error.requestId}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
    io.stderr(`${lines.join('\n')}\n`);
    return EXIT_FAILURE;
  }
  if (error instanceof CliError) {
    io.stderr(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    return EXIT_FAILURE;
  }
  io.stderr(`error: unexpected failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  return EXIT_FAILURE;
}
