// The `<script>`-tag bundle exactly as a user gets it (dist/cdn, built by `npm run build`): a plain
// static page on one origin, the real feed server on another, once as is and once under a strict
// Content-Security-Policy with Trusted Types. Nothing on the page is patched.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error plain JS helper without type declarations
import { startFeedProcess } from '../../scripts/feed-process.mjs';
import { serveSite, strictCsp, type StaticSite } from './static-site.js';
import { launchChromium } from './support.js';

const CDN = fileURLToPath(new URL('../../dist/cdn/', import.meta.url));

interface Feed { url: string; wsUrl: string; stop(): Promise<void> }

/** A token for the demo user, as a site's own sign-in would hand one to the page. */
async function demoToken(feed: Feed): Promise<string> {
  const answer = await fetch(`${feed.url}/api/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(answer.status, 200, 'the feed did not mint a demo token');
  return ((await answer.json()) as { token: string }).token;
}

function pageHtml(feed: Feed, token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>crypto-risk-widgets from a script tag</title>
<script src="/cdn/crypto-risk-widgets.js"></script>
</head><body>
<crypto-data-provider api-url="${feed.url}" ws-url="${feed.wsUrl}" token="${token}">
  <crypto-ticker symbols="BTC,ETH,SOL"></crypto-ticker>
  <portfolio-value portfolio-id="demo-balanced"></portfolio-value>
  <risk-gauge portfolio-id="demo-balanced"></risk-gauge>
  <alert-feed></alert-feed>
</crypto-data-provider>
</body></html>`;
}

/** Collects everything a user would see in the console as a problem. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return problems;
}

async function until<T>(page: Page, read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!ok(value)) {
    if (Date.now() - started > ms) assert.fail(`${what}; last seen: ${JSON.stringify(value)}`);
    await page.waitForTimeout(150);
    value = await read();
  }
  return value;
}

interface WidgetView {
  defined: boolean;
  states: Record<'ticker' | 'value' | 'gauge' | 'alerts', string>;
  btc: string;
  total: string;
  score: number;
  needle: string;
  swatches: string[];
  segments: number[];
}

/**
 * What the four widgets show, read from their shadow roots the way a person reads the page. Kept as
 * source text: the test runner's transpiler would otherwise add helpers the page doesn't have.
 */
const READ_WIDGETS = `(() => {
  function root(tag) { return document.querySelector(tag)?.shadowRoot; }
  function state(tag) { return root(tag)?.querySelector('[part~="base"]')?.getAttribute('data-state') ?? ''; }
  const ticker = root('crypto-ticker');
  const gauge = root('risk-gauge');
  const value = root('portfolio-value');
  const needle = gauge?.querySelector('[part~="needle"]');
  return {
    defined: ['crypto-data-provider', 'crypto-ticker', 'portfolio-value', 'risk-gauge', 'alert-feed'].every((t) => customElements.get(t)),
    states: { ticker: state('crypto-ticker'), value: state('portfolio-value'), gauge: state('risk-gauge'), alerts: state('alert-feed') },
    btc: ticker?.querySelector('[data-asset="BTC"] [part~="price"]')?.textContent?.trim() ?? '',
    total: value?.querySelector('[part~="total"]')?.textContent?.trim() ?? '',
    score: Number(gauge?.querySelector('[role="meter"]')?.getAttribute('aria-valuenow') ?? NaN),
    needle: needle ? getComputedStyle(needle).transform : '',
    swatches: [...(value?.querySelectorAll('.swatch') ?? [])].map((s) => getComputedStyle(s).backgroundColor),
    segments: [...(value?.querySelectorAll('.bar .segment') ?? [])].map((s) => s.getBoundingClientRect().width),
  };
})()`;

function readWidgets(page: Page): Promise<WidgetView> {
  return page.evaluate(READ_WIDGETS) as Promise<WidgetView>;
}

/** The rotation a CSS transform matrix describes, in degrees. */
function rotation(matrix: string): number {
  const m = /matrix\(([^,]+), ([^,]+),/.exec(matrix);
  return m ? (Math.atan2(Number(m[2]), Number(m[1])) * 180) / Math.PI : NaN;
}

function autoloaderHtml(feed: Feed, token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>crypto-risk-widgets autoloader</title>
<script type="module" src="/cdn/autoloader.js"></script>
</head><body>
<crypto-data-provider api-url="${feed.url}" ws-url="${feed.wsUrl}" token="${token}">
  <crypto-ticker symbols="BTC,ETH"></crypto-ticker>
</crypto-data-provider>
</body></html>`;
}

describe('the CDN bundle on a plain page (dist/cdn/crypto-risk-widgets.js)', () => {
  let feed: Feed;
  let token: string;
  let browser: Browser;
  const sites: StaticSite[] = [];

  before(async () => {
    assert.ok(existsSync(`${CDN}crypto-risk-widgets.js`), 'dist/cdn is missing: run `npm run build` first');
    feed = await startFeedProcess({ seed: 42, rate: 20, args: ['--demo-auth'] });
    token = await demoToken(feed);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all(sites.map((s) => s.close()));
    await feed?.stop();
  });

  for (const csp of [false, true]) {
    it(`shows live data in all four widgets with no console errors${csp ? ' under a strict CSP with Trusted Types' : ''}`, { timeout: 90_000 }, async () => {
      const site = await serveSite({
        mounts: { '/cdn/': CDN },
        pages: { '/': () => pageHtml(feed, token) },
        headers: csp ? { 'content-security-policy': strictCsp(feed.url) } : {},
      });
      sites.push(site);
      const page = await browser.newPage();
      const problems = watchConsole(page);
      await page.goto(`${site.url}/`);

      const live = await until(page, () => readWidgets(page),
        (w) => Object.values(w.states).every((s) => s === 'live') && w.btc.startsWith('$') && w.total.startsWith('$') && Number.isFinite(w.score),
        'the four widgets never all went live');
      assert.ok(live.defined, 'the bundle did not define the elements');
      assert.match(live.btc, /^\$[\d,]+\.\d{2}$/);
      assert.match(live.total, /^\$[\d,]+\.\d{2}$/);

      // The needle points at the score (-90° at 0, +90° at 100), which inline styles could not do under the CSP.
      const gauge = await until(page, () => readWidgets(page), (w) => Math.abs(rotation(w.needle) - (w.score * 1.8 - 90)) < 2,
        'the risk-gauge needle does not point at the score', 5_000);
      assert.ok(gauge.score >= 0 && gauge.score <= 100);
      // Every allocation swatch has a colour and the bar segments have widths.
      assert.ok(gauge.swatches.length > 0, 'no allocation legend');
      for (const colour of gauge.swatches) assert.notEqual(colour, 'rgba(0, 0, 0, 0)', 'an allocation swatch lost its colour');
      assert.ok(gauge.segments.some((w) => w > 0), 'the allocation bar segments have no width');

      // Live: the BTC price moves without a reload.
      await until(page, () => readWidgets(page), (w) => w.btc !== live.btc && w.btc.startsWith('$'), 'the BTC price never changed');

      assert.deepEqual(problems, [], 'console errors or warnings');
      await page.close();
      assert.deepEqual(site.cspReports, [], 'Content-Security-Policy violations');
    });
  }

  for (const csp of [false, true]) {
    it(`autoloader: loads only the chunks of the tags on the page, and defines a tag added later${csp ? ' (strict CSP)' : ''}`, { timeout: 90_000 }, async () => {
      const site = await serveSite({
        mounts: { '/cdn/': CDN },
        pages: { '/': () => autoloaderHtml(feed, token) },
        headers: csp ? { 'content-security-policy': strictCsp(feed.url) } : {},
      });
      sites.push(site);
      const page = await browser.newPage();
      const problems = watchConsole(page);
      await page.goto(`${site.url}/`);
      const live = await until(page, () => readWidgets(page), (w) => w.states.ticker === 'live' && w.btc.startsWith('$'), 'the autoloaded ticker never went live');
      const widgetChunks = () => site.requests.filter((p) => p.startsWith('/cdn/widgets/')).sort();
      assert.deepEqual(widgetChunks(), ['/cdn/widgets/crypto-data-provider.js', '/cdn/widgets/crypto-ticker.js']);
      assert.ok(!site.requests.includes('/cdn/crypto-risk-widgets.js'), 'the autoloader page loaded the all-in-one bundle');
      // Every frame and answer a ticker meets passes a hand-written check: the zod schemas stay on the server.
      const schemaChunks = () => site.requests.filter((p) => p.startsWith('/cdn/chunks/client-schemas-'));
      await until(page, () => readWidgets(page), (w) => w.btc !== live.btc, 'the autoloaded ticker never ticked');
      assert.deepEqual(schemaChunks(), [], 'a page with only a ticker loaded the zod schemas');

      // A widget added after load is found by the observer, loaded, defined and goes live.
      assert.equal(await page.evaluate(`customElements.get('risk-gauge') === undefined`), true);
      await page.evaluate(`{
        const gauge = document.createElement('risk-gauge');
        gauge.setAttribute('portfolio-id', 'demo-balanced');
        document.querySelector('crypto-data-provider').append(gauge);
      }`);
      await until(page, () => readWidgets(page), (w) => w.states.gauge === 'live' && Number.isFinite(w.score), 'the risk-gauge added later never went live');
      assert.deepEqual(widgetChunks(), ['/cdn/widgets/crypto-data-provider.js', '/cdn/widgets/crypto-ticker.js', '/cdn/widgets/risk-gauge.js']);
      assert.equal(schemaChunks().length, 1, 'the risk answers, which have no hand-written check, load the schemas once');
      for (const tag of ['portfolio-value', 'alert-feed', 'market-movers', 'price-chart']) {
        assert.ok(!site.requests.includes(`/cdn/widgets/${tag}.js`), `<${tag}> was loaded though the page has none`);
      }
      // No provider here asks for monitoring or pwa, and the feed never gets busy enough for the
      // socket Worker: their layers stay on the server.
      const onDemand = () => site.requests.filter((p) => /^\/cdn\/chunks\/(performance-monitor|web-vitals|offline-|persist-cache|pwa-controller|worker-sockets)/.test(p));
      assert.deepEqual(onDemand(), [], 'an on-demand layer was loaded though no provider asked for it');

      // <pwa-status> has its own chunk too, which brings the service worker controller with it.
      await page.evaluate(`document.body.append(document.createElement('pwa-status'))`);
      await until(page, () => page.evaluate(`document.querySelector('pwa-status')?.shadowRoot?.querySelector('[part="network"]')?.textContent ?? ''`), (text) => text === 'Online',
        'the <pwa-status> added later never rendered');
      assert.ok(site.requests.includes('/cdn/widgets/pwa-status.js'));
      assert.ok(onDemand().some((p) => p.startsWith('/cdn/chunks/pwa-controller')), 'pwa-status did not bring its controller');
      assert.deepEqual(problems, [], 'console errors or warnings');
      await page.close();
      assert.deepEqual(site.cspReports, [], 'Content-Security-Policy violations');
    });
  }

  // `<crypto-data-provider worker>`: the socket, parsing and coalescing run in crw-socket-worker.js,
  // loaded from next to the bundle (the strict CSP allows it through script-src 'self').
  for (const [loader, csp] of [['bundle', false], ['bundle', true], ['autoloader', true]] as const) {
    it(`worker: the ${loader} starts the socket Worker next to itself and the ticker goes live through it${csp ? ' (strict CSP)' : ''}`, { timeout: 90_000 }, async () => {
      const html = (loader === 'bundle' ? pageHtml(feed, token) : autoloaderHtml(feed, token)).replace('<crypto-data-provider ', '<crypto-data-provider worker ');
      const site = await serveSite({
        mounts: { '/cdn/': CDN },
        pages: { '/': () => html },
        headers: csp ? { 'content-security-policy': strictCsp(feed.url) } : {},
      });
      sites.push(site);
      const page = await browser.newPage();
      const problems = watchConsole(page);
      await page.goto(`${site.url}/`);
      const live = await until(page, () => readWidgets(page), (w) => w.states.ticker === 'live' && w.btc.startsWith('$'), 'the ticker never went live');
      await until(page, () => readWidgets(page), (w) => w.btc !== live.btc && w.btc.startsWith('$'), 'the BTC price never changed');
      assert.ok(site.requests.includes('/cdn/crw-socket-worker.js'), `the Worker script was not loaded: ${site.requests.join(', ')}`);
      if (loader === 'autoloader') assert.ok(site.requests.some((p) => p.startsWith('/cdn/chunks/worker-sockets-')), 'the Worker side of the transport loads on demand');
      // The provider's connection really lives in the Worker, and counts the frames it receives there.
      const where = await page.evaluate(`(async () => {
        const provider = document.querySelector('crypto-data-provider');
        const socket = provider.services.socket;
        const api = ${loader === 'bundle' ? 'window.CryptoRiskWidgets' : 'null'};
        return {
          inWorker: api ? api.socketTransportOf(socket).inWorker : provider.worker === 'on',
          frames: socket.getStats().framesReceived,
          state: socket.getConnectionStatus().state,
        };
      })()`) as { inWorker: boolean; frames: number; state: string };
      assert.deepEqual({ ...where, frames: where.frames > 0 }, { inWorker: true, frames: true, state: 'connected' });
      assert.deepEqual(problems, [], 'console errors or warnings (a Worker that failed to start warns)');
      await page.close();
      assert.deepEqual(site.cspReports, [], 'Content-Security-Policy violations');
    });
  }
});
