/**
 * Where the API is and which token to send. Each setting is looked up flag > environment >
 * local default, and the chosen source is kept so errors can say where a bad value came from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:4000';

/** Written by the local runtime on start; git-ignored. */
export const localConfigPath = (repoDir: string) => join(repoDir, '.pillars', 'local.json');

export interface Setting {
  readonly value: string;
  /** Human description of where the value came from, e.g. "PILLARS_TOKEN". */
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function resolveApiUrl(flag: string | undefined, env: Env): Setting {
  const chosen = pick(flag, '--api', env.PILLARS_API_URL, 'PILLARS_API_URL') ?? { value: DEFAULT_API_URL, source: 'the default' };
  let url: URL;
  try {
    url = new URL(chosen.value);
  } catch {
    throw new CliError(`invalid API URL "${chosen.value}" (from ${chosen.source})`, 'use an http(s) URL such as http://127.0.0.1:4000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`invalid API URL "${chosen.value}" (from ${chosen.source})`, 'use an http(s) URL such as http://127.0.0.1:4000');
  }
  // API Gateway URLs may carry a stage path; routes are appended to it.
  return { value: chosen.value.replace(/\/+$/, ''), source: chosen.source };
}

export interface TokenOptions {
  readonly flag?: string;
  readonly brand?: string;
  readonly env: Env;
  readonly repoDir: string;
}

export function resolveToken({ flag, brand, env, repoDir }: TokenOptions): Setting {
  const explicit = pick(flag, '--token', env.PILLARS_TOKEN, 'PILLARS_TOKEN');
  if (explicit) return explicit;

  const path = localConfigPath(repoDir);
  const tokens = readLocalTokens(path);
  if (tokens.length === 0) {
    throw new CliError(
      'no API token found',
      `run \`npm start\` once: the local runtime writes a token to ${path}; or set PILLARS_TOKEN (or pass --token) with a token for your API`,
    );
  }
  const entry = brand === undefined ? tokens[0] : tokens.find((t) => t.brandId === brand);
  if (!entry) {
    const known = tokens.map((t) => t.brandId).filter((b) => b !== undefined);
    throw new CliError(`no token for brand "${brand}" in ${path}`, `brands there: ${known.join(', ') || 'none named'}; or set PILLARS_TOKEN`);
  }
  return { value: entry.token, source: entry.brandId ? `${path} (brand ${entry.brandId})` : path };
}

function pick(flag: string | undefined, flagName: string, env: string | undefined, envName: string): Setting | undefined {
  if (flag !== undefined && flag !== '') return { value: flag, source: flagName };
  if (env !== undefined && env !== '') return { value: env, source: envName };
  return undefined;
}

interface LocalToken {
  readonly token: string;
  readonly brandId?: string;
}

function readLocalTokens(path: string): LocalToken[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON`, 'delete it and run `npm start` again to recreate it');
  }
  const tokens = (parsed as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(tokens)) return [];
  return tokens.filter(
    (t): t is LocalToken => typeof t === 'object' && t !== null && typeof t.token === 'string' && t.token !== '' && (t.brandId === undefined || typeof t.brandId === 'string'),
  );
}
