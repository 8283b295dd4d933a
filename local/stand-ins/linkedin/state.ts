/**
 * In-memory state of the LinkedIn stand-in: members and the authors they may act as, OAuth grants
 * (60-day access tokens, 365-day refresh tokens that refreshing does not extend or rotate), images
 * moving through the Images API states, posts, comments and daily (midnight UTC) rate-limit counters.
 */
import { randomBytes } from 'node:crypto';
import { parseLittleText } from './little-text.js';

export const MAX_COMMENTARY_LENGTH = 3000;
export const ACCESS_TOKEN_TTL_SECONDS = 60 * 24 * 60 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;
const UPLOAD_URL_TTL_MS = 24 * 60 * 60 * 1000;

export interface StandInMember {
  readonly id: string;
  readonly urn: string;
  /** Organization URNs this member administers (may post as). */
  readonly organizations: ReadonlySet<string>;
}

export interface MemberInput {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** The person id in `urn:li:person:{id}`; generated when absent. */
  readonly id?: string;
  readonly organizations?: readonly string[];
  /** Epoch ms; default now + 60 days. */
  readonly accessTokenExpiresAt?: number;
  /** Epoch ms; default now + 365 days. */
  readonly refreshTokenExpiresAt?: number;
}

interface Grant {
  readonly memberId: string;
  readonly expiresAt: number;
}

export type ImageStatus = 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';

export interface StandInImage {
  readonly urn: string;
  readonly owner: string;
  readonly uploadId: string;
  readonly uploadUrlExpiresAt: number;
  uploadedAt: number | null;
  failed: boolean;
  mediaType: string | null;
  size: number;
}

export interface StandInComment {
  readonly urn: string;
  readonly id: string;
  readonly actor: string;
  readonly object: string;
  readonly text: string;
  readonly createdAt: number;
}

export interface StandInPost {
  readonly urn: string;
  readonly author: string;
  /** As received: little text format. */
  readonly commentary: string;
  /** What LinkedIn shows: escapes resolved, cut at the first unescaped reserved character. */
  readonly text: string;
  readonly content: Record<string, unknown> | null;
  readonly visibility: string;
  readonly lifecycleState: string;
  readonly createdAt: number;
  deletedAt: number | null;
  readonly comments: StandInComment[];
}

export type RefreshResult =
  | { readonly ok: true; readonly accessToken: string; readonly expiresIn: number; readonly refreshToken: string; readonly refreshExpiresIn: number }
  | { readonly ok: false; readonly status: number; readonly error: string; readonly description: string };

export class LinkedInState {
  readonly members = new Map<string, StandInMember>();
  readonly posts = new Map<string, StandInPost>();
  readonly images = new Map<string, StandInImage>();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly counters = new Map<string, { day: number; count: number }>();
  /** When the stand-in first saw each member or organization URN (epoch ms): followers grow by day from here. */
  readonly firstSeen = new Map<string, number>();
  private lastId = 0n;

  constructor(
    readonly now: () => number,
    private readonly imageProcessingMs: number,
  ) {}

  /** Activity-style id: milliseconds shifted left 22 bits, strictly increasing. */
  nextId(): string {
    const candidate = BigInt(this.now()) << 22n;
    this.lastId = candidate > this.lastId ? candidate : this.lastId + 1n;
    return this.lastId.toString();
  }

  addMember(input: MemberInput): StandInMember {
    if (!input.accessToken) throw new Error('accessToken must not be empty');
    const id = input.id ?? `m${randomBytes(6).toString('base64url')}`;
    if (!/^[\w-]+$/.test(id)) throw new Error(`invalid member id ${JSON.stringify(id)}`);
    const owner = this.accessTokens.get(input.accessToken)?.memberId;
    if (owner !== undefined && owner !== id) throw new Error('access token already belongs to another member');
    const existing = this.members.get(id);
    const organizations = new Set([...(existing?.organizations ?? []), ...(input.organizations ?? [])]);
    for (const org of organizations) if (!/^urn:li:organization:\d+$/.test(org)) throw new Error(`invalid organization URN ${org}`);
    const member: StandInMember = { id, urn: `urn:li:person:${id}`, organizations };
    this.members.set(id, member);
    for (const urn of [member.urn, ...organizations]) if (!this.firstSeen.has(urn)) this.firstSeen.set(urn, this.now());
    this.accessTokens.set(input.accessToken, { memberId: id, expiresAt: input.accessTokenExpiresAt ?? this.now() + ACCESS_TOKEN_TTL_SECONDS * 1000 });
    if (input.refreshToken) {
      this.refreshTokens.set(input.refreshToken, { memberId: id, expiresAt: input.refreshTokenExpiresAt ?? this.now() + REFRESH_TOKEN_TTL_SECONDS * 1000 });
    }
    return member;
  }

  /** The member behind a bearer token, or why LinkedIn refuses it (serviceErrorCode 65600 invalid, 65602 expired). */
  authenticate(token: string | undefined): StandInMember | { code: string; serviceErrorCode: number; message: string } {
    const grant = token === undefined ? undefined : this.accessTokens.get(token);
    const member = grant ? this.members.get(grant.memberId) : undefined;
    if (!token) return { code: 'EMPTY_ACCESS_TOKEN', serviceErrorCode: 65604, message: 'Empty oauth2_access_token' };
    if (!grant || !member) return { code: 'INVALID_ACCESS_TOKEN', serviceErrorCode: 65600, message: 'Invalid access token' };
    if (grant.expiresAt <= this.now()) return { code: 'EXPIRED_ACCESS_TOKEN', serviceErrorCode: 65602, message: 'The token used in the request has expired' };
    return member;
  }

