/**
 * The local runtime's git-ignored configuration in `.pillars/`: brand-scoped bearer tokens
 * (what a Cognito user pool issues in AWS) and the network credentials that Secrets Manager
 * holds in AWS. Created with a random demo token on first start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../infra/constructs/pillars-function.js';
import { BRAND_ID_PATTERN } from '../shared/contracts/auth.js';

export const CONFIG_DIR = join(PROJECT_ROOT, '.pillars');

const localConfigSchema = z.object({
  tokens: z.array(z.object({
    token: z.string().min(16),
    brandId: z.string().regex(BRAND_ID_PATTERN, 'letters, digits, - and _, at most 64'),
    /** Who the token stands for (the JWT `sub`): authors and approvers are told apart by it. */
    user: z.string().min(1).optional(),
    /** As Cognito groups: admin, editor, approver or viewer (README, "Roles"); none means read only. */
    groups: z.array(z.string().min(1)).optional(),
  })).min(1),
});
export type LocalConfig = z.infer<typeof localConfigSchema>;

export const DEMO_BRAND = 'demo';

export function loadOrCreateLocalConfig(dir = CONFIG_DIR): { config: LocalConfig; path: string; created: boolean } {
  const path = join(dir, 'local.json');
  if (existsSync(path)) {
    const parsed = localConfigSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      throw new Error(`${path} is invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); fix it or delete it to get a new demo token`);
    }
    return { config: parsed.data, path, created: false };
  }
  const config: LocalConfig = {
    tokens: [
      { token: `pil_${randomBytes(24).toString('base64url')}`, brandId: DEMO_BRAND, user: 'editor@demo', groups: ['admin'] },
      { token: `pil_${randomBytes(24).toString('base64url')}`, brandId: DEMO_BRAND, user: 'approver@demo', groups: ['approver'] },
      { token: `pil_${randomBytes(24).toString('base64url')}`, brandId: DEMO_BRAND, user: 'viewer@demo', groups: ['viewer'] },
      { token: `pil_${randomBytes(24).toString('base64url')}`, brandId: 'other-brand', user: 'editor@other', groups: ['editor'] },
    ],
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return { config, path, created: true };
}

export function secretsFile(dir = CONFIG_DIR): string {
  return join(dir, 'secrets.json');
}

/** Initial secret values by secret name; a missing file means none yet. */
export function loadSecrets(dir = CONFIG_DIR): Record<string, string> {
  const path = secretsFile(dir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}

export function saveSecrets(values: Record<string, string>, dir = CONFIG_DIR): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(secretsFile(dir), `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
}
