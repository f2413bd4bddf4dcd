// Edits made offline in the built demo: queued in IndexedDB, kept across a reload and a browser
// close, replayed when
// the network is back, applied on the real feed server exactly once, refusals undone and explained.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { startDemoProcess, type DemoProcess } from './demo-process.js';
import { eventually, followRegistration, launchPersistentChromium, serviceWorker } from './support-pwa.js';

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

/** The demo's service worker, started again by the browser if it had stopped. */

interface StoredCredential { token: string; userId?: string; expiresAt: number }

/** Reads (or with `write`, replaces) an IndexedDB store of the worker's origin, from inside the worker. */
function workerStore<T>(worker: Worker, db: string, store: string, write?: { key: string; value: unknown }): Promise<T[]> {
  return worker.evaluate(
    ([name, storeName, change]) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(storeName, change ? 'readwrite' : 'readonly');
          if (change) tx.objectStore(storeName).put(change.value, change.key);
          const all = tx.objectStore(storeName).getAll();
          tx.oncomplete = () => {
            open.result.close();
            resolve(all.result as T[]);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [db, store, write] as const,
  );
}
const queuedInWorker = (context: BrowserContext) => serviceWorker(context).then((w) => workerStore<{ userId?: string; url: string }>(w, 'crw-offline-edits', 'edits'));
const credentialInWorker = (context: BrowserContext) => serviceWorker(context).then((w) => workerStore<StoredCredential>(w, 'crw-replay-credential', 'credential'));


async function openDashboard(context: BrowserContext, url: string, shows: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
  await page.waitForFunction((text) => (document.querySelector('portfolio-manager')?.shadowRoot?.textContent ?? '').includes(text), shows, { timeout: 30_000 });
  return page;
}

const watchlistOf = async (demo: DemoProcess) => ((await asDemoUser(demo, '/api/watchlist')) as { items: Array<{ assetId: string }> }).items.map((item) => item.assetId);

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

      // The whole browser goes, not only the tab; the profile stays, as on a real machine. The
      // tab lends the worker its token as it closes; the token is aged past its expiry here, so
      // that the relaunched page is what replays: a worker started at relaunch reaches the network
      // in headless Chromium despite the emulated offline. (The worker's replay with a valid token
      // is the next test.)
      await page.close();
      const [lent] = await eventually(() => credentialInWorker(first.context), (stored) => stored.length === 1, 'the token lent to the worker');
      await workerStore(await serviceWorker(first.context), 'crw-replay-credential', 'credential', { key: 'current', value: { ...lent!, expiresAt: Date.now() - 1000 } });
      await first.close({ keepProfile: true });
      // Still offline at first: the queue and the optimistic data come back from the profile.
      relaunched = await launchPersistentChromium(first.userDataDir, { offline: true });
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
  it('replay through Background Sync with no page open, with the token the page lent: each once, for its user; an expired or refused token leaves them for the next page', { timeout: 150_000 }, async () => {
    const { context, close } = await launchPersistentChromium();
    try {
      const origin = new URL(demo.url).origin;
      // A blank tab holds the CDP session, so that no page of the dashboard's is open when the worker replays.
      const blank = await context.newPage();
      const cdp = await context.newCDPSession(blank);
      const registrationId = await followRegistration(cdp, origin);
      const sync = async () => cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: await registrationId(), tag: 'crw-offline-edits', lastChance: false });

      // 1. Edits made offline, the dashboard closed, the network back: the worker replays them alone
      // (Chromium fires the sync itself when the network comes back; the test fires it too, as a
      // browser retrying would, which must change nothing).
      let page = await openDashboard(context, demo.url, 'Balanced');
      const before = await serverPortfolios(demo);
      const balanced = before.find((p) => p.id === 'demo-balanced')!;
      assert.ok(!(await watchlistOf(demo)).includes('ADA'));
      await context.setOffline(true);
      await page.waitForFunction(() => !navigator.onLine);
      const created = (await mutate(page, 'createPortfolio', { body: { name: 'Synced fund', holdings: [{ assetId: 'SOL', quantity: 3, costBasis: 150 }] } })) as Portfolio;
      await mutate(page, 'updatePortfolio', { id: created.id, patch: { name: 'Synced fund II' } });
      await mutate(page, 'addToWatchlist', { assetId: 'ADA' });
      await page.waitForFunction(() => /3 edits waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 15_000 });
      assert.deepEqual((await queuedInWorker(context)).map((edit) => edit.userId), ['demo', 'demo', 'demo'], 'each edit is kept with its user');
      const [lent] = await eventually(() => credentialInWorker(context), (stored) => stored.length === 1, 'the token lent to the worker');
      assert.equal(lent!.userId, 'demo');
      assert.ok(lent!.expiresAt > Date.now(), 'a valid token');
      assert.equal((await serverPortfolios(demo)).length, before.length, 'nothing reached the server while offline');
      await page.close();
      await context.setOffline(false);
      await sync();
      await eventually(() => queuedInWorker(context), (edits) => edits.length === 0, 'the replayed queue');
      const after = await serverPortfolios(demo);
      assert.equal(after.length, before.length + 1);
      assert.equal(after.filter((p) => p.name === 'Synced fund II').length, 1, 'the create applied once, then its rename');
      assert.equal(after.filter((p) => p.name === 'Synced fund').length, 0);
      assert.equal((await watchlistOf(demo)).filter((id) => id === 'ADA').length, 1);
      assert.deepEqual(await credentialInWorker(context), [], 'the token is dropped once nothing waits');
      // The same sync again (the browser's retry): nothing changes.
      await sync();
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal((await serverPortfolios(demo)).length, after.length);

      // 2. The token expires before the network is back: the worker drops it and sends nothing.
      page = await openDashboard(context, demo.url, 'Synced fund II');
      await context.setOffline(true);
      await page.waitForFunction(() => !navigator.onLine);
      await mutate(page, 'updatePortfolio', { id: balanced.id, patch: { name: 'Balanced (synced later)' } });
      await mutate(page, 'removeFromWatchlist', { assetId: 'ADA' });
      await page.waitForFunction(() => /2 edits waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 15_000 });
      const [second] = await eventually(() => credentialInWorker(context), (stored) => stored.length === 1, 'the token lent again');
      await page.close();
      // The demo's tokens live 15 minutes; the stored one is aged past its expiry instead of waiting.
      // (Before the network comes back: Chromium fires the sync itself when it does.)
      await workerStore(await serviceWorker(context), 'crw-replay-credential', 'credential', { key: 'current', value: { ...second!, expiresAt: Date.now() - 1000 } });
      await context.setOffline(false);
      await sync();
      await eventually(() => credentialInWorker(context), (stored) => stored.length === 0, 'the expired token, dropped');

      // 3. A token the feed refuses (revoked, or signed with a key since replaced): 401, the worker
      // drops it, and the edits stay, in order. (The replays run one at a time, so once this one
      // has dropped its token the one above has finished too.)
      const [header, payload] = second!.token.split('.');
      const refused = `${header}.${payload}.${'A'.repeat(43)}`;
      await workerStore(await serviceWorker(context), 'crw-replay-credential', 'credential', { key: 'current', value: { ...second!, token: refused, expiresAt: Date.now() + 600_000 } });
      await sync();
      await eventually(() => credentialInWorker(context), (stored) => stored.length === 0, 'the refused token, dropped');
      assert.equal((await queuedInWorker(context)).length, 2, 'never dropped');
      assert.equal((await serverPortfolios(demo)).find((p) => p.id === balanced.id)?.name, balanced.name, 'nothing applied without a valid token');
      assert.ok((await watchlistOf(demo)).includes('ADA'));

      // 4. The next page, signed in, sends them with its own token: each applies once.
      page = await openDashboard(context, demo.url, 'Synced fund II');
      // The status line may not show the queue yet when the page opens, so wait for the server's side.
      const last = await eventually(() => serverPortfolios(demo), (list) => list.find((p) => p.id === balanced.id)?.name === 'Balanced (synced later)', 'the next page replays the edits');
      await page.waitForFunction(() => !/waiting to sync/.test(document.querySelector('pwa-status')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      assert.equal(last.length, after.length);
      await eventually(() => watchlistOf(demo), (ids) => !ids.includes('ADA'), 'the watchlist edit, replayed after the rename');
      assert.match(await pwaStatusText(page), /^(?!.*could not be saved)/, 'nothing was refused');
    } finally {
      await close();
    }
  });
});