  /** A member may act as themself and as the organizations they administer. */
  mayActAs(member: StandInMember, urn: string): boolean {
    return urn === member.urn || member.organizations.has(urn);
  }

  /** refresh_token grant: a fresh 60-day access token; the refresh token keeps its original expiry. */
  refresh(refreshToken: string): RefreshResult {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.expiresAt <= this.now()) {
      return { ok: false, status: 400, error: 'invalid_grant', description: 'The provided authorization grant or refresh token is invalid, expired or revoked' };
    }
    const accessToken = `AQ${randomBytes(24).toString('base64url')}`;
    this.accessTokens.set(accessToken, { memberId: grant.memberId, expiresAt: this.now() + ACCESS_TOKEN_TTL_SECONDS * 1000 });
    return {
      ok: true,
      accessToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshExpiresIn: Math.max(0, Math.floor((grant.expiresAt - this.now()) / 1000)),
    };
  }

  /** Counts one call against a daily window that resets at midnight UTC; false once `limit` is used up. */
  withinDailyLimit(key: string, limit: number): boolean {
    const day = Math.floor(this.now() / DAY_MS);
    const current = this.counters.get(key);
    const counter = current && current.day === day ? current : { day, count: 0 };
    counter.count += 1;
    this.counters.set(key, counter);
    return counter.count <= limit;
  }

  createImage(owner: string): StandInImage {
    const token = randomBytes(9).toString('base64url');
    const image: StandInImage = {
      urn: `urn:li:image:C4E10AQ${token}`,
      owner,
      uploadId: token,
      uploadUrlExpiresAt: this.now() + UPLOAD_URL_TTL_MS,
      uploadedAt: null,
      failed: false,
      mediaType: null,
      size: 0,
    };
    this.images.set(image.urn, image);
    return image;
  }

  imageByUpload(uploadId: string): StandInImage | undefined {
    return [...this.images.values()].find((image) => image.uploadId === uploadId);
  }

  /** Stores the uploaded bytes; anything that is not a PNG, JPEG or GIF fails processing, as LinkedIn's would. */
  receiveUpload(image: StandInImage, bytes: Buffer): void {
    image.uploadedAt = this.now();
    image.size = bytes.length;
    image.mediaType = sniffImageType(bytes);
    image.failed = image.mediaType === null;
  }

  imageStatus(image: StandInImage): ImageStatus {
    if (image.uploadedAt === null) return 'WAITING_UPLOAD';
    if (image.failed) return 'PROCESSING_FAILED';
    return this.now() - image.uploadedAt < this.imageProcessingMs ? 'PROCESSING' : 'AVAILABLE';
  }

  renderImage(image: StandInImage, origin: string): Record<string, unknown> {
    const status = this.imageStatus(image);
    return {
      id: image.urn,
      owner: image.owner,
      status,
      ...(status === 'AVAILABLE'
        ? { downloadUrl: `${origin}/dms/image/${image.uploadId}`, downloadUrlExpiresAt: this.now() + UPLOAD_URL_TTL_MS, mediaType: image.mediaType }
        : {}),
    };
  }

  createPost(input: { author: string; commentary: string; content: Record<string, unknown> | null; visibility: string; lifecycleState: string }): StandInPost {
    const urn = `urn:li:share:${this.nextId()}`;
    const post: StandInPost = {
      urn,
      ...input,
      text: parseLittleText(input.commentary).shown,
      createdAt: this.now(),
      deletedAt: null,
      comments: [],
    };
    this.posts.set(urn, post);
    return post;
  }

  livePost(urn: string): StandInPost | undefined {
    const post = this.posts.get(urn);
    return post && post.deletedAt === null ? post : undefined;
  }

  /** LinkedIn refuses identical content by the same author within a day: 422 DUPLICATE_POST naming the first. */
  duplicateOf(author: string, commentary: string, content: Record<string, unknown> | null): StandInPost | undefined {
    const key = JSON.stringify(content);
    return [...this.posts.values()].find((p) => p.deletedAt === null && p.author === author && p.commentary === commentary &&
      JSON.stringify(p.content) === key && this.now() - p.createdAt < DAY_MS);
  }

  addComment(post: StandInPost, actor: string, text: string): StandInComment {
    const id = this.nextId();
    const activity = post.urn.replace(/^urn:li:share:/, '');
    const comment: StandInComment = { urn: `urn:li:comment:(urn:li:activity:${activity},${id})`, id, actor, object: post.urn, text, createdAt: this.now() };
    post.comments.push(comment);
    return comment;
  }

  renderPost(post: StandInPost): Record<string, unknown> {
    return {
      id: post.urn,
      author: post.author,
      commentary: post.commentary,
      visibility: post.visibility,
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      ...(post.content ? { content: post.content } : {}),
      lifecycleState: post.lifecycleState,
      lifecycleStateInfo: { isEditedByAuthor: false },
      isReshareDisabledByAuthor: false,
      createdAt: post.createdAt,
      publishedAt: post.createdAt,
      lastModifiedAt: post.createdAt,
    };
  }
}

function sniffImageType(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return null;
}
