import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { stringFlag, type Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { tsxLoaderUrl } from '../paths.js';

export const dev: Command = {
  name: 'dev',
  summary: 'run the local runtime (what `npm start` runs)',
  help: `Usage: pillars dev [--data <dir>] [--port <n>] [--no-demo] [--verbose]

Run the whole stack locally: the management API, functions, bus, scheduler and a sandbox
network. Stop it with Ctrl+C. On first start it writes a token to .pillars/local.json,
which the other commands pick up.

Flags:
  --data <dir>  keep state in <dir> across restarts (default: in memory)
  --port <n>    port of the local API (default: env PORT, else 4000); other commands then
                need --api http://127.0.0.1:<n>
  --no-demo     do not schedule the demo post
  --verbose     show every function log line

Examples:
  pillars dev
  pillars dev --port 4100 --data /tmp/pillars   (then: pillars post list --api http://127.0.0.1:4100)`,
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    'no-demo': { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  positionals: [],
  usesApi: false,
  run: async (invocation) => {
    const { io } = invocation;
    const entry = join(io.repoDir, 'local', 'main.ts');
    if (!existsSync(entry)) throw new CliError(`the local runtime is missing: ${entry}`, 'run pillars from a complete Pillars checkout');
    const args: string[] = [];
    const data = stringFlag(invocation, 'data');
    // The runtime runs in the checkout, so a relative --data would otherwise silently move there.
    if (data !== undefined) args.push('--data', resolve(io.cwd, data));
    const port = stringFlag(invocation, 'port');
    if (port !== undefined) {
      if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new UsageError(`--port must be a port number from 1 to 65535, not "${port}"`, invocation.usage);
      args.push('--port', port);
    }
    for (const flag of ['no-demo', 'verbose']) if (invocation.flags[flag] === true) args.push(`--${flag}`);

    // Same process shape as `npm start` (node with tsx, in the checkout), so behaviour cannot differ.
    const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), entry, ...args], { cwd: io.repoDir, env: { ...io.env }, stdio: 'inherit' });
    // Keeping a listener also stops this process dying first, so the child can shut down cleanly.
    const forward = (signal: 'SIGINT' | 'SIGTERM') => () => void child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    io.signals.on('SIGINT', onInt);
    io.signals.on('SIGTERM', onTerm);
    try {
      return await new Promise<number>((resolveExit, reject) => {
        child.once('error', (error) => reject(new CliError(`cannot start the local runtime: ${error.message}`)));
        child.once('exit', (code, signal) => resolveExit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
      });
    } finally {
      io.signals.off('SIGINT', onInt);
      io.signals.off('SIGTERM', onTerm);
    }
  },
};
