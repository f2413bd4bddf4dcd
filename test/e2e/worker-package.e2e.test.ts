// `<crypto-data-provider worker>` from the npm package as an app gets it: the packed tarball,
// bundled by Vite into an app, served on its own origin against a real feed server on another.
// Vite must ship the socket Worker script with the app, and the connection must run in it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
// @ts-expect-error plain JS helper without type declarations
import { startFeedProcess } from '../../scripts/feed-process.mjs';
import { launchChromium, serveStatic } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the socket Worker in a Vite app built from the packed package', () => {
  let dir: string;
  let feed: { url: string; wsUrl: string; stop(): Promise<void> };
  let browser: Browser;
  let site: { url: string; close(): Promise<void> } | undefined;

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist/lib/core/worker/socket-worker.js')), 'dist/ is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'crw-worker-app-'));
    // The tarball, unpacked where the app's bundler finds it; its dependencies come from this
    // repository's install. The examples' test packs this build first; reuse its tarball if so.
    let tarball = join(ROOT, '.pack/crypto-risk-widgets.tgz');
    if (!existsSync(tarball) || statSync(tarball).mtimeMs < statSync(join(ROOT, 'dist/lib/core/worker/worker-script.js')).mtimeMs) {
      execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: 'pipe' });
      tarball = join(dir, readdirSync(dir).find((name) => name.endsWith('.tgz'))!);
    }
    execFileSync('tar', ['xzf', tarball], { cwd: dir });
    mkdirSync(join(dir, 'node_modules'));
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== '.bin' && name !== 'crypto-risk-widgets') symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
    }
    symlinkSync(join(dir, 'package'), join(dir, 'node_modules/crypto-risk-widgets'));
    feed = await startFeedProcess({ seed: 42, rate: 20 });
    writeFileSync(join(dir, 'main.js'), "import 'crypto-risk-widgets/define';\n");
    writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>worker app</title>
<script type="module" src="/main.js"></script></head><body>
<crypto-data-provider worker api-url="${feed.url}"><crypto-ticker symbols="BTC,ETH"></crypto-ticker></crypto-data-provider>
</body></html>`);
    await build({ root: dir, configFile: false, logLevel: 'error', build: { outDir: join(dir, 'dist') } });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await feed?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships the Worker script with the app and streams prices through it', { timeout: 60_000 }, async () => {
    const assets = readdirSync(join(dir, 'dist/assets'));
    assert.ok(assets.some((name) => /^socket-worker-.*\.js$/.test(name)), `no socket Worker among the app's assets: ${assets.join(', ')}`);
    site = await serveStatic(join(dir, 'dist'));
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && !m.location().url.endsWith('/favicon.ico') && problems.push(`${m.text()} (${m.location().url})`));
    page.on('pageerror', (e) => problems.push(e.message));
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.goto(`${site.url}/`);
    const read = `(() => {
      const provider = document.querySelector('crypto-data-provider');
      const cell = document.querySelector('crypto-ticker')?.shadowRoot?.querySelector('[data-asset="BTC"] [part~="price"]');
      const socket = provider?.services?.socket;
      return { price: cell?.textContent?.trim() ?? '', state: socket?.getConnectionStatus().state ?? '', frames: socket?.getStats().framesReceived ?? 0 };
    })()`;
    const started = Date.now();
    let seen = (await page.evaluate(read)) as { price: string; state: string; frames: number };
    while (!seen.price.startsWith('$') || seen.state !== 'connected') {
      assert.ok(Date.now() - started < 30_000, `the ticker never went live through the Worker: ${JSON.stringify(seen)}`);
      await page.waitForTimeout(150);
      seen = (await page.evaluate(read)) as typeof seen;
    }
    assert.match(seen.price, /^\$[\d,]+\.\d{2}$/);
    assert.ok(seen.frames > 0);
    assert.ok(workers.some((url) => /\/assets\/socket-worker-.*\.js$/.test(url)), `the socket Worker did not start: ${workers.join(', ')}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
