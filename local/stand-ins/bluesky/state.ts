/**
 * In-memory state of the Bluesky stand-in (one PDS): accounts with app passwords, sessions with
 * rotating refresh tokens, repo records keyed by collection and record key, blobs, and rate-limit
 * windows. CIDs are real CIDv1 strings (sha-256, base32) so @atproto/api's lexicon checks accept
 * them, but record CIDs hash JSON rather than DAG-CBOR: they identify, they do not verify.
 */
import { createHash, randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const TID_CHARS = '234567abcdefghijklmnopqrstuvwxyz';

export interface BskyAccount {
  readonly did: string;
  readonly handle: string;
  readonly password: string;
  /** When the stand-in first saw the account (epoch ms): its followers grow by day from here. */
  readonly createdAt: number;
}

export interface StoredRecord {
  readonly uri: string;
  readonly cid: string;
  readonly did: string;
  readonly collection: string;
  readonly rkey: string;
  readonly value: Record<string, unknown>;
  readonly indexedAt: string;
}

export interface StoredBlob {
  readonly cid: string;
  readonly did: string;
  readonly mimeType: string;
  readonly size: number;
}

type TokenKind = 'access' | 'refresh';

interface Session {
  readonly did: string;
  readonly kind: TokenKind;
  readonly expiresAt: number;
  /** Refresh tokens are spent by their first use. */
  revoked: boolean;
}

/** A CIDv1 (sha-256) in base32: codec 0x71 (dag-cbor) for records, 0x55 (raw) for blobs. */
export function cidFor(bytes: Uint8Array, codec: 0x71 | 0x55): string {
  const digest = createHash('sha256').update(bytes).digest();
  const cid = Buffer.concat([Buffer.from([0x01, codec, 0x12, 0x20]), digest]);
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of cid) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A TID: 53 bits of microseconds and 10 bits of clock id, base32-sortable, 13 characters. */
export function tid(micros: bigint, clockId: number): string {
  let n = (micros << 10n) | BigInt(clockId & 1023);
  let out = '';
  for (let i = 0; i < 13; i += 1) {
    out = TID_CHARS[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export class BlueskyState {
  readonly accounts = new Map<string, BskyAccount>();
  readonly records = new Map<string, StoredRecord>();
  readonly blobs = new Map<string, StoredBlob>();
  private readonly sessions = new Map<string, Session>();
  private readonly rateWindows = new Map<string, { bucket: number; used: number }>();
  private lastMicros = 0n;
  private readonly clockId = randomBytes(2).readUInt16BE() & 1023;

  constructor(
    readonly now: () => number,
    private readonly ttl: { accessMs: number; refreshMs: number },
  ) {}

  /** A fresh, strictly increasing TID from the clock (server-chosen record keys and commit revs). */
  nextTid(): string {
    const candidate = BigInt(this.now()) * 1000n;
    this.lastMicros = candidate > this.lastMicros ? candidate : this.lastMicros + 1n;
    return tid(this.lastMicros, this.clockId);
  }

  addAccount(handle: string, password: string, did?: string): BskyAccount {
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]([a-z0-9-]*[a-z0-9])?$/.test(handle)) throw new Error(`invalid handle ${JSON.stringify(handle)}`);
    if (!password) throw new Error('password must not be empty');
    const existing = this.byIdentifier(handle);
    const account: BskyAccount = {
      did: existing?.did ?? did ?? `did:plc:${cidFor(Buffer.from(handle), 0x55).slice(-24)}`, handle, password, createdAt: existing?.createdAt ?? this.now(),
    };
    this.accounts.set(account.did, account);
    return account;
  }

  /** The account for a DID or a handle. */
  byIdentifier(identifier: string): BskyAccount | undefined {
    const lower = identifier.toLowerCase().replace(/^@/, '');
    return this.accounts.get(identifier) ?? [...this.accounts.values()].find((a) => a.handle === lower);
  }

  /** A new session: an access JWT and a refresh JWT (JWT-shaped, opaque to clients, with `exp`). */
  createSession(account: BskyAccount): { accessJwt: string; refreshJwt: string } {
    return { accessJwt: this.issue(account.did, 'access'), refreshJwt: this.issue(account.did, 'refresh') };
  }

  private issue(did: string, kind: TokenKind): string {
    const iat = Math.floor(this.now() / 1000);
    const expiresAt = this.now() + (kind === 'access' ? this.ttl.accessMs : this.ttl.refreshMs);
    const header = Buffer.from(JSON.stringify({ typ: kind === 'access' ? 'at+jwt' : 'refresh+jwt', alg: 'HS256' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({
      scope: kind === 'access' ? 'com.atproto.appPass' : 'com.atproto.refresh', sub: did, iat, exp: Math.floor(expiresAt / 1000),
      jti: randomBytes(12).toString('base64url'),
    })).toString('base64url');
    const token = `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
    this.sessions.set(token, { did, kind, expiresAt, revoked: false });
    return token;
  }

  /** Checks a bearer token: the account, or why it is refused (in the PDS's XRPC error names). */
  verify(token: string | undefined, kind: TokenKind): BskyAccount | 'AuthenticationRequired' | 'InvalidToken' | 'ExpiredToken' | 'Revoked' {
    if (token === undefined) return 'AuthenticationRequired';
    const session = this.sessions.get(token);
    if (!session || session.kind !== kind) return 'InvalidToken';
    if (session.revoked) return 'Revoked';
    if (session.expiresAt <= this.now()) return 'ExpiredToken';
    return this.accounts.get(session.did) ?? 'InvalidToken';
  }

  /** Spends a refresh token (rejected from now on) and issues a new pair. */
  rotate(refreshJwt: string, account: BskyAccount): { accessJwt: string; refreshJwt: string } {
    const session = this.sessions.get(refreshJwt);
    if (session) session.revoked = true;
    return this.createSession(account);
  }

  uri(did: string, collection: string, rkey: string): string {
    return `at://${did}/${collection}/${rkey}`;
  }

  putRecord(did: string, collection: string, rkey: string, value: Record<string, unknown>): StoredRecord {
    const uri = this.uri(did, collection, rkey);
    const record: StoredRecord = {
      uri, cid: cidFor(Buffer.from(JSON.stringify(value)), 0x71), did, collection, rkey, value, indexedAt: new Date(this.now()).toISOString(),
    };
    this.records.set(uri, record);
    return record;
  }

  /** A repo's records in one collection, by record key, descending unless `reverse`. */
  list(did: string, collection: string, reverse: boolean): StoredRecord[] {
    const all = [...this.records.values()].filter((r) => r.did === did && r.collection === collection);
    return all.sort((a, b) => (a.rkey < b.rkey ? 1 : a.rkey > b.rkey ? -1 : 0) * (reverse ? -1 : 1));
  }

  addBlob(did: string, bytes: Buffer, mimeType: string): StoredBlob {
    const blob: StoredBlob = { cid: cidFor(bytes, 0x55), did, mimeType, size: bytes.length };
    this.blobs.set(blob.cid, blob);
    return blob;
  }

  /** Spends `cost` points of the caller's window; `exceeded` when it would go past `limit`. */
  spend(key: string, cost: number, limit: number, windowMs: number): { limit: number; remaining: number; resetAt: number; exceeded: boolean } {
    const bucket = Math.floor(this.now() / windowMs);
    const window = this.rateWindows.get(key);
    const current = window && window.bucket === bucket ? window : { bucket, used: 0 };
    const exceeded = current.used + cost > limit;
    if (!exceeded) current.used += cost;
    this.rateWindows.set(key, current);
    return { limit, remaining: Math.max(0, limit - current.used), resetAt: (bucket + 1) * windowMs, exceeded };
  }
}
