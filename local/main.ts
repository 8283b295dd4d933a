/**
 * `npm start` / `pillars dev`: runs Pillars locally on its embedded defaults — DynamoDB Local,
 * the sandbox network, the local AWS endpoints and the HTTP API on http://127.0.0.1:4000 —
 * then runs the demo: a post scheduled through the API and published on the sandbox.
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { JAVA_MISSING } from './aws/dynamodb-local.js';
import { startStandIns } from './stand-ins.js';
import { startRuntime } from './runtime.js';
import { consoleReporter } from './reporter.js';
import { CONFIG_DIR, DEMO_BRAND, loadOrCreateLocalConfig } from './local-config.js';
import { runDemo } from './demo/demo.js';
import { demoApi } from './demo/demo-api.js';
import { connectStandInAccounts } from './demo/connect-accounts.js';

const DAY_MS = 86_400_000;
const DEMO_DAY_MS = 3_000;

const USAGE = `usage: npm start -- [--data <dir>] [--port <n>] [--stand-ins-port <n>] [--no-demo] [--verbose]
  --data <dir>   keep state (tables, schedules, secrets, dead letters) in <dir> across restarts
  --port <n>     HTTP API port (default: env PORT or 4000; 0 picks a free one)
  --config <dir> bearer tokens (local.json) and network credentials (secrets.json) (default: .pillars)
  --stand-ins-port <n>
                 first of eight consecutive ports for the network stand-ins
                 (default: env STAND_INS_PORT, else free ports the OS gives)
  --no-demo      do not schedule the demo post
  --verbose      show every function log line`;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  let args;
  try {
    args = parseArgs({
      options: { data: { type: 'string' }, port: { type: 'string' }, config: { type: 'string' }, 'stand-ins-port': { type: 'string' }, 'no-demo': { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) return void console.log(USAGE);
  const port = portOption('--port', args.port ?? process.env.PORT ?? '4000');
  const standInsPort = portOption('--stand-ins-port', args['stand-ins-port'] ?? process.env.STAND_INS_PORT ?? '0');

  const reporter = consoleReporter({ verbose: args.verbose });
  const configDir = args.config ? resolve(args.config) : CONFIG_DIR;
  const { config, path, created } = loadOrCreateLocalConfig(configDir);
  // The demo lives a day in DEMO_DAY_MS, so the stand-ins' engagement ages at the same pace.
  const { standIns, secrets } = await startStandIns({
    basePort: standInsPort,
    configDir,
    engagementTimeScale: args['no-demo'] ? 1 : DAY_MS / DEMO_DAY_MS,
  });
  for (const account of standIns.accounts) reporter.info(`${account.network.padEnd(9)} stand-in on ${account.baseUrl} (demo account ${account.accountId})`);

  let runtime;
  try {
    runtime = await startRuntime({
      port, dataDir: args.data ? resolve(args.data) : undefined, filesDir: join(configDir, 'files'),
      config, secrets, reporter, prewarm: true, standInEnvironment: standIns.environment,
    });
  } catch (error) {
    await standIns.close();
    const message = (error as Error).message;
    console.error(message === JAVA_MISSING ? message : `could not start Pillars locally: ${message}`);
    process.exit(1);
  }

  await connectStandInAccounts(demoApi(runtime, config), standIns);
  const demoToken = config.tokens.find((t) => t.brandId === DEMO_BRAND)!.token;
  console.log(`
Pillars is running locally.
  API          ${runtime.apiUrl}   (OpenAPI: ${runtime.apiUrl}/openapi.json)
  demo token   ${demoToken}   (brand "${DEMO_BRAND}"; ${created ? 'created' : 'from'} ${path})
${config.tokens.filter((t) => t.token !== demoToken).map((t) => `  also         ${t.token}   (brand "${t.brandId}"${t.user ? `, ${t.user}` : ''}${t.groups?.length ? `, groups ${t.groups.join(',')}` : ''})`).join('\n')}
  networks     ${standIns.accounts.length} stand-ins (Mastodon sandbox ${standIns.sandbox.url}; see the lines above)
  state        ${args.data ? resolve(args.data) : `in memory (use --data <dir> to keep it); reports and e-mail in ${join(configDir, 'files')}`}; config in ${configDir}
Try: npx pillars post list     or     curl -H "Authorization: Bearer ${demoToken}" ${runtime.apiUrl}/posts
Ctrl-C stops everything.
`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    reporter.info(`${signal}: stopping`);
    await runtime.stop();
    await standIns.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (!args['no-demo']) {
    reporter.info(`demo: a compressed week (one "day" = ${DEMO_DAY_MS / 1000} s) across every network, then a report of it`);
    const result = await runDemo(runtime, standIns, config, { dayMs: DEMO_DAY_MS, secrets });
    for (const [network, { published, maxLateMs }] of Object.entries(result.byNetwork)) {
      reporter.info(`demo ${network.padEnd(9)} ${published} published, at most ${(maxLateMs / 1000).toFixed(2)} s after the due time`);
    }
    for (const f of result.failed) reporter.info(`demo ${f.network.padEnd(9)} post ${f.postId} not published: ${f.reason}`);
    for (const p of result.notExactlyOnce) reporter.info(`demo ${p.network.padEnd(9)} "${p.text}" is on the network ${p.times} times`);
    const once = result.notExactlyOnce.length === 0 ? 'each exactly once on its network' : `${result.notExactlyOnce.length} not exactly once`;
    reporter.info(`demo done: ${result.published}/${result.planned} published, ${once}; latest ${(result.maxLateMs / 1000).toFixed(2)} s after its due time`);
    const a = result.analytics;
    if (a) {
      reporter.info(`demo analytics: ${a.snapshots.taken} post snapshots (${a.snapshots.partial} partial, ${a.snapshots.missing} missing); report of ${a.posts} posts with ${a.files - 1} CSV files`);
      reporter.info(`demo report: ${a.reportPath ?? `report ${a.reportId}`}${a.emailPath ? `\n             mailed as ${a.emailPath}` : ''}`);
    }
  }
}

function portOption(name: string, value: string): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number from 0 to 65535, got "${value}"`);
    process.exit(2);
  }
  return port;
}

void main();
