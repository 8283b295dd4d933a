/**
 * In-memory state of the Meta stand-in: Facebook Pages, Instagram and Threads users, their tokens (with
 * expiry and revocation), posts, comments, unpublished photos, media containers and their lifecycle,
 * publishing quotas and hourly call-usage windows. Counts Threads text its own way, independently of the
 * adapter, so each checks the other.
 */
import { randomBytes } from 'node:crypto';

export type MetaNetwork = 'facebook' | 'instagram' | 'threads';
export type TokenKind = 'page' | 'facebook_user' | 'instagram' | 'threads';

export const CONTAINER_TTL_MS = 24 * 60 * 60 * 1000;
export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;
export const USAGE_WINDOW_MS = 60 * 60 * 1000;

export interface TokenRecord {
  readonly token: string;
  readonly kind: TokenKind;
  /** Page id, Instagram user id, Threads user id; for a Facebook User token the Pages it manages. */
  readonly ownerIds: readonly string[];
  readonly expiresAt?: number;
  revoked: boolean;
}

export interface MetaAccount {
  readonly id: string;
  readonly network: MetaNetwork;
  readonly name: string;
  /** When the stand-in first saw the account (epoch ms): its followers grow by day from here. */
  readonly addedAt: number;
}

export interface StandInMedia {
  readonly kind: 'image' | 'video';
  readonly url: string;
  readonly altText?: string;
}

/** A published object: a post, a Threads reply or a comment. */
export interface StandInPost {
  readonly id: string;
  readonly network: MetaNetwork;
  readonly ownerId: string;
  readonly kind: 'post' | 'reply' | 'comment';
  readonly text: string;
  readonly link?: string;
  readonly media: readonly StandInMedia[];
  readonly mediaType: string;
  /** The post a reply or comment answers. */
  readonly parentId?: string;
  readonly containerId?: string;
  readonly createdAt: string;
  readonly permalink: string;
}

export interface Container {
  readonly id: string;
  readonly network: 'instagram' | 'threads';
  readonly ownerId: string;
  readonly mediaType: string;
  readonly media: readonly StandInMedia[];
  readonly text: string;
  readonly children: readonly string[];
  readonly carouselItem: boolean;
  readonly replyToId?: string;
  readonly createdAt: number;
  polls: number;
  publishedId?: string;
}

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'EXPIRED' | 'PUBLISHED';

export interface UnpublishedPhoto {
  readonly id: string;
  readonly pageId: string;
  readonly media: StandInMedia;
  used: boolean;
}

export interface StateOptions {
  readonly processingPolls: number;
  readonly instagramQuota: number;
  readonly threadsQuota: number;
  readonly threadsReplyQuota: number;
  readonly callsPerHour: number;
  /** Lifetime of tokens issued by the exchange/refresh endpoints; null issues tokens that never expire. */
  readonly longLivedTokenSeconds: number | null;
  readonly app: { readonly clientId: string; readonly clientSecret: string };
}

export type TokenCheck =
  | { readonly ok: true; readonly record: TokenRecord }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'revoked'; readonly record?: TokenRecord };

const EMOJI = /\p{Emoji_Presentation}|\uFE0F|\u20E3/u;

/** Threads' count: graphemes, an emoji grapheme weighing its UTF-8 bytes ("emojis are counted as the number of UTF-8 bytes"). */
export function countThreadsCharacters(value: string): number {
  let count = 0;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)) {
    count += EMOJI.test(segment) ? Buffer.byteLength(segment, 'utf8') : 1;
  }
  return count;
}

export class MetaState {
  readonly accounts = new Map<string, MetaAccount>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly posts = new Map<string, StandInPost>();
  readonly containers = new Map<string, Container>();
  readonly photos = new Map<string, UnpublishedPhoto>();
  private readonly usage = new Map<string, { window: number; calls: number }>();
  private lastId = 17_841_400_000_000_000n;

  constructor(
    private readonly baseUrl: () => string,
    readonly now: () => number,
    readonly options: StateOptions,
  ) {}

  get origin(): string {
    return this.baseUrl();
  }

  /** Numeric Graph-style ids, strictly increasing. */
  nextId(): string {
    this.lastId += 1n + BigInt(randomBytes(1)[0] ?? 0);
    return this.lastId.toString();
  }

