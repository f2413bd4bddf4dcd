// Edits made offline in the built demo: queued in IndexedDB, kept across a reload and a browser
// close, replayed when
// the network is back, applied on the real feed server exactly once, refusals undone and explained.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoProcess, type DemoProcess } from './demo-process.js';
import { launchPersistentChromium } from './support-pwa.js';

interface Portfolio { id: string; name: string }

/** Runs one of the provider's (offline-aware) mutations, the way a widget does. */
function mutate(page: Page, name: string, variables: unknown): Promise<unknown> {
  return page.evaluate(
    async ([mutation, vars]) => {
      const provider = document.querySelector('crypto-data-provider') as unknown as {
        services: { queryClient: any; mutations: Record<string, () => object> };
      };
      const { queryClient, mutations } = provider.services;
      return queryClient.getMutationCache().build(queryClient, mutations[mutation as string]!()).execute(vars);
    },
    [name, variables] as const,
  );
}

/** Reads the feed as the demo user, whom the demo page signs in as. */
async function asDemoUser(demo: DemoProcess, path: string): Promise<unknown> {
  const minted = await fetch(`${demo.feedUrl}/api/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { token } = (await minted.json()) as { token: string };
  const answer = await fetch(`${demo.feedUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(answer.status, 200, `GET ${path} answered ${answer.status}`);
  return answer.json();
}

async function serverPortfolios(demo: DemoProcess): Promise<Portfolio[]> {
  return ((await asDemoUser(demo, '/api/portfolios')) as { portfolios: Portfolio[] }).portfolios;
}

const pwaStatusText = (page: Page) =>
  page.evaluate(() => document.querySelector('pwa-status')?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
const managerText = (page: Page) =>
  page.evaluate(() => document.querySelector('portfolio-manager')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');

describe('offline edits in the demo PWA', () => {
  let demo: DemoProcess;

  before(async () => {
    demo = await startDemoProcess();
  });

  after(async () => {
    await demo?.stop();
  });

  it('queue offline, survive a reload, apply exactly once when back online, and undo a refused one', { timeout: 120_000 }, async () => {
    const { context, close } = await launchPersistentChromium();
    try {
      const page = await context.newPage();
      await page.goto(demo.url);
      await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
      await page.waitForFunction(() => /Balanced/.test(document.querySelector('portfolio-manager')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      const before = await serverPortfolios(demo);
      const balanced = before.find((p) => p.name === 'Balanced')!;

      await context.setOffline(true);
      await page.waitForFunction(() => !navigator.onLine);
      const created = (await mutate(page, 'createPortfolio', { body: { name: 'Offline fund', holdings: [{ assetId: 'BTC', quantity: 1, costBasis: 50000 }] } })) as Portfolio;
      assert.match(created.id, /^pending-/, 'a create made offline answers with its placeholder');
      await mutate(page, 'updatePortfolio', { id: created.id, patch: { name: 'Offline fund II' } });
      await mutate(page, 'updatePortfolio', { id: balanced.id, patch: { name: 'Balanced (edited offline)' } });
      await mutate(page, 'deletePortfolio', { id: 'no-such-portfolio' });
      await mutate(page, 'addToWatchlist', { assetId: 'DOGE' });

      // Optimistic and pending, at once.
      await page.waitForFunction(() => /5 edits waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''));
      assert.match(await managerText(page), /Offline fund II/);
      assert.match(await managerText(page), /Balanced \(edited offline\)/);

      // Still offline: a reload keeps the queue and the optimistic data.
      await page.reload();
      await page.waitForFunction(() => /5 edits waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 15_000 });
      await page.waitForFunction(() => /Offline fund II/.test(document.querySelector('portfolio-manager')?.shadowRoot?.textContent ?? ''), null, { timeout: 15_000 });
      assert.deepEqual((await serverPortfolios(demo)).map((p) => p.name).sort(), before.map((p) => p.name).sort(), 'nothing reached the server while offline');

      // Back online: Background Sync (or the page's online listener) replays the queue.
      await context.setOffline(false);
      await page.waitForFunction(() => !/waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      await page.waitForFunction(() => /could not be saved/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      assert.match(await pwaStatusText(page), /Delete portfolio “no-such-portfolio” could not be saved: .+ \(HTTP 404\)\. The change was undone\./);

      const after = await serverPortfolios(demo);
      assert.equal(after.filter((p) => p.name === 'Offline fund II').length, 1, 'the create applied exactly once, then the rename of its placeholder');
      assert.equal(after.filter((p) => p.name === 'Offline fund').length, 0);
      assert.equal(after.find((p) => p.id === balanced.id)?.name, 'Balanced (edited offline)');
      assert.equal(after.length, before.length + 1);
      const watchlist = ((await asDemoUser(demo, '/api/watchlist')) as { items: Array<{ assetId: string }> }).items;
      assert.equal(watchlist.filter((item) => item.assetId === 'DOGE').length, 1);

      // A second replay (another tab, the worker's retry) changes nothing on the server.
      await page.evaluate(() => navigator.serviceWorker.ready.then((r) => (r as unknown as { sync: { register(t: string): Promise<void> } }).sync.register('crw-offline-edits')));
      await page.waitForTimeout(1000);
      assert.equal((await serverPortfolios(demo)).length, after.length);
      await page.waitForFunction(() => /Offline fund II/.test(document.querySelector('portfolio-manager')?.shadowRoot?.textContent ?? '') && !/pending-/.test(document.querySelector('portfolio-manager')?.shadowRoot?.innerHTML ?? ''), null, { timeout: 15_000 });
    } finally {
      await close();
    }
  });

  it('keep their queue across a browser close: relaunched on the same profile, each applies exactly once', { timeout: 120_000 }, async () => {
    const first = await launchPersistentChromium();
    let relaunched: Awaited<ReturnType<typeof launchPersistentChromium>> | undefined;
    try {
      const page = await first.context.newPage();
      await page.goto(demo.url);
      await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
      await page.waitForFunction(() => /Balanced/.test(document.querySelector('portfolio-manager')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      const before = await serverPortfolios(demo);
      const watchBefore = ((await asDemoUser(demo, '/api/watchlist')) as { items: Array<{ assetId: string }> }).items;
      assert.equal(watchBefore.filter((item) => item.assetId === 'AVAX').length, 0);

      await first.context.setOffline(true);
      await page.waitForFunction(() => !navigator.onLine);
      const created = (await mutate(page, 'createPortfolio', { body: { name: 'Closed fund', holdings: [{ assetId: 'ETH', quantity: 2, costBasis: 3000 }] } })) as Portfolio;
      await mutate(page, 'updatePortfolio', { id: created.id, patch: { name: 'Reopened fund' } });
      await mutate(page, 'addToWatchlist', { assetId: 'AVAX' });
      await page.waitForFunction(() => /3 edits waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''));

      // The whole browser goes, not only the tab; the profile stays, as on a real machine.
      await first.close({ keepProfile: true });
      relaunched = await launchPersistentChromium(first.userDataDir);
      // Still offline at first: the queue and the optimistic data come back from the profile.
      await relaunched.context.setOffline(true);
      const again = await relaunched.context.newPage();
      await again.goto(demo.url);
      await again.waitForFunction(() => /3 edits waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      await again.waitForFunction(() => /Reopened fund/.test(document.querySelector('portfolio-manager')?.shadowRoot?.textContent ?? ''), null, { timeout: 15_000 });
      assert.equal((await serverPortfolios(demo)).length, before.length, 'nothing reached the server while the browser was closed');

      await relaunched.context.setOffline(false);
      await again.waitForFunction(() => !/waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      const after = await serverPortfolios(demo);
      assert.equal(after.length, before.length + 1);
      assert.equal(after.filter((p) => p.name === 'Reopened fund').length, 1, 'the create applied once, renamed');
      assert.equal(after.filter((p) => p.name === 'Closed fund').length, 0);
      const watchAfter = ((await asDemoUser(demo, '/api/watchlist')) as { items: Array<{ assetId: string }> }).items;
      assert.equal(watchAfter.filter((item) => item.assetId === 'AVAX').length, 1);
      assert.match(await pwaStatusText(again), /^(?!.*could not be saved)/, 'nothing was refused');
    } finally {
      await relaunched?.close();
      await first.close().catch(() => {});
    }
  });
});
