/**
 * In-memory state of the Mastodon sandbox and the entities it renders: accounts, statuses, media
 * attachments, Idempotency-Key records, rate-limit windows, Mastodon's character counting and the
 * seeded engagement curve. Kept independent of the adapter's own counting so each checks the other.
 */
import { MediaStore } from './media.js';
import { engagementAge, seededRandom } from '../engagement.js';

export const MAX_CHARACTERS = 500;
export const CHARACTERS_RESERVED_PER_URL = 23;
const IDEMPOTENCY_TTL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';
export const VISIBILITIES: readonly Visibility[] = ['public', 'unlisted', 'private', 'direct'];

/** A posted status as the sandbox stores it; deleted statuses stay listed with `deletedAt`. */
export interface SandboxStatus {
  readonly id: string;
  readonly accountId: string;
  readonly username: string;
  readonly text: string;
  readonly visibility: Visibility;
  readonly language: string | null;
  readonly inReplyToId: string | null;
  readonly spoilerText: string;
  readonly sensitive: boolean;
  readonly createdAt: string;
  readonly idempotencyKey: string | null;
  readonly url: string;
  /** Attached media, in order. */
  readonly mediaIds: readonly string[];
  deletedAt: string | null;
}

export interface SandboxAccount {
  readonly id: string;
  readonly username: string;
  readonly createdAt: string;
  /** Followers when the account was added; they grow by `followersPerDay` each whole day after. */
  readonly followersCount: number;
  readonly followingCount: number;
  readonly followersPerDay: number;
}

export interface NewStatus {
  readonly text: string;
  readonly visibility: Visibility;
  readonly language: string | null;
  readonly inReplyToId: string | null;
  readonly spoilerText: string;
  readonly sensitive: boolean;
  readonly idempotencyKey: string | null;
  readonly mediaIds?: readonly string[];
}

