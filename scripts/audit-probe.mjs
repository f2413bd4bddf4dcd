// `npm run audit -- --probe`: what Lighthouse's mobile score is made of, measured directly. Loads
// the built demo in headless Chromium the way Lighthouse's mobile preset sees it (a 412 × 823
// phone screen, the CPU slowed 4×), records a trace and layout-shift entries for a few seconds, and
// prints every long task (over 50 ms) with the scripts that ran in it, and every layout shift with
// the nodes that moved. Lighthouse 12.2.3's own layout-shift audit crashes on this page, and its
// long-task list names one script per task; this names the functions.
import puppeteer from 'puppeteer-core';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

/** Records in the page from its first script on: layout shifts with their sources' node names. */
function observeShifts() {
  const name = (node) => {
    if (!node) return '(removed node)';
    if (node.nodeType !== 1) return node.parentElement ? `${name(node.parentElement)} > #text` : '#text';
    const root = node.getRootNode();
    const own = `${node.localName}${node.id ? `#${node.id}` : ''}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}`;
    return root instanceof ShadowRoot ? `${name(root.host)} >>> ${own}` : own;
  };
  // A node in a shadow tree is not exposed on the entry: name what is at the spot it moved to.
  const at = (rect) => {
    let el = document.elementFromPoint(rect.x + Math.min(rect.width / 2, 4), rect.y + rect.height / 2);
    while (el?.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(rect.x + Math.min(rect.width / 2, 4), rect.y + rect.height / 2);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el ? `~${name(el)} "${(el.textContent ?? '').trim().slice(0, 30)}"` : '(removed node)';
  };
  const shifts = [];
  window.__crwProbe = { shifts };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      shifts.push({
        at: entry.startTime,
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        sources: entry.sources.map((s) => ({
          node: s.node ? name(s.node) : at(s.currentRect),
          from: [s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height].map(Math.round),
          to: [s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height].map(Math.round),
        })),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

const path = (url) => (URL.canParse(url) ? new URL(url).pathname + new URL(url).search : url || '(no script)');
const ms = (us) => `${(us / 1000).toFixed(0)} ms`;

/**
 * Long tasks from a Chromium trace: each top-level task on the renderer's main thread over 50 ms
 * (after the slowdown), with the script work inside it summed by script and function; and the
 * main thread's time by event over the whole run.
 */
function readTrace(events, navigationStart, scale = 1) {
  const main = events.find((e) => e.name === 'TracingStartedInBrowser')?.args?.data?.frames?.find((f) => !f.parent);
  const rendererPid = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (!main || e.pid === main.processId))?.pid;
  const tid = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === rendererPid)?.tid;
  const onMain = events.filter((e) => e.pid === rendererPid && e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur * scale > 50_000);
  const totals = new Map();
  for (const e of onMain) {
    if (['Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'MajorGC', 'MinorGC', 'ParseHTML', 'FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'RunMicrotasks', 'RunTask', 'FireAnimationFrame', 'TimerFire'].includes(e.name)) {
      const total = totals.get(e.name) ?? { count: 0, dur: 0 };
      total.count += 1;
      total.dur += e.dur;
      totals.set(e.name, total);
    }
  }
  const long = tasks.map((task) => {
    const end = task.ts + task.dur;
    const inside = onMain.filter((e) => e.ts >= task.ts && e.ts + e.dur <= end && e !== task);
    const what = new Map();
    for (const e of inside) {
      const data = e.args?.data ?? {};
      let key;
      if (e.name === 'FunctionCall') key = `${path(data.url)} ${data.functionName || '(anonymous)'}`;
      else if (e.name === 'EvaluateScript' || e.name === 'v8.compileModule' || e.name === 'v8.evaluateModule') key = `${e.name} ${path(data.url ?? data.fileName)}`;
      else if (['Layout', 'UpdateLayoutTree', 'Paint', 'ParseHTML', 'MajorGC', 'MinorGC', 'ParseAuthorStyleSheet'].includes(e.name)) key = e.name;
      else continue;
      what.set(key, (what.get(key) ?? 0) + e.dur);
    }
    // Nested calls of the same kind count once: keep the largest few, which are the outermost.
    const top = [...what].sort((a, b) => b[1] - a[1]).slice(0, 4);
    return { start: task.ts - navigationStart, duration: task.dur, top };
  });
  return { tasks: long, totals };
}

/**
 * Adds to each long task the functions the CPU profile sampled in it (self time, with the
 * outermost caller from our bundles), since the trace alone hides the work done in microtasks.
 */
function attributeSamples(tasks, profile, navigationStart, top = 3) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${path(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => ({ id, at: (t += profile.timeDeltas[i]) - navigationStart, dur: profile.timeDeltas[i + 1] ?? 0 }));
  for (const task of tasks) {
    const self = new Map();
    // Inclusive time per function of ours: what a task's time went into, callers included.
    const inclusive = new Map();
    for (const s of samples) {
      if (s.at < task.start || s.at > task.start + task.duration) continue;
      let node = byId.get(s.id);
      if (!node.callFrame.url && ['(idle)', '(program)', '(root)'].includes(node.callFrame.functionName)) continue;
      // Outermost frame with a script URL: what started this work.
      let outer = node;
      for (let up = parent.get(node.id); up !== undefined; up = parent.get(up)) if (byId.get(up).callFrame.url) outer = byId.get(up);
      const key = `${label(node)}  ← ${label(outer)}`;
      self.set(key, (self.get(key) ?? 0) + s.dur);
      const seen = new Set();
      for (let up = node.id; up !== undefined; up = parent.get(up)) {
        const frame = byId.get(up);
        if (!frame.callFrame.url || seen.has(label(frame))) continue;
        seen.add(label(frame));
        inclusive.set(label(frame), (inclusive.get(label(frame)) ?? 0) + s.dur);
      }
    }
    task.sampled = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
    task.inclusive = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top);
  }
}

/** Script time by function over the whole run, from a sampling CPU profile (self time: the function's own code). */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const { functionName, url, lineNumber } = node.callFrame;
    if (!url && ['(idle)', '(program)', '(root)'].includes(functionName)) continue;
    const key = url ? `${functionName || '(anonymous)'} ${path(url)}:${lineNumber + 1}` : functionName;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
}

