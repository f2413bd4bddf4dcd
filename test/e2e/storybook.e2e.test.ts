// Loads every story of the built catalog in Chromium and fails on a render error or a console error.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, serveStatic } from './support.js';

const STATIC = fileURLToPath(new URL('../../storybook-static/', import.meta.url));

interface IndexEntry { id: string; type: string; title: string; name: string }

describe('the built Storybook catalog', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let stories: IndexEntry[] = [];

  before(async () => {
    assert.ok(existsSync(`${STATIC}index.json`), 'storybook-static/index.json is missing: run `npm run build-storybook` first');
    stories = Object.values((JSON.parse(readFileSync(`${STATIC}index.json`, 'utf8')) as { entries: Record<string, IndexEntry> }).entries)
      .filter((entry) => entry.type === 'story');
    site = await serveStatic(STATIC);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('has stories for every widget', () => {
    const titles = new Set(stories.map((s) => s.title));
    assert.ok(titles.size > 0, 'no stories found');
    assert.ok([...titles].some((t) => t.endsWith('crypto-ticker')), `titles: ${[...titles].join(', ')}`);
  });

  it('renders every story without a render error or console error', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    const context = await browser.newContext();
    for (const story of stories) {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const url = message.location().url;
        // The browser logs every failed response; stories that mock a failing feed (*.mock) or a
        // missing favicon are not errors of the catalog.
        if (message.text().startsWith('Failed to load resource') && (/\.mock\//.test(url) || url.endsWith('/favicon.ico'))) return;
        problems.push(`console: ${message.text()} (${url})`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await page.goto(`${site.url}/iframe.html?id=${story.id}&viewMode=story`);
      // Storybook marks the root once the story has rendered, or shows its error overlay.
      await page.waitForFunction(() => document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'), null, { timeout: 30_000 });
      const errorShown = await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'));
      if (errorShown) problems.push(`render error: ${await page.locator('#error-message').innerText().catch(() => '?')}`);
      const rendered = await page.evaluate(() => (document.querySelector('#storybook-root')?.innerHTML.length ?? 0) > 0);
      if (!rendered) problems.push('rendered nothing');
      // Give live stories a moment to receive mocked data and fail late, if they fail.
      await page.waitForTimeout(400);
      if (problems.length) failures.push(`${story.id}:\n  ${problems.join('\n  ')}`);
      await page.close();
    }
    await context.close();
    assert.deepEqual(failures, [], `stories with problems:\n${failures.join('\n')}`);
  });
});
