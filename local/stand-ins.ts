/**
 * Every network's local stand-in, started together for `npm start` and the end-to-end tests,
 * each with one demo account whose credentials go into the demo brand's credentials secret in the
 * (git-ignored) secrets file, just as an operator would put real ones into Secrets Manager. Ports are fixed by default so accounts
 * stored with --data still point at the right server after a restart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startSandboxNetwork, type SandboxNetwork } from './stand-ins/mastodon/server.js';
import { startXStandIn } from './stand-ins/x/server.js';
import { startBlueskyStandIn } from './stand-ins/bluesky/server.js';
import { startMetaStandIn } from './stand-ins/meta/server.js';
import { startLinkedInStandIn } from './stand-ins/linkedin/server.js';
import { startGa4StandIn, type Ga4StandIn } from './stand-ins/ga4/server.js';
import { withDemoWebAnalyticsSecret } from './stand-ins/ga4/demo-secret.js';
import { setEngagementTimeScale } from './stand-ins/engagement.js';
import { DEFAULT_BITLY_TOKEN, startBitlyStandIn, type BitlyStandIn } from './stand-ins/bitly/server.js';
import { shortenerSecretKey } from '../shared/publishing/links/shortener.js';
import type { NetworkCredentials, NetworkName } from '../shared/networks/contract.js';
import { NETWORK_CREDENTIALS_SECRET } from '../infra/core-stack.js';
import { brandCredentialsSecretName } from '../shared/contracts/resource-names.js';
import { DEMO_BRAND, loadSecrets, saveSecrets } from './local-config.js';

const DEMO_LINKEDIN_ORGANIZATION = 'urn:li:organization:90000001';

export interface DemoAccount {
  readonly accountId: string;
  readonly network: NetworkName;
  readonly handle: string;
  readonly baseUrl: string;
  readonly externalId?: string;
}

export interface StandIns {
  readonly sandbox: SandboxNetwork;
  /** Google Analytics 4 (Data API) for the demo brand's web analytics. */
  readonly ga4: Ga4StandIn;
  /** Bitly's shorten endpoint, for brands that choose it as their link shortener. */
  readonly bitly: BitlyStandIn;
  /** What every function needs to reach the stand-ins of third-party APIs other than the networks. */
  readonly environment: Readonly<Record<string, string>>;
  readonly accounts: readonly DemoAccount[];
  /** A small PNG served locally, for posts with media (Instagram needs one). */
  readonly imageUrl: string;
  /** How many posts each network holds, by network. */
  postCounts(): Record<NetworkName, number>;
  /** Texts of everything published, by network (for tests). */
  texts(network: NetworkName): string[];
  close(): Promise<void>;
}

export interface StandInOptions {
  /** The first of eight consecutive ports; 0 lets the OS give each stand-in a free one. @default 0 */
  readonly basePort?: number;
  /** Where the secrets file lives. @default .pillars */
  readonly configDir?: string;
  /** How many times faster than real time posts gain engagement and accounts followers. @default 1 */
  readonly engagementTimeScale?: number;
  /** The brand the demo accounts' credentials, web analytics and link shortener secrets belong to. @default demo */
  readonly demoBrand?: string;
}

/** The demo's campaigns as GA4 sees them: the posts' utm_campaign per utm_source. */
const DEMO_TRAFFIC = [
  ...['mastodon', 'x', 'bluesky', 'facebook', 'instagram', 'threads', 'linkedin'].flatMap((source) => [
    { source, medium: 'social', campaign: 'launch-week' },
    { source, medium: 'social', campaign: 'community' },
  ]),
  { source: 'google', medium: 'organic', campaign: '(organic)' },
  { source: '(direct)', medium: '(none)', campaign: '(direct)' },
];

