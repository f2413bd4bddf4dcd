// The example apps as their users get them: the package is packed once (`npm pack`), each example
// installs that tarball with `npm ci` from its committed lock, type-checks strictly and builds once,
// and the built app is served on its own origin against a real feed server on another.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error plain JS helper without type declarations
import { startFeedProcess } from '../../scripts/feed-process.mjs';
import { launchChromium, serveStatic } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the examples' package.json files expect the tarball (`file:../../.pack/crypto-risk-widgets.tgz`). */
const TARBALL = join(ROOT, '.pack/crypto-risk-widgets.tgz');

interface Example {
  name: string;
  /** The built app, relative to the example's folder. */
  output: string;
}

const EXAMPLES: Example[] = [
  { name: 'react', output: 'dist' },
  { name: 'vue', output: 'dist' },
  { name: 'angular', output: 'dist/browser' },
  { name: 'html', output: 'dist' },
]
  .filter((example) => existsSync(join(ROOT, 'examples', example.name, 'package.json')))
  // CRW_EXAMPLES=react,vue runs only those.
  .filter((example) => !process.env.CRW_EXAMPLES || process.env.CRW_EXAMPLES.split(',').includes(example.name));

interface FeedProcess { url: string; stop(): Promise<void> }

function sh(command: string, args: string[], cwd: string): Promise<{ ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true', NG_CLI_ANALYTICS: 'false' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve({ ms: Date.now() - started });
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Packs the built package once; every example installs this one tarball. */
async function pack(): Promise<void> {
  assert.ok(existsSync(join(ROOT, 'dist/lib/index.js')), 'dist/ is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'crw-pack-'));
  await sh('npm', ['pack', '--silent', '--pack-destination', dir], ROOT);
  const [file] = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  assert.ok(file, 'npm pack wrote no tarball');
  mkdirSync(join(ROOT, '.pack'), { recursive: true });
  copyFileSync(join(dir, file), TARBALL);
}

/**
 * `npm ci` from the committed lock. The lock names the tarball without an integrity hash, which
 * changes with every build: with one, npm would quietly install its cached copy of an older build.
 */
async function install(example: Example): Promise<number> {
  const dir = join(ROOT, 'examples', example.name);
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string }> };
  assert.equal(lock.packages['node_modules/crypto-risk-widgets']?.integrity, undefined,
    `examples/${example.name}/package-lock.json pins an integrity hash for the tarball; remove it (see examples/README.md)`);
  const { ms } = await sh('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  const installed = readFileSync(join(dir, 'node_modules/crypto-risk-widgets/dist/lib/index.js'), 'utf8');
  assert.equal(installed, readFileSync(join(ROOT, 'dist/lib/index.js'), 'utf8'), `examples/${example.name} did not install this build`);
  return ms;
}

async function build(example: Example): Promise<number> {
  const { ms } = await sh('npm', ['run', '--silent', 'build'], join(ROOT, 'examples', example.name));
  assert.ok(existsSync(join(ROOT, 'examples', example.name, example.output, 'index.html')), `examples/${example.name} built no index.html`);
  return ms;
}

/** Errors the page logs, and uncaught exceptions. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!ok(value)) {
    if (Date.now() - started > ms) assert.fail(`${what}: still ${JSON.stringify(value)} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** What the live ticker shows: asset → price text, in order. */
const readTicker = (page: Page) => page.evaluate(() => {
  const ticker = document.querySelector('crypto-ticker#live-prices');
  return [...(ticker?.shadowRoot?.querySelectorAll('[part~="item"]') ?? [])].map((item) => [
    item.getAttribute('data-asset') ?? '',
    item.querySelector('[part~="price"]')?.textContent?.trim() ?? '',
  ]);
});

const readTestId = (page: Page, id: string) => page.evaluate((testId) => document.getElementById(testId)?.textContent?.trim() ?? '', id);

describe('example apps (packed tarball, strict type-check, production build)', { concurrency: 1 }, () => {
  let browser: Browser;
  let feed: FeedProcess;

  before(async () => {
    const started = Date.now();
    await pack();
    // Installs are mostly network and disk: all at once. Builds are CPU: one at a time, each as
    // soon as its install is done, so the small apps build while the large ones still install.
    let cpu: Promise<unknown> = Promise.resolve();
    const oneAtATime = <T>(job: () => Promise<T>): Promise<T> => {
      const run = cpu.then(job);
      cpu = run.catch(() => {});
      return run;
    };
    await Promise.all(EXAMPLES.map(async (example) => {
      const installed = await install(example);
      const built = await oneAtATime(() => build(example));
      console.log(`# examples/${example.name}: npm ci ${seconds(installed)}, build ${seconds(built)}`);
    }));
    console.log(`# examples: packed, installed and built in ${seconds(Date.now() - started)}`);
    feed = (await startFeedProcess({ rate: 20 })) as FeedProcess;
    browser = await launchChromium();
  }, { timeout: 20 * 60_000 });

  after(async () => {
    await browser?.close();
    await feed?.stop();
  });

  it('the committed React wrappers and tag list match custom-elements.json', async () => {
    await sh(process.execPath, ['scripts/framework-bindings.mjs', 'check'], ROOT);
  });

  for (const example of EXAMPLES) {
    it(`examples/${example.name}: live prices, a property binding and a crw-* event reaching the app's handler`, { timeout: 120_000 }, async () => {
      const built = join(ROOT, 'examples', example.name, example.output);
      const site = await serveStatic(built);
      const page = await browser.newPage();
      const errors = watchErrors(page);
      try {
        await page.goto(`${site.url}/?feed=${encodeURIComponent(feed.url)}`);

        // Live data: the symbols bound by the app, with prices that move.
        const first = await until(() => readTicker(page), (rows) => rows.length > 0 && rows.every(([, price]) => /^\$[\d,]+\.\d{2}$/.test(price!)), 30_000, 'ticker prices');
        assert.deepEqual(first.map(([asset]) => asset), ['BTC', 'ETH', 'SOL'], 'the ticker does not show the symbols the app bound');
        // The frameworks bind `symbols` as an array property (the plain page writes the attribute); it reflects.
        const bound = await page.evaluate(() => {
          const ticker = document.querySelector('crypto-ticker#live-prices') as (HTMLElement & { symbols: unknown }) | null;
          return { isArray: Array.isArray(ticker?.symbols), attribute: ticker?.getAttribute('symbols') };
        });
        assert.deepEqual(bound, { isArray: example.name !== 'html', attribute: 'BTC,ETH,SOL' }, 'the symbols binding');
        await until(() => readTicker(page), (rows) => JSON.stringify(rows) !== JSON.stringify(first), 30_000, 'a price change');

        // An object property: the app's own ApiClient carries the widgets' REST calls.
        await until(() => readTestId(page, 'rest-calls'), (n) => Number(n) > 0, 15_000, 'REST calls counted by the app\'s ApiClient');

        // A crw-* event reaches the framework's handler, which renders what it got.
        assert.equal(await readTestId(page, 'selected'), 'none');
        await page.locator('crypto-ticker#live-prices [data-asset="ETH"]').click();
        await until(() => readTestId(page, 'selected'), (text) => text === 'ETH', 5_000, 'the selection shown by the app');
        // The React example also uses the plain tag, with its generated JSX types.
        if (await page.locator('crypto-ticker#more-prices').count()) {
          await page.locator('crypto-ticker#more-prices [data-asset="DOT"]').click();
          await until(() => readTestId(page, 'selected'), (text) => text === 'DOT', 5_000, 'the selection from the plain tag');
        }

        assert.deepEqual(errors, [], `console errors in examples/${example.name}`);
      } finally {
        await page.close();
        await site.close();
      }
    });
  }
});
