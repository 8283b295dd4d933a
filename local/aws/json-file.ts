/** The local services' persistence: small JSON files under the runtime's data folder. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readJsonFile<T>(path: string, fallback: T): T {
  if (!existsSync(path)) return fallback;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    // Starting empty would silently drop schedules or credentials: make the operator look.
    throw new Error(`${path} is not valid JSON; fix or delete it: ${(error as Error).message}`);
  }
}

/** Write-then-rename, so a crash mid-write leaves the previous file rather than half of one. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, path);
}