export async function startStandIns(options: StandInOptions = {}): Promise<{ standIns: StandIns; secrets: Record<string, string> }> {
  const base = options.basePort ?? 0;
  const port = (offset: number) => (base === 0 ? 0 : base + offset);
  const brand = options.demoBrand ?? DEMO_BRAND;
  const secrets = loadSecrets(options.configDir);
  const shared = JSON.parse(secrets[NETWORK_CREDENTIALS_SECRET] ?? '{}') as Record<string, NetworkCredentials>;
  // The demo accounts' credentials are the brand's own, in its secret, as an operator puts them.
  const credentials = JSON.parse(secrets[brandCredentialsSecretName(brand)] ?? '{}') as Record<string, NetworkCredentials>;
  const token = (accountId: string) => {
    // A secrets file from before credentials were kept per brand has them in the shared secret: they move.
    credentials[accountId] ??= shared[accountId] ?? { accessToken: `demo_${randomBytes(18).toString('base64url')}` };
    delete shared[accountId];
    return credentials[accountId].accessToken;
  };

  const sandbox = await startSandboxNetwork({ port: port(0), engagement: true });
  const x = await startXStandIn({ port: port(1) });
  const bluesky = await startBlueskyStandIn({ port: port(2) });
  const meta = await startMetaStandIn({ port: port(3) });
  const linkedin = await startLinkedInStandIn({ port: port(4) });
  const images = await startImageServer(port(5));
  const ga4 = await startGa4StandIn({ port: port(6), traffic: DEMO_TRAFFIC });
  const bitly = await startBitlyStandIn({ port: port(7) });
  setEngagementTimeScale(options.engagementTimeScale ?? 1);

  sandbox.addAccount({ username: 'pillars_demo', token: token('mastodon-demo') });
  const xUser = x.addAccount({ username: 'pillars_demo', token: token('x-demo') });
  credentials['x-demo'] = { accessToken: xUser.accessToken, refreshToken: xUser.refreshToken };
  const appPassword = (credentials['bluesky-demo'] ?? shared['bluesky-demo'])?.extra?.appPassword ?? `app-${randomBytes(8).toString('hex')}`;
  delete shared['bluesky-demo'];
  const session = bluesky.addAccount({ handle: 'pillars-demo.bsky.social', password: appPassword, did: 'did:plc:pillarsdemo000000000000' });
  credentials['bluesky-demo'] = { accessToken: session.accessJwt, refreshToken: session.refreshJwt, extra: { appPassword, handle: session.handle } };
  meta.addPage({ name: 'Pillars Demo', token: token('facebook-demo'), id: '100000000000001' });
  meta.addInstagramUser({ username: 'pillars_demo', token: token('instagram-demo'), id: '17841400000000001' });
  meta.addThreadsUser({ username: 'pillars_demo', token: token('threads-demo'), id: '2000000000000001' });
  // The demo posts as a company page (an organization), whose statistics and followers LinkedIn reports.
  linkedin.addMember({ accessToken: token('linkedin-demo'), id: 'pillarsdemo', organizations: [DEMO_LINKEDIN_ORGANIZATION] });

  const accounts: DemoAccount[] = [
    { accountId: 'mastodon-demo', network: 'mastodon', handle: '@pillars_demo', baseUrl: sandbox.url },
    { accountId: 'x-demo', network: 'x', handle: '@pillars_demo', baseUrl: x.url, externalId: xUser.id },
    { accountId: 'bluesky-demo', network: 'bluesky', handle: session.handle, baseUrl: bluesky.url, externalId: session.did },
    { accountId: 'facebook-demo', network: 'facebook', handle: 'Pillars Demo', baseUrl: meta.url, externalId: '100000000000001' },
    { accountId: 'instagram-demo', network: 'instagram', handle: '@pillars_demo', baseUrl: meta.url, externalId: '17841400000000001' },
    { accountId: 'threads-demo', network: 'threads', handle: '@pillars_demo', baseUrl: meta.url, externalId: '2000000000000001' },
    { accountId: 'linkedin-demo', network: 'linkedin', handle: 'Pillars Demo', baseUrl: linkedin.url, externalId: DEMO_LINKEDIN_ORGANIZATION },
  ];
  shared[shortenerSecretKey(brand)] ??= { accessToken: DEFAULT_BITLY_TOKEN };
  const next = withDemoWebAnalyticsSecret(ga4, {
    ...secrets, [NETWORK_CREDENTIALS_SECRET]: JSON.stringify(shared), [brandCredentialsSecretName(brand)]: JSON.stringify(credentials),
  }, brand);
  saveSecrets(next, options.configDir);

  const texts = (network: NetworkName): string[] => {
    switch (network) {
      case 'mastodon': return sandbox.statuses().filter((s) => !s.deletedAt).map((s) => s.text);
      case 'x': return x.posts().map((p) => p.text);
      case 'bluesky': return bluesky.posts().map((p) => p.text);
      case 'linkedin': return linkedin.posts().map((p) => p.text);
      default: return meta.posts(network).filter((p) => p.kind === 'post').map((p) => p.text);
    }
  };
  return {
    secrets: next,
    standIns: {
      sandbox,
      ga4,
      bitly,
      environment: { BITLY_API_URL: bitly.url },
      accounts,
      imageUrl: `${images.url}/demo/launch.png`,
      postCounts: () => Object.fromEntries(accounts.map((a) => [a.network, texts(a.network).length])) as Record<NetworkName, number>,
      texts,
      async close() {
        await Promise.all([sandbox.close(), x.close(), bluesky.close(), meta.close(), linkedin.close(), ga4.close(), bitly.close(), closeServer(images.server)]);
      },
    },
  };
}

/** A 1×1 PNG: enough for media validation and uploads to accept it. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function startImageServer(port: number): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (!req.url?.endsWith('.png')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(req.method === 'HEAD' ? undefined : PNG);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
}
