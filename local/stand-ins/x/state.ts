/**
 * In-memory state of the X stand-in: users, OAuth 2.0 clients and rotating tokens, posts, media
 * uploads and rate-limit windows, plus X's weighted character count. The count is written
 * independently of the adapter's (shared/networks/x-text.ts) so each checks the other.
 */
import { createHash, randomBytes } from 'node:crypto';

export const MAX_WEIGHTED_LENGTH = 280;
const TWITTER_EPOCH_MS = 1_288_834_974_657n;
const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

export type RefreshRotation = 'rotate' | 'keep' | 'empty';

export interface XUser {
  readonly id: string;
  readonly username: string;
  readonly createdAt: string;
}

export interface XClient {
  readonly clientId: string;
  /** Absent for a public client (PKCE only). */
  readonly clientSecret?: string;
}

/** A post as the stand-in stores it; deleted posts stay listed with `deletedAt`. */
export interface XStandInPost {
  readonly id: string;
  readonly authorId: string;
  readonly username: string;
  readonly text: string;
  readonly createdAt: string;
  readonly inReplyToTweetId: string | null;
  readonly conversationId: string;
  readonly mediaIds: readonly string[];
  deletedAt: string | null;
}

export type MediaKind = 'photo' | 'animated_gif' | 'video';

export interface XMedia {
  readonly id: string;
  readonly ownerId: string;
  readonly mediaType: string;
  readonly kind: MediaKind;
  readonly totalBytes: number;
  readonly chunks: Map<number, number>;
  finalized: boolean;
  altText: string | null;
  readonly expiresAt: number;
}

interface Token {
  readonly userId: string;
  readonly clientId: string | null;
  readonly expiresAt: number;
}

interface RefreshToken {
  readonly userId: string;
  readonly clientId: string | null;
  used: boolean;
}

/** X's weighted length: NFC, 100 per code point in the light ranges, 200 otherwise, 200 per emoji sequence, 23 per URL. */
export function weightedLength(text: string): number {
  const light: Array<[number, number]> = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];
  const withoutUrls = text
    .normalize('NFC')
    .replace(/https?:\/\/[^\s<>"]+?(?=[.,:;!?'")]*(?:\s|$))/giu, '\u0000')
    .replace(/(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|co)(?:\/[^\s<>"]*?)?(?=[.,:;!?'")]*(?:\s|$))/giu, '\u0000');
  let weight = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(withoutUrls)) {
    if (segment === '\u0000') weight += 2300;
    else if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(segment) && /\p{Emoji_Presentation}|\uFE0F|\u200D|\p{Emoji_Modifier}|\p{Regional_Indicator}/u.test(segment)) weight += 200;
    else for (const char of segment) weight += light.some(([a, b]) => (char.codePointAt(0) ?? 0) >= a && (char.codePointAt(0) ?? 0) <= b) ? 100 : 200;
  }
  return weight / 100;
}

export class XState {
  readonly users = new Map<string, XUser>();
  readonly posts = new Map<string, XStandInPost>();
  readonly media = new Map<string, XMedia>();
  readonly clients = new Map<string, XClient>();
  private readonly accessTokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly rateWindows = new Map<string, { bucket: number; count: number }>();
  private lastId = 0n;

  constructor(
    readonly now: () => number,
    private readonly accessTokenTtlMs: number,
    /** `rotate` (X's behaviour): each refresh spends the old refresh token; `keep`/`empty`: it stays valid and none (or '') is returned. */
    readonly refreshRotation: RefreshRotation = 'rotate',
  ) {}

  /** Snowflake-style id: milliseconds since the Twitter epoch shifted left 22 bits, strictly increasing. */
  nextId(): string {
    const candidate = (BigInt(this.now()) - TWITTER_EPOCH_MS) << 22n;
    this.lastId = candidate > this.lastId ? candidate : this.lastId + 1n;
    return this.lastId.toString();
  }

  addClient(client: XClient): void {
    if (!client.clientId) throw new Error('clientId must not be empty');
    this.clients.set(client.clientId, client);
  }

  addUser(username: string, input: { accessToken?: string; refreshToken?: string }): { user: XUser; accessToken: string; refreshToken: string } {
    if (!/^\w{1,15}$/.test(username)) throw new Error(`invalid username ${JSON.stringify(username)}`);
    const existing = [...this.users.values()].find((u) => u.username.toLowerCase() === username.toLowerCase());
    const user = existing ?? { id: this.nextId(), username, createdAt: new Date(this.now()).toISOString() };
    this.users.set(user.id, user);
    const accessToken = input.accessToken ?? token('at');
    const refreshToken = input.refreshToken ?? token('rt');
    if (this.accessTokens.has(accessToken) && this.accessTokens.get(accessToken)?.userId !== user.id) {
      throw new Error('token already belongs to another account');
    }
    this.accessTokens.set(accessToken, { userId: user.id, clientId: null, expiresAt: this.now() + this.accessTokenTtlMs });
    this.refreshTokens.set(refreshToken, { userId: user.id, clientId: null, used: false });
    return { user, accessToken, refreshToken };
  }

