// `npm start` as a user runs it: the feed server and the demo dashboard, live in Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDemoProcess, type DemoProcess } from './demo-process.js';
import { launchChromium, scrollDashboardTo } from './support.js';

describe('npm start', () => {
  let demo: DemoProcess;
  let browser: Browser;

  before(async () => {
    demo = await startDemoProcess();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows live prices within seconds, in light and dark, without console errors', { timeout: 120_000 }, async () => {
    for (const theme of ['light', 'dark']) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${demo.url}?theme=${theme}`);
      // The "Live prices" ticker is below the fold (loading="lazy"): scroll to it, as a reader would.
      await scrollDashboardTo(page, 'crypto-ticker[label="Live prices"]');
      const readPrice = () => page.evaluate(() => {
        const ticker = document.querySelector('crypto-ticker[label="Live prices"]');
        return ticker?.shadowRoot?.querySelector('[data-asset="BTC"] [part~="price"]')?.textContent?.trim() ?? '';
      });
      const started = Date.now();
      let first = '';
      while (!first.startsWith('$') && Date.now() - started < 30_000) {
        first = await readPrice();
        await page.waitForTimeout(100);
      }
      assert.match(first, /^\$[\d,]+\.\d{2}$/, `no BTC price on the page (theme ${theme})`);
      let next = first;
      while (next === first && Date.now() - started < 60_000) {
        await page.waitForTimeout(200);
        next = await readPrice();
      }
      assert.notEqual(next, first, 'the BTC price never changed: not live');
      assert.equal(await page.evaluate(() => document.querySelector('crypto-ticker')?.getAttribute('theme')), theme);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
});
