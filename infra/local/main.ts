/**
 * `npm start` / `pillars dev`: runs Pillars locally on its embedded defaults — DynamoDB Local,
 * the sandbox network, the local AWS endpoints and the HTTP API on http://127.0.0.1:4000 —
 * then runs the demo: a post scheduled through the API and published on the sandbox.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { JAVA_MISSING } from './dynamodb-local.js';
import { startSandboxNetwork } from './sandbox/mastodon-server.js';
import { startRuntime } from './runtime.js';
import { consoleReporter } from './reporter.js';
import { CONFIG_DIR, DEMO_BRAND, loadOrCreateLocalConfig } from './local-config.js';
import { ensureDemoCredentials, runDemo } from './demo.js';

const USAGE = `usage: npm start -- [--data <dir>] [--port <n>] [--no-demo] [--verbose]
  --data <dir>   keep state (tables, schedules, secrets, dead letters) in <dir> across restarts
  --port <n>     HTTP API port (default: env PORT or 4000)
  --no-demo      do not schedule the demo post
  --verbose      show every function log line`;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  let args;
  try {
    args = parseArgs({
      options: { data: { type: 'string' }, port: { type: 'string' }, 'no-demo': { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) return void console.log(USAGE);
  const port = Number(args.port ?? process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, got "${args.port ?? process.env.PORT}"`);
    process.exit(2);
  }

  const reporter = consoleReporter({ verbose: args.verbose });
  const { config, path, created } = loadOrCreateLocalConfig();
  const sandbox = await startSandboxNetwork({ port: Number(process.env.SANDBOX_PORT ?? 4010), engagement: true });
  reporter.info(`sandbox network (Mastodon API) on ${sandbox.url}`);
  const secrets = ensureDemoCredentials(sandbox);

  let runtime;
  try {
    runtime = await startRuntime({ port, dataDir: args.data ? resolve(args.data) : undefined, config, secrets, reporter, prewarm: true });
  } catch (error) {
    await sandbox.close();
    const message = (error as Error).message;
    console.error(message === JAVA_MISSING ? message : `could not start Pillars locally: ${message}`);
    process.exit(1);
  }

  const demoToken = config.tokens.find((t) => t.brandId === DEMO_BRAND)!.token;
  console.log(`
Pillars is running locally.
  API          ${runtime.apiUrl}   (OpenAPI: ${runtime.apiUrl}/openapi.json)
  demo token   ${demoToken}   (brand "${DEMO_BRAND}"; ${created ? 'created' : 'from'} ${path})
  sandbox      ${sandbox.url}   (Mastodon-compatible network)
  state        ${args.data ? resolve(args.data) : 'in memory (use --data <dir> to keep it)'}; config in ${CONFIG_DIR}
Try: npx pillars post list     or     curl -H "Authorization: Bearer ${demoToken}" ${runtime.apiUrl}/posts
Ctrl-C stops everything.
`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    reporter.info(`${signal}: stopping`);
    await runtime.stop();
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (!args['no-demo']) {
    const result = await runDemo(runtime, sandbox, config);
    if (result.status === 'published') {
      reporter.info(`demo post ${result.postId} published on the sandbox network ${((result.lateMs ?? 0) / 1000).toFixed(2)} s after its due time: ${result.url}`);
    } else {
      reporter.info(`demo post ${result.postId} is ${result.status}; see the lines above`);
    }
  }
}

void main();
