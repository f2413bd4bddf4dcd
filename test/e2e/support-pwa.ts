import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
// @ts-expect-error plain JS helper without type declarations
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

export { launchChromium } from './support.js';

/** Chromium with a real (temporary) profile: what installability, and surviving a browser restart, need. */
export async function launchPersistentChromium(userDataDir = mkdtempSync(join(tmpdir(), 'crw-profile-')), options: { offline?: boolean } = {}): Promise<{
  context: BrowserContext;
  userDataDir: string;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}> {
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS, offline: options.offline ?? false });
  return {
    context,
    userDataDir,
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
