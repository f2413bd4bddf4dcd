import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error plain JS helper without type declarations
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.map': 'application/json', '.ico': 'image/x-icon',
};

/** Serves a built folder on 127.0.0.1 (a free port), like any static host would. */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Headless Debian Chromium, driven by playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * Scrolls each section of the demo dashboard into view, then back to the top, as a reader would:
 * the widgets below the fold (`loading="lazy"`, registered as they near the viewport) start then.
 */
export async function scrollThroughDashboard(page: Page): Promise<void> {
  await dashboardObserving(page);
  await page.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const section of document.querySelectorAll('main section')) {
      section.scrollIntoView();
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
    }
    window.scrollTo(0, 0);
  });
}

/** Scrolls one widget of the demo dashboard into view (it may be below the fold, `loading="lazy"`). */
export async function scrollDashboardTo(page: Page, selector: string): Promise<void> {
  await dashboardObserving(page);
  await page.evaluate((css) => document.querySelector(css)?.scrollIntoView(), selector);
}

/** The demo sets up its viewport observers once the first screen's widgets are registered, pwa-status last. */
async function dashboardObserving(page: Page): Promise<void> {
  await page.waitForFunction(() => customElements.get('pwa-status') !== undefined, null, { timeout: 30_000 });
}
