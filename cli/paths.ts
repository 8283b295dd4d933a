/**
 * Locations derived from this file rather than the working directory, so the CLI works from
 * anywhere and through npm's bin symlink (realpath finds the checkout behind the link).
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliDir = dirname(realpathSync(fileURLToPath(import.meta.url)));

export function packageRoot(): string {
  return resolve(cliDir, '..');
}

/**
 * tsx's loader as an absolute URL: a bare `--import tsx` would be resolved from the child's
 * working directory, which need not contain node_modules.
 */
export function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