// Lighthouse's two screens: the mobile preset's phone and the desktop preset's window.
const PHONE = { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };
const DESKTOP = { width: 1350, height: 940, deviceScaleFactor: 1, isMobile: false, hasTouch: false };

/**
 * `scale` counts each task as that many times longer, as Lighthouse's simulation does: it runs the
 * page at full speed and multiplies every task by its 4× slowdown. `cpu: 1, scale: 4` sees the
 * tasks the score is made of; `cpu: 4` sees what a slow phone lives through.
 * @param {{ url: string, seconds?: number, cpu?: number, scale?: number, desktop?: boolean, traceFile?: string, top?: number }} options
 */
export async function probe({ url, seconds = 10, cpu = 4, scale = 1, desktop = false, traceFile, top = 3 }) {
  const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const cdp = await page.createCDPSession();
    await page.setViewport(desktop ? DESKTOP : PHONE);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await page.evaluateOnNewDocument(observeShifts);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', '__metadata'] });
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime])));
    const lcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          new PerformanceObserver((list) => {
            const last = list.getEntries().at(-1);
            const el = last?.element;
            resolve(last ? { at: last.startTime, size: last.size, element: el ? `${el.localName}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"` : '(gone)' } : null);
          }).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => resolve(null), 500);
        }),
    );
    const { shifts } = await page.evaluate(() => window.__crwProbe);
    const { profile } = await cdp.send('Profiler.stop');
    const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
    if (traceFile) writeFileSync(traceFile, JSON.stringify(trace));
    const events = trace.traceEvents;
    const navigationStart = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)?.ts ?? events.find((e) => e.name === 'navigationStart')?.ts ?? 0;
    const { tasks, totals } = readTrace(events, navigationStart, scale);
    attributeSamples(tasks, profile, navigationStart, top);
    return { paints, lcp, shifts, tasks, totals, functions: selfTimes(profile) };
  } finally {
    await browser.close();
  }
}

/** Prints a probe's findings, with the load average (figures on a shared machine vary). */
export function printProbe({ paints, lcp, shifts, tasks, totals, functions }, { seconds, cpu, scale = 1, desktop = false, top = 3 }) {
  const screen = desktop ? DESKTOP : PHONE;
  const counted = scale === 1 ? '' : ` · tasks counted ${scale}× (durations as measured)`;
  console.log(`\nProbe · ${seconds} s after load · CPU ${cpu}× slower${counted} · ${screen.width} × ${screen.height} · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log(`  first contentful paint ${Math.round(paints['first-contentful-paint'] ?? NaN)} ms (not throttled on the network)`);
  if (lcp) console.log(`  largest contentful paint ${Math.round(lcp.at)} ms: ${lcp.element}`);
  const cls = shifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0);
  console.log(`\n  layout shifts: ${shifts.length}, summing to ${cls.toFixed(3)} (CLS takes the worst 5 s window of these)`);
  for (const s of shifts) {
    console.log(`    ${String(Math.round(s.at)).padStart(6)} ms  ${s.value.toFixed(4)}`);
    for (const source of s.sources) console.log(`        ${source.node}  [${source.from}] → [${source.to}]`);
  }
  const blocking = tasks.reduce((sum, t) => sum + Math.max(0, t.duration * scale - 50_000), 0);
  console.log(`\n  long tasks: ${tasks.length}, blocking ${ms(blocking)} in all (each task's time${scale === 1 ? '' : ` × ${scale}`} past 50 ms)`);
  for (const t of tasks) {
    console.log(`    ${ms(t.start).padStart(9)}  ${ms(t.duration).padStart(7)}`);
    for (const [what, dur] of t.top) console.log(`        ${ms(dur).padStart(7)}  ${what}`);
    for (const [what, dur] of t.sampled ?? []) console.log(`        ${ms(dur).padStart(7)}  sampled: ${what}`);
    if (top > 3) for (const [what, dur] of t.inclusive ?? []) console.log(`        ${ms(dur).padStart(7)}  inclusive: ${what}`);
  }
  console.log('\n  main thread, whole run (nested events overlap: RunTask holds the rest):');
  for (const [name, { count, dur }] of [...totals].sort((a, b) => b[1].dur - a[1].dur)) console.log(`    ${ms(dur).padStart(8)}  ${String(count).padStart(5)}×  ${name}`);
  console.log('\n  script self time by function (CPU profile, whole run; a build with --minify false names them):');
  for (const [what, us] of functions) console.log(`    ${ms(us).padStart(7)}  ${what}`);
  console.log('');
}