/** Mastodon's StatusLengthValidator: graphemes, with every http(s) URL as 23 and `@user@domain` as `@user`. */
export function countMastodonCharacters(text: string, spoilerText = ''): number {
  const countable = text
    .replace(/https?:\/\/[^\s<>"]+/giu, (url) => {
      const trimmed = url.replace(/[.,:;!?'"]+$/u, '');
      return 'x'.repeat(CHARACTERS_RESERVED_PER_URL) + url.slice(trimmed.length);
    })
    .replace(/(^|[^\w/@])@(\w+)@[\w.-]+\w/gu, '$1@$2');
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(spoilerText + countable)].length;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function linkHtml(url: string): string {
  const prefix = /^https?:\/\/(www\.)?/i.exec(url)?.[0] ?? '';
  const rest = url.slice(prefix.length);
  const shown = rest.length > 30
    ? `<span class="ellipsis">${escapeHtml(rest.slice(0, 30))}</span><span class="invisible">${escapeHtml(rest.slice(30))}</span>`
    : `<span class="">${escapeHtml(rest)}</span><span class="invisible"></span>`;
  return `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span>${shown}</a>`;
}

/** Plain text to Mastodon's HTML: escaped, links wrapped, blank lines split paragraphs, newlines become <br />. */
export function renderContent(text: string): string {
  return text.trim().split(/\n{2,}/).map((paragraph) => {
    let html = '';
    let last = 0;
    for (const match of paragraph.matchAll(/https?:\/\/[^\s<>"]+/giu)) {
      const url = match[0].replace(/[.,:;!?'"]+$/u, '');
      html += escapeHtml(paragraph.slice(last, match.index)) + linkHtml(url);
      last = match.index + url.length;
    }
    html += escapeHtml(paragraph.slice(last));
    return `<p>${html.replace(/\n/g, '<br />')}</p>`;
  }).join('');
}

export interface Engagement {
  readonly favourites: number;
  readonly reblogs: number;
  readonly replies: number;
}

/** Saturating curve `max·(1 − e^(−age/τ))` with max and τ drawn from the status id: never decreases with age. */
export function engagementAt(statusId: string, ageMs: number): Engagement {
  const random = seededRandom(statusId);
  const favMax = 5 + Math.floor(random() * 200);
  const reblogMax = Math.floor(favMax * (0.1 + random() * 0.3));
  const replyMax = Math.floor(favMax * (0.02 + random() * 0.15));
  const tauMs = (10 + random() * 350) * 60_000;
  const share = 1 - Math.exp(-engagementAge(ageMs) / tauMs);
  return {
    favourites: Math.floor(favMax * share),
    reblogs: Math.floor(reblogMax * share),
    replies: Math.floor(replyMax * share),
  };
}

export class SandboxState {
  readonly accounts = new Map<string, SandboxAccount>();
  readonly tokens = new Map<string, string>();
  readonly statuses = new Map<string, SandboxStatus>();
  readonly media: MediaStore;
  private readonly idempotency = new Map<string, { statusId: string; expiresAt: number }>();
  private readonly rateWindows = new Map<string, { bucket: number; count: number }>();
  private lastId = 0n;

  constructor(
    private readonly baseUrl: () => string,
    readonly now: () => number,
    private readonly engagement: boolean,
    private readonly rateLimit: { limit: number; windowMs: number },
    mediaProcessingMs = 0,
  ) {
    this.media = new MediaStore(baseUrl, now, () => this.nextId(), mediaProcessingMs);
  }

  get origin(): string {
    return this.baseUrl();
  }

  /** Snowflake-style id like Mastodon's: milliseconds shifted left 16 bits, strictly increasing. */
  private nextId(): string {
    const candidate = BigInt(this.now()) << 16n;
    this.lastId = candidate > this.lastId ? candidate : this.lastId + 1n;
    return this.lastId.toString();
  }

  addAccount(username: string, token: string): SandboxAccount {
    if (!/^\w+$/.test(username)) throw new Error(`invalid username ${JSON.stringify(username)}`);
    if (!token) throw new Error('token must not be empty');
    const existing = [...this.accounts.values()].find((a) => a.username.toLowerCase() === username.toLowerCase());
    const tokenOwner = this.tokens.get(token);
    if (tokenOwner && tokenOwner !== existing?.id) throw new Error('token already belongs to another account');
    const random = seededRandom(username);
    const account = existing ?? {
      id: this.nextId(),
      username,
      createdAt: new Date(this.now()).toISOString(),
      followersCount: 50 + Math.floor(random() * 5000),
      followingCount: 10 + Math.floor(random() * 500),
      followersPerDay: 1 + Math.floor(random() * 20),
    };
    this.accounts.set(account.id, account);
    this.tokens.set(token, account.id);
    return account;
  }

  accountForToken(token: string | undefined): SandboxAccount | undefined {
    const id = token === undefined ? undefined : this.tokens.get(token);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  /** The live status a replayed Idempotency-Key points to (Mastodon keeps keys for 1 hour, per account). */
  idempotentStatus(accountId: string, key: string): SandboxStatus | undefined {
    const record = this.idempotency.get(`${accountId}:${key}`);
    if (!record || record.expiresAt <= this.now()) return undefined;
    const status = this.statuses.get(record.statusId);
    return status && !status.deletedAt ? status : undefined;
  }

  createStatus(account: SandboxAccount, input: NewStatus): SandboxStatus {
    const id = this.nextId();
    const status: SandboxStatus = {
      id,
      accountId: account.id,
      username: account.username,
      text: input.text,
      visibility: input.visibility,
      language: input.language,
      inReplyToId: input.inReplyToId,
      spoilerText: input.spoilerText,
      sensitive: input.sensitive || input.spoilerText !== '',
      createdAt: new Date(this.now()).toISOString(),
      idempotencyKey: input.idempotencyKey,
      url: `${this.baseUrl()}/@${account.username}/${id}`,
      mediaIds: input.mediaIds ?? [],
      deletedAt: null,
    };
    this.statuses.set(id, status);
    for (const mediaId of status.mediaIds) {
      const media = this.media.items.get(mediaId);
      if (media) media.statusId = id;
    }
    if (input.idempotencyKey) {
      this.idempotency.set(`${account.id}:${input.idempotencyKey}`, { statusId: id, expiresAt: this.now() + IDEMPOTENCY_TTL_MS });
    }
    return status;
  }

  liveStatus(id: string): SandboxStatus | undefined {
    const status = this.statuses.get(id);
    return status && !status.deletedAt ? status : undefined;
  }

  /** Whether `viewer` may see the status: public and unlisted for everyone, the rest for its author. */
  visibleTo(status: SandboxStatus, viewer: SandboxAccount | undefined): boolean {
    return status.visibility === 'public' || status.visibility === 'unlisted' || viewer?.id === status.accountId;
  }

  /** Counts one request against the caller's 5-minute window (Mastodon: 300 per token, or per IP). */
  hitRateLimit(key: string): { limit: number; remaining: number; resetAt: number; exceeded: boolean } {
    const { limit, windowMs } = this.rateLimit;
    const bucket = Math.floor(this.now() / windowMs);
    const window = this.rateWindows.get(key);
    const current = window && window.bucket === bucket ? window : { bucket, count: 0 };
    current.count += 1;
    this.rateWindows.set(key, current);
    return { limit, remaining: Math.max(0, limit - current.count), resetAt: (bucket + 1) * windowMs, exceeded: current.count > limit };
  }

  renderAccount(account: SandboxAccount): Record<string, unknown> {
    const base = this.baseUrl();
    const own = [...this.statuses.values()].filter((s) => s.accountId === account.id && !s.deletedAt);
    const lastStatus = own.at(-1);
    return {
      id: account.id,
      username: account.username,
      acct: account.username,
      display_name: account.username,
      locked: false,
      bot: true,
      discoverable: true,
      indexable: false,
      group: false,
      created_at: account.createdAt,
      note: '',
      url: `${base}/@${account.username}`,
      uri: `${base}/users/${account.username}`,
      avatar: `${base}/avatars/original/missing.png`,
      avatar_static: `${base}/avatars/original/missing.png`,
      header: `${base}/headers/original/missing.png`,
      header_static: `${base}/headers/original/missing.png`,
      followers_count: account.followersCount + account.followersPerDay * Math.floor(engagementAge(this.now() - Date.parse(account.createdAt)) / DAY_MS),
      following_count: account.followingCount,
      statuses_count: own.length,
      last_status_at: lastStatus ? lastStatus.createdAt.slice(0, 10) : null,
      emojis: [],
      fields: [],
    };
  }

  renderCredentialAccount(account: SandboxAccount): Record<string, unknown> {
    return {
      ...this.renderAccount(account),
      source: { privacy: 'public', sensitive: false, language: 'en', note: '', fields: [], follow_requests_count: 0 },
      role: { id: '-99', name: '', permissions: '0', color: '', highlighted: false },
    };
  }

  renderStatus(status: SandboxStatus, options: { withSource?: boolean } = {}): Record<string, unknown> {
    const account = this.accounts.get(status.accountId);
    if (!account) throw new Error(`status ${status.id} has no account`);
    const realReplies = [...this.statuses.values()].filter((s) => s.inReplyToId === status.id && !s.deletedAt).length;
    const engagement = this.engagement
      ? engagementAt(status.id, this.now() - Date.parse(status.createdAt))
      : { favourites: 0, reblogs: 0, replies: 0 };
    const parent = status.inReplyToId ? this.statuses.get(status.inReplyToId) : undefined;
    return {
      id: status.id,
      created_at: status.createdAt,
      in_reply_to_id: status.inReplyToId,
      in_reply_to_account_id: parent?.accountId ?? null,
      sensitive: status.sensitive,
      spoiler_text: status.spoilerText,
      visibility: status.visibility,
      language: status.language,
      uri: `${this.baseUrl()}/users/${account.username}/statuses/${status.id}`,
      url: status.url,
      replies_count: realReplies + engagement.replies,
      reblogs_count: engagement.reblogs,
      favourites_count: engagement.favourites,
      quotes_count: 0,
      edited_at: null,
      favourited: false,
      reblogged: false,
      muted: false,
      bookmarked: false,
      pinned: false,
      content: renderContent(status.text),
      filtered: [],
      reblog: null,
      quote: null,
      application: { name: 'Pillars', website: null },
      account: this.renderAccount(account),
      media_attachments: status.mediaIds.flatMap((mediaId) => {
        const media = this.media.items.get(mediaId);
        return media ? [this.media.render(media)] : [];
      }),
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
      ...(options.withSource ? { text: status.text } : {}),
    };
  }
}
