/**
 * Secrets Manager's GetSecretValue and PutSecretValue (awsJson1_1, `secretsmanager.*`): enough for
 * handlers that read network credentials and write refreshed tokens back. Only the current
 * version (AWSCURRENT) of each secret is kept.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AwsError, toEpochSeconds, type Reply } from './http.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

export interface SecretsManagerOptions {
  readonly region: string;
  readonly accountId: string;
  /** `<dataDir>/secrets.json`; in memory only when absent. */
  readonly file?: string;
  /**
   * Name → SecretString. A seed replaces the stored value only when the seed itself changed since
   * it was last applied, so a token a handler refreshed survives restarts but an edited seed wins.
   */
  readonly seeds?: Record<string, string>;
}

interface StoredSecret {
  readonly Name: string;
  readonly ARN: string;
  readonly SecretString: string;
  readonly VersionId: string;
  readonly CreatedDate: string;
  readonly SeedHash?: string;
}

const CURRENT = 'AWSCURRENT';

export class SecretsManagerService {
  readonly #options: SecretsManagerOptions;
  readonly #secrets = new Map<string, StoredSecret>();

  constructor(options: SecretsManagerOptions) {
    this.#options = options;
    for (const secret of options.file ? readJsonFile<StoredSecret[]>(options.file, []) : []) this.#secrets.set(secret.Name, secret);
    const changedSeeds = Object.entries(options.seeds ?? {})
      .map(([name, value]) => ({ name, value, seedHash: createHash('sha256').update(value).digest('hex') }))
      .filter(({ name, seedHash }) => this.#secrets.get(name)?.SeedHash !== seedHash);
    changedSeeds.forEach(({ name, value, seedHash }) => this.#store(name, value, { seedHash }));
    if (changedSeeds.length > 0) this.#save();
  }

  /** Creates the secret when it does not exist, which the API itself would refuse. */
  put(id: string, value: string): void {
    this.#store(this.#lookup(id)?.Name ?? id, value);
    this.#save();
  }

  handle(operation: string, input: Record<string, unknown>): Reply {
    switch (operation) {
      case 'GetSecretValue': return { body: this.#get(input) };
      case 'PutSecretValue': return { body: this.#putValue(input) };
      default: throw new AwsError('UnknownOperationException', `Operation ${operation} is not emulated locally.`);
    }
  }

  #get(input: Record<string, unknown>) {
    const secret = this.#require(input.SecretId);
    const stage = input.VersionStage ?? CURRENT;
    if ((input.VersionId !== undefined && input.VersionId !== secret.VersionId) || stage !== CURRENT) {
      throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for the requested version or staging label.");
    }
    return {
      ARN: secret.ARN,
      Name: secret.Name,
      SecretString: secret.SecretString,
      VersionId: secret.VersionId,
      VersionStages: [CURRENT],
      CreatedDate: toEpochSeconds(secret.CreatedDate),
    };
  }

  #putValue(input: Record<string, unknown>) {
    const { Name } = this.#require(input.SecretId);
    if (typeof input.SecretString !== 'string') {
      throw new AwsError('InvalidParameterException', 'Locally only SecretString is supported: SecretBinary is not emulated.');
    }
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
    const secret = this.#store(Name, input.SecretString, { versionId: token });
    this.#save();
    return { ARN: secret.ARN, Name: secret.Name, VersionId: secret.VersionId, VersionStages: [CURRENT] };
  }

  #require(id: unknown): StoredSecret {
    const secret = typeof id === 'string' ? this.#lookup(id) : undefined;
    if (!secret) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  /** By name, full ARN, or ARN without the random six-character suffix, as AWS accepts. */
  #lookup(id: string): StoredSecret | undefined {
    return this.#secrets.get(id) ?? [...this.#secrets.values()].find((s) => s.ARN === id || s.ARN.slice(0, -7) === id);
  }

  #store(name: string, value: string, { versionId = randomUUID(), seedHash }: { versionId?: string; seedHash?: string } = {}): StoredSecret {
    const existing = this.#secrets.get(name);
    const secret: StoredSecret = {
      Name: name,
      // The suffix is random in AWS; kept with the secret so its ARN survives restarts.
      ARN: existing?.ARN ?? `arn:aws:secretsmanager:${this.#options.region}:${this.#options.accountId}:secret:${name}-${randomBytes(3).toString('hex')}`,
      SecretString: value,
      VersionId: versionId,
      CreatedDate: new Date().toISOString(),
      SeedHash: seedHash ?? existing?.SeedHash,
    };
    this.#secrets.set(name, secret);
    return secret;
  }

  #save(): void {
    if (this.#options.file) writeJsonFile(this.#options.file, [...this.#secrets.values()]);
  }
}
