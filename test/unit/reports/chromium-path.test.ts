import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, chromiumPath } from '../../helpers/chromium.js';

describe('chromiumPath', () => {
  it('says in one line how to install Chromium when it is missing', () => {
    expect(() => chromiumPath({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).toBe('Chromium is needed for the report end-to-end test: apt-get install -y chromium');
  });

  it('uses CHROMIUM_PATH when it points at a file', () => {
    expect(chromiumPath({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });
});
