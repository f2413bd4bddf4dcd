// Server rendering with @lit-labs/ssr, from the built package (dist/lib) as a Next.js or Nuxt
// server would load it: every entry imports under Lit's DOM shim, every widget renders its loading
// state as declarative shadow DOM, and a rendered page hydrates in Chromium and goes live.
import '@lit-labs/ssr/lib/install-global-dom-shim.js';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error plain JS helper without type declarations
import { startFeedProcess } from '../../scripts/feed-process.mjs';
import { serveSite, type StaticSite } from './static-site.js';
import { launchChromium } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WIDGETS = ['crypto-ticker', 'portfolio-value', 'risk-gauge', 'alert-feed', 'connection-status', 'market-movers', 'crypto-watchlist', 'portfolio-manager', 'price-chart'];
const ENTRIES = ['index', 'define', 'chart', 'analytics', 'widgets/crypto-data-provider', ...WIDGETS.map((t) => `widgets/${t}`)];

/** Renders markup (trusted, test-owned) to the HTML string a server would send. */
async function renderToString(markup: string): Promise<string> {
  const { render } = await import('@lit-labs/ssr');
  const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
  const { html } = await import('lit');
  const { unsafeHTML } = await import('lit/directives/unsafe-html.js');
  return collectResult(render(html`${unsafeHTML(markup)}`));
}

describe('server rendering (@lit-labs/ssr)', () => {
  it('imports every package entry under the DOM shim without throwing', async () => {
    for (const entry of ENTRIES) await import(join(ROOT, `dist/lib/${entry}.js`));
  });

  for (const tag of WIDGETS) {
    it(`renders <${tag}>'s loading state as declarative shadow DOM`, async () => {
      await import(join(ROOT, 'dist/lib/define.js'));
      await import(join(ROOT, 'dist/lib/chart.js'));
      const attrs = tag === 'portfolio-value' || tag === 'risk-gauge' ? ' portfolio-id="demo-balanced"' : '';
      const out = await renderToString(`<crypto-data-provider api-url="https://feed.example"><${tag}${attrs}></${tag}></crypto-data-provider>`);
      assert.match(out, new RegExp(`<${tag}[^>]*><template shadowroot="open" shadowrootmode="open">`), 'no declarative shadow root');
      assert.match(out, /<style>[^<]*--crw-font-family/, 'the styles are not in the shadow root');
      const shadow = out.slice(out.indexOf(`<${tag}`));
      // <connection-status> shows the socket, whose loading state is "connecting".
      const loading = tag === 'connection-status' ? /data-state="connecting"/ : /data-state="loading"|aria-busy="true"/;
      assert.ok(loading.test(shadow), `<${tag}> did not render its loading state:\n${shadow.slice(0, 1500)}`);
      assert.ok(!/data-state="error"/.test(shadow), `<${tag}> rendered an error on the server`);
    });
  }

  describe('hydration in Chromium', () => {
    let feed: { url: string; wsUrl: string; stop(): Promise<void> };
    let browser: Browser;
    let site: StaticSite;
    let appDir: string;

    before(async () => {
      feed = await startFeedProcess({ seed: 42, rate: 20 });
      browser = await launchChromium();
      // The client bundle an app would build: Lit's hydration support first, then the widget entry.
      appDir = mkdtempSync(join(tmpdir(), 'crw-ssr-'));
      mkdirSync(join(appDir, 'node_modules'));
      symlinkSync(ROOT, join(appDir, 'node_modules/crypto-risk-widgets'), 'dir');
      writeFileSync(join(appDir, 'client.js'), "import '@lit-labs/ssr-client/lit-element-hydrate-support.js';\nimport 'crypto-risk-widgets/widgets/crypto-ticker';\n");
      const { build } = await import('esbuild');
      await build({
        entryPoints: [join(appDir, 'client.js')], outfile: join(appDir, 'public/client.js'), bundle: true, format: 'esm',
        platform: 'browser', target: 'es2022', nodePaths: [join(ROOT, 'node_modules')], logLevel: 'silent',
        define: { 'process.env.NODE_ENV': '"production"' },
      });
      await import(join(ROOT, 'dist/lib/widgets/crypto-ticker.js'));
      const rendered = await renderToString(`<crypto-data-provider api-url="${feed.url}" ws-url="${feed.wsUrl}"><crypto-ticker symbols="BTC,ETH"></crypto-ticker></crypto-data-provider>`);
      site = await serveSite({
        mounts: { '/app/': join(appDir, 'public') },
        pages: { '/': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSR</title></head><body>${rendered}<script type="module" src="/app/client.js"></script></body></html>` },
      });
    });

    after(async () => {
      await browser?.close();
      await site?.close();
      await feed?.stop();
      if (appDir) rmSync(appDir, { recursive: true, force: true });
    });

    it('shows the server-rendered loading state with no script at all', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${site.url}/`);
      // The browser builds the shadow root from the HTML alone (declarative shadow DOM).
      const view = await page.evaluate(`(() => {
        const root = document.querySelector('crypto-ticker')?.shadowRoot;
        return { state: root?.querySelector('[part~="base"]')?.getAttribute('data-state'), status: root?.querySelector('[part~="status"]')?.textContent };
      })()`);
      assert.deepEqual(view, { state: 'loading', status: 'Loading…' });
      await context.close();
    });

    it('hydrates the server-rendered ticker in place and goes live', { timeout: 90_000 }, async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      await page.goto(`${site.url}/`);
      const read = `(() => { const r = document.querySelector('crypto-ticker')?.shadowRoot; return { state: r?.querySelector('[part~="base"]')?.getAttribute('data-state') ?? '', btc: r?.querySelector('[data-asset="BTC"] [part~="price"]')?.textContent?.trim() ?? '', bases: r?.querySelectorAll('[part~="base"]').length ?? 0 }; })()`;
      const started = Date.now();
      let view = (await page.evaluate(read)) as { state: string; btc: string; bases: number };
      while (!(view.state === 'live' && view.btc.startsWith('$'))) {
        assert.ok(Date.now() - started < 30_000, `the hydrated ticker never went live: ${JSON.stringify(view)} ${problems.join('\n')}`);
        await page.waitForTimeout(150);
        view = (await page.evaluate(read)) as typeof view;
      }
      assert.equal(view.bases, 1, 'hydration rendered a second copy instead of reusing the server DOM');
      assert.deepEqual(problems, []);
      await page.close();
    });
  });
});
