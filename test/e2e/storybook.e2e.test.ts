// Loads every story of the built catalog in Chromium and fails on a render error or a console error.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, serveStatic } from './support.js';

const STATIC = fileURLToPath(new URL('../../storybook-static/', import.meta.url));

// Asks the preview to render a story, as the sidebar does, and resolves with how it ended. A string,
// so the test's compiler adds no helpers the page doesn't have.
const SWITCH_STORY = `(storyId) => new Promise((resolve) => {
  const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
  const events = ['storyRendered', 'storyErrored', 'storyThrewException', 'storyMissing'];
  const handlers = events.map((event) => {
    const handler = (arg) => {
      const id = typeof arg === 'string' ? arg : arg && arg.storyId;
      if (event === 'storyRendered' && id !== storyId) return;
      for (const [e, h] of handlers) channel.off(e, h);
      resolve(event === 'storyRendered' ? 'rendered' : event + ': ' + String(JSON.stringify(arg)).slice(0, 500));
    };
    channel.on(event, handler);
    return [event, handler];
  });
  setTimeout(() => resolve('no storyRendered within 30 s'), 30000);
  channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
})`;

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
    // One page switches from story to story the way the catalog's sidebar does, so stories are also
    // checked for what they leave behind, and the preview bundle loads once rather than 96 times.
    const failures: string[] = [];
    const page = await browser.newPage();
    let problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const url = message.location().url;
      // The browser logs every failed response; stories that mock a failing feed (*.mock) or a
      // missing favicon are not errors of the catalog.
      if (message.text().startsWith('Failed to load resource') && (/\.mock\//.test(url) || url.endsWith('/favicon.ico'))) return;
      problems.push(`console: ${message.text()} (${url})`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${site.url}/iframe.html?id=${stories[0]!.id}&viewMode=story`);
    const previewReady = () => page.waitForFunction(() => '__STORYBOOK_ADDONS_CHANNEL__' in window && document.body.classList.contains('sb-show-main'), null, { timeout: 30_000 });
    await previewReady();
    for (const story of stories) {
      const script = `(${SWITCH_STORY})(${JSON.stringify(story.id)})`;
      // The page opened on the first story; the preview doesn't render a story it already shows.
      const outcome = story === stories[0]
        ? await page.evaluate(() => (document.body.classList.contains('sb-show-errordisplay') ? document.querySelector('#error-message')?.textContent ?? '?' : 'rendered'))
        : await page.evaluate<string>(script).catch(async (error: Error) => {
        // If the preview reloads while switching, wait for it and ask again.
        if (!/Execution context was destroyed/.test(error.message)) throw error;
        await previewReady();
        return page.evaluate<string>(script);
      });
      if (outcome !== 'rendered') problems.push(`render error: ${outcome}`);
      const rendered = await page.evaluate(() => (document.querySelector('#storybook-root')?.innerHTML.length ?? 0) > 0);
      if (!rendered) problems.push('rendered nothing');
      // Give live stories a moment to receive mocked data and fail late, if they fail.
      await page.waitForTimeout(400);
      if (problems.length) failures.push(`${story.id}:\n  ${problems.join('\n  ')}`);
      problems = [];
    }
    await page.close();
    assert.deepEqual(failures, [], `stories with problems:\n${failures.join('\n')}`);
  });
});
