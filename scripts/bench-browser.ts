// Client benchmark in headless Chromium: the library's tickers against two baselines (A: parse and
// write every message at once; B: write each asset's latest value once per animation frame), on
// the same page with the same in-page fake feed, interleaved, repeated. Prints medians, ratios to
// B and whether the final DOM was exact. Never fails on speed.
// Usage: tsx scripts/bench-browser.ts [--reps 3] [--seconds 3] [--src src] [--only name,name] [--json]
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    src: { type: 'string', default: 'src' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const REPS = Math.max(1, Number(values.reps));
const WINDOW_MS = Math.max(1, Number(values.seconds)) * 1000;
const SRC = resolve(ROOT, values.src!);

interface Scenario {
  name: string;
  tickers: number;
  perTicker: number;
  rate: number;
  sparkline?: boolean;
  latency?: boolean;
  /** Also run the library with its socket Worker (the feed then runs inside the Worker). */
  worker?: boolean;
}
const SCENARIOS: Scenario[] = [
  { name: '10k msg/s × 100 rows', tickers: 10, perTicker: 10, rate: 10_000, worker: true },
  { name: '10k msg/s × 100 rows, sparklines', tickers: 10, perTicker: 10, rate: 10_000, sparkline: true },
  { name: '100k msg/s × 100 rows', tickers: 10, perTicker: 10, rate: 100_000, worker: true },
  { name: '30k msg/s × 1,000 rows', tickers: 100, perTicker: 10, rate: 30_000, worker: true },
  { name: 'latency, 1k msg/s × 100 rows', tickers: 10, perTicker: 10, rate: 1000, latency: true },
];
const IMPLS = ['A', 'B', 'lib', 'worker'] as const;
type Impl = (typeof IMPLS)[number];

const implsOf = (scenario: Scenario) => IMPLS.filter((impl) => impl !== 'worker' || scenario.worker);

/** The bench's socket Worker: the library's Worker side, fed by the bench feed running in the Worker. */
async function bundleWorker(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { serveSockets } from ${JSON.stringify(resolve(SRC, 'core/worker/serve-sockets.ts'))};
        import { run } from ${JSON.stringify(resolve(ROOT, 'scripts/bench/worker.ts'))};
        run(serveSockets);`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true, format: 'iife', write: false, minify: true, target: 'es2022', tsconfig: resolve(ROOT, 'tsconfig.json'), logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

async function bundle(): Promise<string> {
  const rel = (path: string) => JSON.stringify(resolve(SRC, path));
  const result = await build({
    stdin: {
      contents: `import ${rel('define.ts')};
        import { WebSocketClient } from ${rel('core/socket/index.ts')};
        import { ApiClient } from ${rel('core/api/index.ts')};
        import { SocketTransport } from ${rel('core/worker/index.ts')};
        import { install } from ${JSON.stringify(resolve(ROOT, 'scripts/bench/page.ts'))};
        install({ WebSocketClient, ApiClient, SocketTransport });`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    target: 'es2022',
    tsconfig: resolve(ROOT, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m: { name: string }) => m.name === name)?.value ?? NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Result = Record<string, number>;

async function runOnce(page: Page, cdp: CDPSession, scenario: Scenario, impl: Impl): Promise<Result> {
  await page.goto('http://bench.local/');
  await page.evaluate((config) => (window as any).bench.start(config), { ...scenario, impl });
  await sleep(1000); // warm-up
  await page.evaluate(() => (window as any).bench.beginWindow());
  const task0 = await metric(cdp, 'TaskDuration');
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const task1 = await metric(cdp, 'TaskDuration');
  const t1 = performance.now();
  const result = await page.evaluate(() => (window as any).bench.finish());
  return { ...result, busy: (task1 - task0) / ((t1 - t0) / 1000) };
}

function median(list: number[]): number {
  const sorted = list.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
}

const code = await bundle();
const workerCode = await bundleWorker();
async function launch() {
  const browser = await chromium.launch({ executablePath: findChromium({ install: false }), headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ locale: 'en-US' });
  await context.route('http://bench.local/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/bench.js') return route.fulfill({ body: code, contentType: 'text/javascript' });
    if (url.pathname === '/bench-worker.js') return route.fulfill({ body: workerCode, contentType: 'text/javascript' });
    return route.fulfill({ body: '<!doctype html><html lang="en-US"><meta charset="utf-8"><body><script type="module" src="/bench.js"></script></body></html>', contentType: 'text/html' });
  });
  return { browser, context };
}
let { browser, context } = await launch();
const results = new Map<string, Result[]>();
try {
  const scenarios = values.only ? SCENARIOS.filter((s) => values.only!.split(',').some((o) => s.name.includes(o))) : SCENARIOS;
  for (let rep = 0; rep < REPS; rep++) {
    for (const scenario of scenarios) {
      // Interleaved, and rotated per repetition so no implementation always runs first.
      const impls = implsOf(scenario);
      const order = impls.map((_, i) => impls[(i + rep) % impls.length]!);
      for (const impl of order) {
        if (!browser.isConnected()) {
          process.stderr.write('  the browser went away; starting a new one\n');
          ({ browser, context } = await launch());
        }
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        try {
          const result = await runOnce(page, cdp, scenario, impl);
          const key = `${scenario.name}|${impl}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          if (!values.json) process.stderr.write(`  rep ${rep + 1} ${scenario.name} ${impl}: busy ${(result.busy * 100).toFixed(0)}% fps ${result.fps!.toFixed(0)} rate ${result.rate!.toFixed(0)} wrong ${result.wrong}\n`);
        } catch (err) {
          process.stderr.write(`  rep ${rep + 1} ${scenario.name} ${impl}: failed: ${(err as Error).message}\n`);
        } finally {
          await page.close().catch(() => {});
        }
      }
    }
  }
  const table: Array<Record<string, string | number>> = [];
  for (const scenario of scenarios) {
    const med = (impl: Impl, key: string) => median((results.get(`${scenario.name}|${impl}`) ?? []).map((r) => r[key]!));
    for (const impl of implsOf(scenario)) {
      const runs = results.get(`${scenario.name}|${impl}`) ?? [];
      table.push({
        scenario: scenario.name,
        impl,
        runs: runs.length,
        busy: med(impl, 'busy'),
        busyVsB: med(impl, 'busy') / med('B', 'busy'),
        fps: med(impl, 'fps'),
        p95Frame: med(impl, 'p95Frame'),
        maxFrame: med(impl, 'maxFrame'),
        rate: med(impl, 'rate'),
        rateVsB: med(impl, 'rate') / med('B', 'rate'),
        latencyP99: med(impl, 'latencyP99'),
        heapMB: med(impl, 'heapMB'),
        exact: runs.length ? (runs.every((r) => r.wrong === 0) ? 'yes' : `no (${runs.map((r) => r.wrong).join('/')} wrong)`) : '—',
      });
    }
  }
  if (values.json) console.log(JSON.stringify({ reps: REPS, windowMs: WINDOW_MS, src: values.src, table }));
  else {
    const f = (v: unknown, digits = 0) => (typeof v === 'number' ? (Number.isNaN(v) ? '—' : v.toFixed(digits)) : String(v));
    console.log(`\nBrowser benchmark (Chromium, median of ${REPS}, ${WINDOW_MS / 1000} s windows; src=${values.src})`);
    console.log('| scenario | impl | busy % | × B | fps | p95 frame ms | max frame ms | msg/s | × B | latency p99 ms | heap MB | final DOM exact |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of table) {
      console.log(`| ${r.scenario} | ${r.impl} | ${f((r.busy as number) * 100)} | ${f(r.busyVsB, 2)} | ${f(r.fps)} | ${f(r.p95Frame, 1)} | ${f(r.maxFrame, 1)} | ${f(r.rate)} | ${f(r.rateVsB, 2)} | ${f(r.latencyP99, 1)} | ${f(r.heapMB, 1)} | ${r.exact} |`);
    }
  }
} finally {
  await browser.close();
}
