// Client benchmark in headless Chromium: the library's tickers against two baselines (A: parse and
// write every message at once; B: write each asset's latest value once per animation frame), on
// the same page with the same in-page fake feed, interleaved, repeated. Prints medians, ratios to
// B and whether the final DOM was exact. Never fails on speed.
// Usage: tsx scripts/bench-browser.ts [--reps 3] [--seconds 3] [--src src] [--only name,name] [--impls lib,B] [--json]
//   [--trace] prints where each run's main-thread time went (script, style, layout, paint) from a Chromium trace;
//   [--profile DIR] writes a CPU profile per run (unminified build) and prints its top functions;
//   [--dump DIR] writes per run what the render budget measured at each flush and each latency sample, as JSON.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
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
    /** Writes a CPU profile of the main thread per run (unminified build) and prints its top functions. */
    profile: { type: 'string' },
    impls: { type: 'string' },
    /** Writes per run the render budget's measurements ([time, work ms, rows, waiting, frames per flush]), the latency samples ([frame time, ms, sent at]) and the frames over 50 ms ([start, ms]). */
    dump: { type: 'string' },
    /** Records a Chromium trace per run and prints where the main thread's time went (script, style, layout, paint…). */
    trace: { type: 'boolean', default: false },
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
  /** Its own window, in seconds, instead of `--seconds`. */
  seconds?: number;
  /** Measure what stays: JS heap and DOM nodes after a garbage collection, before and after the window. */
  memory?: boolean;
}
const SCENARIOS: Scenario[] = [
  { name: '10k msg/s × 100 rows', tickers: 10, perTicker: 10, rate: 10_000, worker: true },
  { name: '10k msg/s × 100 rows, sparklines', tickers: 10, perTicker: 10, rate: 10_000, sparkline: true },
  { name: '100k msg/s × 100 rows', tickers: 10, perTicker: 10, rate: 100_000, worker: true },
  { name: '30k msg/s × 1,000 rows', tickers: 100, perTicker: 10, rate: 30_000, worker: true },
  { name: 'latency, 1k msg/s × 100 rows', tickers: 10, perTicker: 10, rate: 1000, latency: true },
  { name: 'memory, 1M messages at 100k msg/s × 100 rows', tickers: 10, perTicker: 10, rate: 100_000, worker: true, seconds: 10, memory: true },
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
        import { RenderBudget } from ${rel('core/query/index.ts')};
        import { install } from ${JSON.stringify(resolve(ROOT, 'scripts/bench/page.ts'))};
        install({ WebSocketClient, ApiClient, SocketTransport, RenderBudget });`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    minify: !values.profile,
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
  if (values.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (values.trace) await page.context().browser()!.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const before = scenario.memory ? await retained(cdp) : undefined;
  const task0 = await metric(cdp, 'TaskDuration');
  const t0 = performance.now();
  await sleep(scenario.seconds ? scenario.seconds * 1000 : WINDOW_MS);
  if (values.trace) {
    const trace = (await page.context().browser()!.stopTracing()).toString();
    printTraceBreakdown(JSON.parse(trace), WINDOW_MS, `${scenario.name} ${impl}`);
  }
  const task1 = await metric(cdp, 'TaskDuration');
  const t1 = performance.now();
  if (values.profile) {
    const { profile } = await cdp.send('Profiler.stop');
    const file = resolve(values.profile, `${scenario.name.replace(/[^a-z0-9]+/gi, '-')}-${impl}.cpuprofile`);
    await mkdir(values.profile, { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    printTopFunctions(profile, `${scenario.name} ${impl}`);
  }
  const result = await page.evaluate(() => (window as any).bench.finish());
  const { budgetLog, latencyLog, longFrames, ...figures } = result;
  if (values.dump) {
    await mkdir(values.dump, { recursive: true });
    await writeFile(resolve(values.dump, `${scenario.name.replace(/[^a-z0-9]+/gi, '-')}-${impl}-${Date.now()}.json`), JSON.stringify({ budgetLog, latencyLog, longFrames }));
  }
  const after = scenario.memory ? await retained(cdp) : undefined;
  const memory = before && after ? { heapGrowthMB: after.heapMB - before.heapMB, nodesGrowth: after.nodes - before.nodes, messages: figures.rate * ((t1 - t0) / 1000) } : {};
  return { ...figures, ...memory, busy: (task1 - task0) / ((t1 - t0) / 1000) };
}

/** What the page holds after a full garbage collection: JS heap in MB and DOM nodes. */
async function retained(cdp: CDPSession): Promise<{ heapMB: number; nodes: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  return { heapMB: (await metric(cdp, 'JSHeapUsedSize')) / 2 ** 20, nodes: await metric(cdp, 'Nodes') };
}

interface TraceEvent { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { data?: { frame?: string } } }
/** Main-thread time per trace event kind (self time of the top-level kinds), as ms per second. */
function printTraceBreakdown(trace: { traceEvents: TraceEvent[] }, windowMs: number, title: string): void {
  const events = trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'CrRendererMain');
  const kinds = ['FunctionCall', 'EvaluateScript', 'FireAnimationFrame', 'RunMicrotasks', 'TimerFire', 'EventDispatch', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'Commit', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'HitTest', 'ParseHTML', 'RunTask'];
  const sums = new Map<string, { ms: number; count: number }>();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || (!kinds.includes(e.name))) continue;
    const sum = sums.get(e.name) ?? { ms: 0, count: 0 };
    sum.ms += (e.dur ?? 0) / 1000;
    sum.count++;
    sums.set(e.name, sum);
  }
  const frames = sums.get('Commit')?.count ?? 0;
  const perSecond = (ms: number) => (ms / (windowMs / 1000)).toFixed(1);
  process.stderr.write(`  trace ${title}: ms per s | ms per painted frame (${frames} frames); nested kinds overlap RunTask\n`);
  const layouts = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.name === 'Layout' && e.ph === 'X') as unknown as Array<{ args: { beginData?: { dirtyObjects?: number; totalObjects?: number; partialLayout?: boolean } } }>;
  const dirty = layouts.map((e) => e.args.beginData?.dirtyObjects ?? 0).sort((a, b) => a - b);
  process.stderr.write(`    layouts ${layouts.length}, ${((sums.get('Layout')?.ms ?? 0) / Math.max(1, layouts.length)).toFixed(2)} ms each, median ${dirty[dirty.length >> 1] ?? 0} objects to lay out\n`);
  for (const [name, { ms }] of [...sums].sort((a, b) => b[1].ms - a[1].ms)) process.stderr.write(`    ${perSecond(ms).padStart(7)} | ${(frames ? ms / frames : NaN).toFixed(2).padStart(6)}  ${name}\n`);
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
/** The functions with the most self time in a CPU profile, as shares of all samples. */
function printTopFunctions(profile: { nodes: ProfileNode[]; samples?: number[] }, title: string): void {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<number, number>();
  for (const id of profile.samples ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
  let total = 0;
  for (const [id, count] of counts) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + count);
    total += count;
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  process.stderr.write(`  profile ${title}: ${total} samples\n`);
  for (const [key, count] of top) process.stderr.write(`    ${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
}

function median(list: number[]): number {
  const sorted = list.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
}

const loadAtStart = loadavg().map((v) => v.toFixed(1)).join(' / ');
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
  // A run that fails ("the view never showed prices") says why.
  context.on('weberror', (error) => process.stderr.write(`  page error: ${error.error().message}\n`));
  context.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`  page console: ${message.text()}\n`);
  });
  return { browser, context };
}
let { browser, context } = await launch();
const results = new Map<string, Result[]>();
try {
  // `--only "1,000 rows"` names one scenario (its own comma is not a list separator); `--only 10k,latency` several.
  const picks = values.only && SCENARIOS.some((s) => s.name.includes(values.only!)) ? [values.only] : values.only?.split(',');
  const scenarios = picks ? SCENARIOS.filter((s) => picks.some((o) => s.name.includes(o))) : SCENARIOS;
  for (let rep = 0; rep < REPS; rep++) {
    for (const scenario of scenarios) {
      // Interleaved, and rotated per repetition so no implementation always runs first.
      const impls = implsOf(scenario).filter((impl) => !values.impls || values.impls.split(',').includes(impl));
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
          if (!values.json) process.stderr.write(`  rep ${rep + 1} ${scenario.name} ${impl}: busy ${(result.busy * 100).toFixed(0)}% fps ${result.fps!.toFixed(0)} p95 ${result.p95Frame!.toFixed(1)} max ${result.maxFrame!.toFixed(1)} >50ms ${result.over50} lat p50/p99 ${result.latencyP50?.toFixed(1)}/${result.latencyP99?.toFixed(1)} hz ${result.liveHz} rate ${result.rate!.toFixed(0)} wrong ${result.wrong} (settled in ${result.settleMs!.toFixed(0)} ms)\n`);
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
        over50: med(impl, 'over50'),
        liveHz: med(impl, 'liveHz'),
        rate: med(impl, 'rate'),
        rateVsB: med(impl, 'rate') / med('B', 'rate'),
        latencyP50: med(impl, 'latencyP50'),
        latencyP99: med(impl, 'latencyP99'),
        heapMB: med(impl, 'heapMB'),
        heapGrowthMB: med(impl, 'heapGrowthMB'),
        nodesGrowth: med(impl, 'nodesGrowth'),
        messages: med(impl, 'messages'),
        exact: runs.length ? (runs.every((r) => r.wrong === 0) ? 'yes' : `no (${runs.map((r) => r.wrong).join('/')} wrong)`) : '—',
      });
    }
  }
  const load = loadavg().map((v) => v.toFixed(1)).join(' / ');
  if (values.json) console.log(JSON.stringify({ reps: REPS, windowMs: WINDOW_MS, src: values.src, loadAverage: loadavg(), loadAtStart, table }));
  else {
    const f = (v: unknown, digits = 0) => (typeof v === 'number' ? (Number.isNaN(v) ? '—' : v.toFixed(digits)) : String(v));
    console.log(`\nBrowser benchmark (Chromium, median of ${REPS}, ${WINDOW_MS / 1000} s windows; src=${values.src})`);
    console.log(`Load average (1 / 5 / 15 min): ${loadAtStart} at the start, ${load} at the end; ${cpus().length} cores. Compare ratios to B, not absolute figures, when it is high.`);
    console.log('| scenario | impl | busy % | × B | fps | p95 frame ms | max frame ms | frames > 50 ms | live Hz | msg/s | × B | latency p50 / p99 ms | heap MB | final DOM exact |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of table) {
      if (typeof r.heapGrowthMB === 'number' && !Number.isNaN(r.heapGrowthMB)) continue;
      const latency = Number.isNaN(r.latencyP99) ? '—' : `${f(r.latencyP50, 1)} / ${f(r.latencyP99, 1)}`;
      console.log(`| ${r.scenario} | ${r.impl} | ${f((r.busy as number) * 100)} | ${f(r.busyVsB, 2)} | ${f(r.fps)} | ${f(r.p95Frame, 1)} | ${f(r.maxFrame, 1)} | ${f(r.over50)} | ${f(r.liveHz)} | ${f(r.rate)} | ${f(r.rateVsB, 2)} | ${latency} | ${f(r.heapMB, 1)} | ${r.exact} |`);
    }
    const memory = table.filter((r) => typeof r.heapGrowthMB === 'number' && !Number.isNaN(r.heapGrowthMB));
    if (memory.length) {
      console.log('\nWhat stays after the window (JS heap and DOM nodes after a full garbage collection, end minus start):');
      console.log('| scenario | impl | messages | heap growth MB | DOM nodes growth | final DOM exact |');
      console.log('|---|---|---:|---:|---:|---|');
      for (const r of memory) console.log(`| ${r.scenario} | ${r.impl} | ${f(r.messages)} | ${f(r.heapGrowthMB, 2)} | ${f(r.nodesGrowth)} | ${r.exact} |`);
    }
  }
} finally {
  await browser.close();
}
