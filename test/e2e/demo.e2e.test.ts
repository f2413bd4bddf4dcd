// `npm start` as a user runs it: the feed server and the demo dashboard, live in Chromium.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function startDemo(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['scripts/start-demo.mjs', '--port', '0', '--demo-port', '0', '--db', ':memory:'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /crypto-risk-widgets demo:\s+(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${output}`)));
  });
}

describe('npm start', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let browser: Browser;

  before(async () => {
    demo = await startDemo();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (demo?.child.exitCode === null) {
      const exited = new Promise((resolve) => demo.child.once('exit', resolve));
      demo.child.kill('SIGTERM');
      await exited;
    }
  });

  it('shows live prices within seconds, in light and dark, without console errors', { timeout: 120_000 }, async () => {
    for (const theme of ['light', 'dark']) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${demo.url}?theme=${theme}`);
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
