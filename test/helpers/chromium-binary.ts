/**
 * Which Chromium the browser tests launch, so that they need nothing but `npm ci`: CHROMIUM_PATH when set (a system
 * Chrome or Chromium), else the headless Chromium shipped in @sparticuz/chromium (Linux x64 only).
 *
 * The package's own `executablePath()` unpacks into /tmp/chromium, in place, and adds the shared libraries it
 * carries (NSS, NSPR, expat) only on AWS Lambda. Here the same files are unpacked into a private folder that is
 * renamed into place when complete, so a run that dies half-way or runs beside another leaves no broken browser;
 * and the carried libraries are always used, so the browser needs from the machine only glibc and libgcc_s,
 * which every Linux has.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { extract } from 'tar-fs';

export const CHROMIUM_MISSING =
  'The report test needs Chromium: on Linux x64 `npm ci` brings it (@sparticuz/chromium); elsewhere set CHROMIUM_PATH to a Chrome or Chromium binary';

export interface ChromiumBinary {
  readonly executablePath: string;
  /** The npm build is chrome-headless-shell, which takes the plain `--headless` flag. */
  readonly headless: true | 'shell';
  /** Variables the browser process needs on top of the test's own environment. */
  readonly env: Readonly<Record<string, string>>;
}

export async function chromiumBinary(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist. ${CHROMIUM_MISSING}`);
    return { executablePath: env.CHROMIUM_PATH, headless: true, env: {} };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(CHROMIUM_MISSING);
  const dir = await unpackedNpmChromium();
  return {
    executablePath: join(dir, 'chromium'),
    headless: 'shell',
    env: { LD_LIBRARY_PATH: join(dir, 'lib'), FONTCONFIG_PATH: dir },
  };
}

/** The folder holding `chromium`, `lib/` and `fonts/`; unpacked on first use, once per package version. */
async function unpackedNpmChromium(): Promise<string> {
  const bin = join(dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))), '..', '..', 'bin');
  const { version } = JSON.parse(await readFile(join(bin, '..', 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `pillars-chromium-${version}`);
  if (existsSync(dir)) return dir;

  const staging = await mkdtemp(`${dir}-unpacking-`);
  try {
    await Promise.all([
      pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(staging, 'chromium'), { mode: 0o755 })),
      // lib/: libnss3, libnspr4, libexpat and friends, built for Amazon Linux 2023 against an older glibc.
      pipeline(createReadStream(join(bin, 'al2023.tar.br')), createBrotliDecompress(), extract(staging)),
      pipeline(createReadStream(join(bin, 'fonts.tar.br')), createBrotliDecompress(), extract(staging)),
    ]);
    // Only the bundled fonts, so text measures the same on every machine whatever fonts it has installed.
    await writeFile(join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${join(dir, 'fonts')}</dir><cachedir>${join(dir, 'fonts-cache')}</cachedir></fontconfig>\n`);
    await chmod(staging, 0o755);
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another run renamed its complete copy into place first: use that one.
    if (existsSync(dir)) return dir;
    throw error;
  }
  return dir;
}