  addAccount(network: MetaNetwork, name: string, id?: string): MetaAccount {
    if (id !== undefined && !/^\d+$/.test(id)) throw new Error(`invalid ${network} id ${JSON.stringify(id)}`);
    const account: MetaAccount = { id: id ?? this.nextId(), network, name, addedAt: (id === undefined ? undefined : this.accounts.get(id)?.addedAt) ?? this.now() };
    this.accounts.set(account.id, account);
    return account;
  }

  addToken(token: string, kind: TokenKind, ownerIds: readonly string[], expiresAt?: number): TokenRecord {
    if (!token) throw new Error('token must not be empty');
    const existing = this.tokens.get(token);
    if (existing && (existing.kind !== kind || existing.ownerIds.join() !== ownerIds.join())) throw new Error('token already belongs to another account');
    const record: TokenRecord = { token, kind, ownerIds, expiresAt, revoked: false };
    this.tokens.set(token, record);
    return record;
  }

  /** A fresh long-lived token of `kind` for the same owners, as the exchange and refresh endpoints issue. */
  issueToken(kind: TokenKind, ownerIds: readonly string[]): { record: TokenRecord; expiresIn?: number } {
    const seconds = this.options.longLivedTokenSeconds;
    const token = `${kind.slice(0, 2).toUpperCase()}${randomBytes(24).toString('base64url')}`;
    const record = this.addToken(token, kind, ownerIds, seconds === null ? undefined : this.now() + seconds * 1000);
    return { record, ...(seconds === null ? {} : { expiresIn: seconds }) };
  }

  checkToken(token: string | undefined): TokenCheck {
    const record = token === undefined ? undefined : this.tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.revoked) return { ok: false, reason: 'revoked', record };
    if (record.expiresAt !== undefined && record.expiresAt <= this.now()) return { ok: false, reason: 'expired', record };
    return { ok: true, record };
  }

  addPost(input: Omit<StandInPost, 'id' | 'createdAt' | 'permalink'> & { id?: string }): StandInPost {
    const id = input.id ?? this.nextId();
    const account = this.accounts.get(input.ownerId);
    const name = account?.name ?? input.ownerId;
    const permalink = input.network === 'facebook'
      ? `${this.origin}/facebook/${id.replace('_', '/posts/')}`
      : input.network === 'instagram'
        ? `${this.origin}/instagram/p/${Buffer.from(id).toString('base64url')}/`
        : `${this.origin}/threads/@${name}/post/${Buffer.from(id).toString('base64url')}`;
    const post: StandInPost = { ...input, id, createdAt: new Date(this.now()).toISOString(), permalink };
    this.posts.set(id, post);
    return post;
  }

  addContainer(input: Omit<Container, 'id' | 'createdAt' | 'polls'>): Container {
    const container: Container = { ...input, id: this.nextId(), createdAt: this.now(), polls: 0 };
    this.containers.set(container.id, container);
    return container;
  }

  /** IN_PROGRESS for the first `processingPolls` status reads (children count too), EXPIRED after 24 h unpublished. */
  containerStatus(container: Container): ContainerStatus {
    if (container.publishedId) return 'PUBLISHED';
    if (this.now() - container.createdAt >= CONTAINER_TTL_MS) return 'EXPIRED';
    if (container.polls < this.options.processingPolls) return 'IN_PROGRESS';
    const children = container.children.map((id) => this.containers.get(id));
    return children.every((c) => c && this.containerStatus(c) === 'FINISHED') ? 'FINISHED' : 'IN_PROGRESS';
  }

  /** Published posts of `kind` by `ownerId` in the moving 24 h window, oldest first. */
  postsInQuotaWindow(ownerId: string, kind: 'post' | 'reply'): StandInPost[] {
    const from = this.now() - QUOTA_WINDOW_MS;
    return [...this.posts.values()].filter((p) => p.ownerId === ownerId && p.kind === kind && Date.parse(p.createdAt) > from);
  }

  /** Counts one call against the token's hourly window. */
  hitUsage(key: string): { percent: number; regainMinutes: number; exceeded: boolean } {
    const window = Math.floor(this.now() / USAGE_WINDOW_MS);
    const current = this.usage.get(key);
    const entry = current && current.window === window ? current : { window, calls: 0 };
    entry.calls += 1;
    this.usage.set(key, entry);
    const exceeded = entry.calls > this.options.callsPerHour;
    const regainMinutes = exceeded ? Math.max(1, Math.ceil(((window + 1) * USAGE_WINDOW_MS - this.now()) / 60_000)) : 0;
    return { percent: Math.min(100, Math.round((entry.calls / this.options.callsPerHour) * 100)), regainMinutes, exceeded };
  }
}
