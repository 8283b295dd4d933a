import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../../cli/commands/index.js';
import { cli, removeTempDirs } from './fake-api.js';

afterAll(removeTempDirs);

describe('help', () => {
  it.each([[['help']], [['--help']], [['-h']]])('%j prints the overview with every command and examples', async (argv) => {
    const result = await cli(argv);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: pillars <command> \[flags\]\n\nThe command line for the Pillars management API\.\n/);
    for (const command of commands) expect(result.stdout).toContain(`  ${command.name} `);
    expect(result.stdout).toContain('Examples:');
  });

  it.each(commands.map((c) => [c.name]))('"pillars %s --help" shows its usage and examples', async (name) => {
    const result = await cli([...name.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: pillars ${name}`));
    expect(result.stdout).toContain('Examples:\n  pillars ');
    expect(result.stdout).toEqual((await cli(['help', ...name.split(' ')])).stdout);
  });

  it('shows the API flags on API commands only', async () => {
    expect((await cli(['post', 'list', '--help'])).stdout).toContain('--token <token>');
    expect((await cli(['dev', '--help'])).stdout).not.toContain('--token <token>');
  });

  it('lists a group\'s commands for "pillars post --help"', async () => {
    const result = await cli(['post', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: pillars post <create\|edit\|list\|get\|submit\|approve\|reject\|cancel\|import> \[flags\]\n/);
  });

  it('wins over other mistakes on the same line', async () => {
    expect((await cli(['post', 'create', '--bogus', '--help'])).code).toBe(0);
  });
});

describe('usage errors exit 2 with one line naming the problem, then the usage', () => {
  it.each([
    [['frobnicate'], 'error: unknown command "frobnicate"', 'Usage: pillars <command>'],
    [['post', 'frob'], 'error: unknown command "post frob"', 'Usage: pillars post <create|edit|list|get|submit|approve|reject|cancel|import>'],
    [['help', 'nope'], 'error: unknown command "nope"', 'Usage: pillars <command>'],
    [[], 'error: missing command: pillars <command>', 'Usage: pillars <command>'],
    [['account'], 'error: missing command: pillars account <connect|list>', 'Usage: pillars account <connect|list>'],
    [['--bogus'], 'error: unknown flag --bogus for pillars', 'Usage: pillars <command>'],
    [['post', 'list', '--bogus'], 'error: unknown flag --bogus for pillars post list', 'Usage: pillars post list'],
    [['post', 'list', '-x'], 'error: unknown flag -x for pillars post list', 'Usage: pillars post list'],
    [['post', 'list', '--status'], 'error: --status needs a value', 'Usage: pillars post list'],
    [['post', 'list', '--json=yes'], 'error: --json takes no value', 'Usage: pillars post list'],
    [['account', 'list', 'extra'], 'error: unexpected argument "extra" for pillars account list', 'Usage: pillars account list'],
    [['dev', '--token', 't'], 'error: unknown flag --token for pillars dev', 'Usage: pillars dev'],
  ])('%j', async (argv, line, usage) => {
    const result = await cli(argv, { env: { PILLARS_TOKEN: 't', PILLARS_API_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const [first, blank, usageLine] = result.stderr.split('\n');
    expect(first).toBe(line);
    expect(blank).toBe('');
    expect(usageLine?.startsWith(usage)).toBe(true);
  });
});
