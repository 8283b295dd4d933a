import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, chromiumBinary } from '../../helpers/chromium-binary.js';

describe('chromiumBinary', () => {
  it('says in one line how to get Chromium when CHROMIUM_PATH points at nothing', async () => {
    await expect(chromiumBinary({ CHROMIUM_PATH: '/nonexistent/chromium' }))
      .rejects.toThrow(`CHROMIUM_PATH=/nonexistent/chromium does not exist. ${CHROMIUM_MISSING}`);
    expect(CHROMIUM_MISSING).not.toContain('\n');
    expect(CHROMIUM_MISSING).toContain('npm ci');
  });

  it('uses CHROMIUM_PATH when it points at a file, with no extra environment', async () => {
    expect(await chromiumBinary({ CHROMIUM_PATH: process.execPath })).toEqual({ executablePath: process.execPath, headless: true, env: {} });
  });
});
