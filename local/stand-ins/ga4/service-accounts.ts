/**
 * Service accounts the stand-in issues, as the Google Cloud console does: a key file (JSON with
 * client_email, private_key, token_uri) for the caller, the public key kept here to verify the
 * JWT assertions signed with it, and the GA4 properties the account was granted access to.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

export interface ServiceAccountKeyFile {
  readonly type: 'service_account';
  readonly project_id: string;
  readonly private_key_id: string;
  readonly private_key: string;
  readonly client_email: string;
  readonly client_id: string;
  readonly token_uri: string;
}

interface Account {
  readonly publicKey: KeyObject;
  readonly properties: ReadonlySet<string>;
}

export type AssertionCheck = { readonly ok: true; readonly email: string; readonly scope: string } | { readonly ok: false; readonly reason: string };

export class ServiceAccounts {
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, { email: string; expiresAt: number }>();

  constructor(private readonly now: () => number, private readonly tokenTtlSeconds: number) {}

  create(name: string, tokenUri: string, propertyIds: readonly string[]): ServiceAccountKeyFile {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const email = `${name}@pillars-local.iam.gserviceaccount.com`;
    this.accounts.set(email, { publicKey, properties: new Set(propertyIds) });
    return {
      type: 'service_account',
      project_id: 'pillars-local',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: String(BigInt(`0x${randomBytes(8).toString('hex')}`)),
      token_uri: tokenUri,
    };
  }

  /** Registers an existing key file again (after a restart), from its private key. */
  adopt(keyFile: Pick<ServiceAccountKeyFile, 'client_email' | 'private_key'>, propertyIds: readonly string[]): void {
    this.accounts.set(keyFile.client_email, { publicKey: createPublicKey(keyFile.private_key), properties: new Set(propertyIds) });
  }

  /** Google's checks on a jwt-bearer assertion: RS256 signature by a known key, audience, lifetime at most an hour. */
  checkAssertion(assertion: string, audience: string): AssertionCheck {
    const parts = assertion.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe' };
    const [header, claims] = parts.slice(0, 2).map((p) => decode(p)) as [Record<string, unknown> | undefined, Record<string, unknown> | undefined];
    if (header?.alg !== 'RS256' || !claims) return { ok: false, reason: 'Invalid JWT header or claims' };
    const account = typeof claims.iss === 'string' ? this.accounts.get(claims.iss) : undefined;
    if (!account) return { ok: false, reason: 'Invalid JWT Signature.' };
    const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), account.publicKey, Buffer.from(parts[2] ?? '', 'base64url'));
    if (!signed) return { ok: false, reason: 'Invalid JWT Signature.' };
    if (claims.aud !== audience) return { ok: false, reason: `Invalid JWT: aud must be ${audience}` };
    const nowSeconds = this.now() / 1000;
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > 3600 || exp < nowSeconds || iat > nowSeconds + 300) {
      return { ok: false, reason: 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.' };
    }
    if (typeof claims.scope !== 'string' || claims.scope === '') return { ok: false, reason: 'Invalid OAuth scope or ID token audience provided.' };
    return { ok: true, email: claims.iss as string, scope: claims.scope };
  }

  issueToken(email: string): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const token = `ya29.local-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { email, expiresAt: this.now() + this.tokenTtlSeconds * 1000 });
    return { access_token: token, expires_in: this.tokenTtlSeconds, token_type: 'Bearer' };
  }

  /** The account a live token stands for; undefined for an unknown or expired one. */
  tokenOwner(token: string | undefined): string | undefined {
    const found = token === undefined ? undefined : this.tokens.get(token);
    return found && found.expiresAt > this.now() ? found.email : undefined;
  }

  mayRead(email: string, propertyId: string): boolean {
    return this.accounts.get(email)?.properties.has(propertyId) ?? false;
  }

  /** Revokes every issued token, as when a key is rotated; the next call must mint a new one. */
  revokeTokens(): void {
    this.tokens.clear();
  }
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