  userForToken(accessToken: string | undefined): XUser | 'expired' | undefined {
    const entry = accessToken === undefined ? undefined : this.accessTokens.get(accessToken);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) return 'expired';
    return this.users.get(entry.userId);
  }

  /**
   * Rotates a refresh token: the old one is spent (rejected from now on) and a new pair is issued.
   * `undefined` when the token is unknown, already used, or belongs to another client.
   */
  rotate(refreshToken: string, clientId: string): { accessToken: string; refreshToken?: string; expiresIn: number } | undefined {
    const entry = this.refreshTokens.get(refreshToken);
    if (!entry || entry.used || (entry.clientId !== null && entry.clientId !== clientId)) return undefined;
    const accessToken = token('at');
    this.accessTokens.set(accessToken, { userId: entry.userId, clientId, expiresAt: this.now() + this.accessTokenTtlMs });
    const expiresIn = Math.round(this.accessTokenTtlMs / 1000);
    if (this.refreshRotation === 'keep') return { accessToken, expiresIn };
    if (this.refreshRotation === 'empty') return { accessToken, refreshToken: '', expiresIn };
    entry.used = true;
    const next = token('rt');
    this.refreshTokens.set(next, { userId: entry.userId, clientId, used: false });
    return { accessToken, refreshToken: next, expiresIn };
  }

  livePost(id: string): XStandInPost | undefined {
    const post = this.posts.get(id);
    return post && !post.deletedAt ? post : undefined;
  }

  /** X refuses a text identical to one of the author's recent live posts. */
  isDuplicate(userId: string, text: string): boolean {
    const since = this.now() - DUPLICATE_WINDOW_MS;
    return [...this.posts.values()].some((p) => p.authorId === userId && !p.deletedAt && p.text === text && Date.parse(p.createdAt) >= since);
  }

  createPost(user: XUser, input: { text: string; inReplyToTweetId: string | null; mediaIds: readonly string[] }): XStandInPost {
    const id = this.nextId();
    const parent = input.inReplyToTweetId ? this.posts.get(input.inReplyToTweetId) : undefined;
    const post: XStandInPost = {
      id,
      authorId: user.id,
      username: user.username,
      text: input.text,
      createdAt: new Date(this.now()).toISOString(),
      inReplyToTweetId: input.inReplyToTweetId,
      conversationId: parent?.conversationId ?? id,
      mediaIds: input.mediaIds,
      deletedAt: null,
    };
    this.posts.set(id, post);
    return post;
  }

  /** Counts one request in a 15-minute window per caller and endpoint. */
  hitRateLimit(key: string, limit: number, windowMs: number): { limit: number; remaining: number; resetAt: number; exceeded: boolean } {
    const bucket = Math.floor(this.now() / windowMs);
    const window = this.rateWindows.get(key);
    const current = window && window.bucket === bucket ? window : { bucket, count: 0 };
    current.count += 1;
    this.rateWindows.set(key, current);
    return { limit, remaining: Math.max(0, limit - current.count), resetAt: (bucket + 1) * windowMs, exceeded: current.count > limit };
  }

  /** The text X returns: each URL replaced by a t.co link, with `entities.urls` to expand it. */
  render(post: XStandInPost, fields: ReadonlySet<string>): Record<string, unknown> {
    const urls: Array<Record<string, unknown>> = [];
    let rendered = '';
    let last = 0;
    for (const match of post.text.matchAll(/https?:\/\/[^\s<>"]+?(?=[.,:;!?'")]*(?:\s|$))/giu)) {
      const short = `https://t.co/${createHash('sha256').update(`${post.id}:${match[0]}`).digest('base64url').slice(0, 10)}`;
      rendered += post.text.slice(last, match.index);
      const start = [...rendered].length;
      rendered += short;
      urls.push({ start, end: start + short.length, url: short, expanded_url: match[0], display_url: match[0].replace(/^https?:\/\//, '').slice(0, 26) });
      last = match.index + match[0].length;
    }
    rendered += post.text.slice(last);
    const parent = post.inReplyToTweetId ? this.posts.get(post.inReplyToTweetId) : undefined;
    const optional: Record<string, unknown> = {
      created_at: post.createdAt,
      author_id: post.authorId,
      conversation_id: post.conversationId,
      in_reply_to_user_id: parent?.authorId,
      referenced_tweets: parent ? [{ type: 'replied_to', id: parent.id }] : undefined,
      entities: urls.length ? { urls } : undefined,
      attachments: post.mediaIds.length ? { media_keys: post.mediaIds.map((id) => mediaKey(this.media.get(id))) } : undefined,
    };
    const body: Record<string, unknown> = { id: post.id, text: rendered, edit_history_tweet_ids: [post.id] };
    for (const [field, value] of Object.entries(optional)) if (fields.has(field) && value !== undefined) body[field] = value;
    return body;
  }
}

export function mediaKey(media: XMedia | undefined): string {
  if (!media) return '';
  const prefix = media.kind === 'photo' ? 3 : media.kind === 'video' ? 7 : 16;
  return `${prefix}_${media.id}`;
}

function token(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}
