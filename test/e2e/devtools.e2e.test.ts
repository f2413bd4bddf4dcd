// The demo's performance panel and developer tools as a user opens them: `npm start`, then the
// dashboard with ?devtools and the Alt+Shift+D shortcut, in Chromium against the real feed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDemoProcess, type DemoProcess } from './demo-process.js';
import { launchChromium, scrollDashboardTo } from './support.js';

async function until<T>(page: Page, read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(value)}`);
    await page.waitForTimeout(200);
  }
}

describe('demo: performance panel and devtools', () => {
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

  it('shows live performance figures, opens the devtools with ?devtools listing the live subscriptions, and toggles them with Alt+Shift+D', { timeout: 150_000 }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${demo.url}?devtools`);
    // The performance panel is the last section (loading="lazy", registered as it nears the viewport).
    await scrollDashboardTo(page, 'main perf-monitor');

    // No helper functions inside evaluate: the test's transpiler would wrap them in a helper the page lacks.
    const figures = () => page.evaluate(() => {
      const root = document.querySelector('main perf-monitor')?.shadowRoot;
      const values: Record<string, string> = {};
      for (const figure of root?.querySelectorAll<HTMLElement>('[data-figure]') ?? []) values[figure.dataset.figure!] = figure.querySelector('[part="value"]')?.textContent?.trim() ?? '';
      return { state: root?.querySelector<HTMLElement>('[part="base"]')?.dataset.state ?? '', rate: values['socket-rate'] ?? '', memory: values['memory'] ?? '', entries: values['entries'] ?? '' };
    });
    const live = await until(page, figures, (f) => f.state === 'live' && Number(f.rate) > 0, 'live figures in <perf-monitor>');
    assert.match(live.memory, /MiB$/);
    assert.match(live.entries, /^\d+ \(\d+ active\)$/);

    const subscriptions = () => page.evaluate(() => {
      const panel = document.querySelector('crw-devtools');
      return {
        open: panel?.hasAttribute('open') ?? false,
        keys: [...(panel?.shadowRoot?.querySelectorAll<HTMLElement>('[data-subscription]') ?? [])].map((row) => `${row.dataset.subscription} ${row.textContent?.includes('@') ? 'with position' : ''}`.trim()),
      };
    });
    const listed = await until(page, subscriptions, (s) => s.open && s.keys.some((k) => k.startsWith('alerts')) && s.keys.some((k) => k.startsWith('price_updates?') && k.endsWith('with position')), 'the live subscriptions in the devtools');
    assert.ok(listed.keys.length >= 3, `expected the dashboard's subscriptions, saw ${listed.keys.join(', ')}`);

    await page.keyboard.press('Alt+Shift+KeyD');
    await until(page, subscriptions, (s) => !s.open, 'the shortcut closing the panel');
    await page.keyboard.press('Alt+Shift+KeyD');
    await until(page, subscriptions, (s) => s.open, 'the shortcut opening it again');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows the demo\'s service worker with its caches in the Service worker tab', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${demo.url}?devtools`);
    // The performance panel is the last section (loading="lazy", registered as it nears the viewport).
    await scrollDashboardTo(page, 'main perf-monitor');
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    await page.evaluate(() => {
      const panel = document.querySelector('crw-devtools')!;
      panel.shadowRoot!.querySelector<HTMLElement>('[role="tab"][data-tab="sw"]')!.click();
    });
    const tab = () => page.evaluate(() => {
      const panel = document.querySelector('crw-devtools')!.shadowRoot!;
      return {
        state: panel.querySelector<HTMLElement>('[part="sw-state"]')?.dataset.state ?? '',
        facts: panel.querySelector('[part="sw-state"]')?.textContent?.replace(/\s+/g, ' ') ?? '',
        caches: [...panel.querySelectorAll<HTMLElement>('[part="sw-caches"] > li')].map((li) => `${li.dataset.cache}: ${li.querySelector('summary')?.textContent ?? ''}`),
        queue: panel.textContent?.includes('Queued edits (0)') ?? false,
      };
    });
    // The first answer may come before the precache is filled: Refresh until the caches show entries.
    const shown = await until(page, async () => {
      await page.evaluate(() => document.querySelector('crw-devtools')!.shadowRoot!.querySelector<HTMLButtonElement>('[part="sw-refresh"]')?.click());
      await page.waitForTimeout(300);
      return tab();
    }, (t) => t.state === 'activated' && t.caches.some((c) => /: [1-9]\d* entr/.test(c)), 'the worker\'s caches in the devtools');
    assert.match(shown.facts, /Version\S+/);
    assert.match(shown.facts, new RegExp(`Scope${new URL(demo.url).origin}`));
    assert.equal(shown.queue, true);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
