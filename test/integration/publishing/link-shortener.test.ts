/**
 * Link shortening on the way out: settings and posts in DynamoDB Local, the real Bitly shortener
 * against the Bitly stand-in, the real Mastodon adapter against the sandbox network. Links are
 * UTM-tagged, then shortened when the post is created or edited; a Bitly failure keeps the post.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBitlyStandIn, DEFAULT_BITLY_TOKEN, type BitlyStandIn } from '../../../local/stand-ins/bitly/server.js';
import { startSandboxNetwork, type SandboxNetwork } from '../../../local/stand-ins/mastodon/server.js';
import { createSettingsRepository, type SettingsRepository } from '../../../shared/platform/brand-settings.js';
import { createShortenerResolver } from '../../../shared/publishing/links/resolve-shortener.js';
import { shortenerSecretKey } from '../../../shared/publishing/links/shortener.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import { createPost, type CreatePostDeps } from '../../../shared/publishing/create-post.js';
import { publishPost, type PublishPostDeps } from '../../../shared/publishing/publish-post.js';
import { editPost, parseEdit } from '../../../shared/publishing/workflow.js';
import { createAccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createPostsRepository } from '../../../shared/publishing/store/posts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const TOKEN = 'm-token';
const LINK = 'https://example.com/spring-launch';

let table: TestTable;
let bitly: BitlyStandIn;

beforeAll(async () => {
  [table, bitly] = await Promise.all([createTestTable('shortener'), startBitlyStandIn()]);
});

afterAll(async () => {
  await Promise.all([table?.drop(), bitly?.close()]);
});

describe('Publishing: links shortened after UTM tagging', () => {
  let mastodon: SandboxNetwork;
  let brandId: string;
  let settings: SettingsRepository;
  let secret: Record<string, { accessToken: string }>;
  let deps: CreatePostDeps & PublishPostDeps;

  beforeEach(async () => {
    mastodon = await startSandboxNetwork();
    mastodon.addAccount({ username: 'brand', token: TOKEN });
    brandId = `brand-${randomUUID()}`;
    settings = createSettingsRepository(table.documentClient, table.tableName);
    await settings.put(brandId, { requireApproval: false, linkShortener: { provider: 'bitly' } });
    secret = { [shortenerSecretKey(brandId)]: { accessToken: DEFAULT_BITLY_TOKEN } };
    const accounts = createAccountsRepository(table.documentClient, table.tableName);
    await accounts.put({ brandId, accountId: 'm', network: 'mastodon', handle: '@brand', baseUrl: mastodon.url });
    deps = {
      posts: createPostsRepository(table.documentClient, table.tableName),
      accounts,
      settings,
      shortenerFor: createShortenerResolver({ settings, secretEntry: async (key) => secret[key], bitlyBaseUrl: bitly.url }),
      credentials: async () => ({ accessToken: TOKEN }),
      adapters: createAdapterRegistry([createMastodonAdapter()]),
      scheduler: { schedule: async () => {}, cancel: async () => {} },
      publish: async () => {},
      now: () => new Date(),
      newId: () => ulid(),
    };
  });

  afterEach(async () => {
    await mastodon.close();
  });

  const longUrlOf = (shortLink: string | undefined) => bitly.links().find((l) => l.link === shortLink)?.longUrl;

  it('stores the short link of the UTM-tagged link at creation and publishes with it', async () => {
    // Act
    const { post } = await createPost(brandId, { accountId: 'm', text: `Spring ${randomUUID()}`, link: LINK, campaign: 'Spring Launch', publishNow: true }, deps);
    await publishPost({ brandId, postId: post.postId }, deps);

    // Assess
    expect(post.shortLink).toMatch(/^https:\/\/bit\.ly\/\w+$/);
    expect(post.link).toBe(LINK);
    expect(longUrlOf(post.shortLink)).toBe(`${LINK}?utm_source=mastodon&utm_medium=social&utm_campaign=spring-launch`);
    const [status] = mastodon.statuses().filter((s) => s.text.startsWith(post.text));
    expect(status?.text).toBe(`${post.text}\n\n${post.shortLink}`);
  });

  it('keeps the post when Bitly fails: it goes out with the full tagged link and says why', async () => {
    // Prepare
    bitly.injectFault({ kind: 'status', status: 503, path: '/v4/shorten' });

    // Act
    const { post } = await createPost(brandId, { accountId: 'm', text: `Fallback ${randomUUID()}`, link: LINK, publishNow: true }, deps);
    const outcome = await publishPost({ brandId, postId: post.postId }, deps);

    // Assess
    expect(post.shortLink).toBeUndefined();
    expect(post.linkNote).toBe('not shortened (bitly: answered 503 (INTERNAL_ERROR: Injected fault.)); the post goes out with the full link');
    expect(outcome).toMatchObject({ kind: 'published' });
    const [status] = mastodon.statuses().filter((s) => s.text.startsWith(post.text));
    expect(status?.text).toBe(`${post.text}\n\n${LINK}?utm_source=mastodon&utm_medium=social`);
  });

  it('says which secret entry is missing when the brand chose Bitly but stored no token', async () => {
    delete secret[shortenerSecretKey(brandId)];

    const { post } = await createPost(brandId, { accountId: 'm', text: 'No token', link: LINK, publishNow: true }, deps);

    expect(post.shortLink).toBeUndefined();
    expect(post.linkNote).toContain(`no token stored under "linkShortener:${brandId}" in the credentials secret`);
  });

  it('shortens again when an edit changes the campaign, and drops the short link with the link', async () => {
    // Prepare
    const { post } = await createPost(brandId, { accountId: 'm', text: 'Edited', link: LINK, campaign: 'first', dueAt: new Date(Date.now() + 3_600_000).toISOString() }, deps);

    // Act
    const recampaigned = await editPost(brandId, post.postId, parseEdit({ campaign: 'second' }), deps);
    const unlinked = await editPost(brandId, post.postId, parseEdit({ link: null }), deps);

    // Assess
    expect(recampaigned.shortLink).not.toBe(post.shortLink);
    expect(longUrlOf(recampaigned.shortLink)).toBe(`${LINK}?utm_source=mastodon&utm_medium=social&utm_campaign=second`);
    expect(unlinked.link).toBeUndefined();
    expect(unlinked.shortLink).toBeUndefined();
  });

  it('leaves links alone for a brand whose shortener is none', async () => {
    await settings.put(brandId, { requireApproval: false, linkShortener: { provider: 'none' } });
    const before = bitly.links().length;

    const { post } = await createPost(brandId, { accountId: 'm', text: 'Plain', link: LINK, publishNow: true }, deps);

    expect(post).not.toHaveProperty('shortLink');
    expect(post).not.toHaveProperty('linkNote');
    expect(bitly.links()).toHaveLength(before);
  });
});
