import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyRepo, removeTempDirs } from './fake-api.js';

afterAll(removeTempDirs);

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repo, 'bin', 'pillars.js');

/** What `npm install`/`npm link` leaves behind: a symlink in some other directory's node_modules/.bin. */
function linkedBin(): { link: string; dir: string } {
  const dir = emptyRepo();
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  const link = join(dir, 'node_modules', '.bin', 'pillars');
  symlinkSync(bin, link);
  return { link, dir };
}

describe('bin/pillars.js', () => {
  it('runs the TypeScript CLI through tsx', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], { cwd: repo, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: pillars <command> \[flags\]\n/);
  });

  it('works through a symlink from another directory and passes the exit code on', () => {
    const { link, dir } = linkedBin();
    const result = spawnSync(process.execPath, [link, 'post', 'frob'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown command "post frob"\n/);
  });

  it('runs as an executable through its shebang, as npm runs bin links', () => {
    const { link, dir } = linkedBin();
    const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
    const result = spawnSync(link, ['help', 'post', 'create'], { cwd: dir, encoding: 'utf8', env });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: pillars post create /);
  });
});
