// `npm run audit`: Lighthouse 12 on the demo as `npm start` serves it (production build, real feed
// server), printing the category scores against the goals and every audit that held a score
// down. A report to read, not a test: timings on a shared machine vary from run to run.
//   npm run audit -- [--preset mobile|desktop] [--json report.json] [--trace trace.json]
//   npm run audit -- --probe [--preset mobile|desktop] [--seconds 10] [--cpu 4 | --lantern] [--trace trace.json] [--top 3]   long tasks and layout shifts, by source
//     (--top N over 3 also lists each long task's N costliest functions with their callees' time)
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { loadavg } from 'node:os';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { startDemoServer } from './demo-server.mjs';

const { values: opts } = parseArgs({
  options: {
    preset: { type: 'string', default: 'mobile' },
    json: { type: 'string' },
    probe: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    cpu: { type: 'string', default: '4' },
    top: { type: 'string', default: '3' },
    lantern: { type: 'boolean', default: false },
    trace: { type: 'string' },
  },
});
if (!['mobile', 'desktop'].includes(opts.preset)) {
  console.error(`--preset must be mobile or desktop, not "${opts.preset}".`);
  process.exit(2);
}

const GOALS = { performance: 90, accessibility: 95, 'best-practices': 95, seo: null };

const demo = await startDemoServer();
if (opts.probe) {
  const { probe, printProbe } = await import('./audit-probe.mjs');
  // --lantern: the page at full speed with each task counted 4×, as Lighthouse's score sees it.
  // --preset desktop: the desktop preset's window at full speed.
  const desktop = opts.preset === 'desktop';
  const base = { seconds: Number(opts.seconds), top: Number(opts.top), desktop };
  const settings = opts.lantern ? { ...base, cpu: 1, scale: 4 } : { ...base, cpu: desktop ? 1 : Number(opts.cpu) };
  try {
    printProbe(await probe({ url: demo.url, ...settings, traceFile: opts.trace }), settings);
  } finally {
    await demo.stop();
  }
  process.exit(0);
}
const chrome = await chromeLauncher.launch({
  chromePath: findChromium(),
  chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
});
try {
  const config = opts.preset === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  const result = await lighthouse(
    demo.url,
    { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(GOALS) },
    config,
  );
  if (!result) throw new Error('Lighthouse returned no result');
  const { lhr } = result;
  if (opts.json) writeFileSync(opts.json, result.report);
  if (opts.trace) writeFileSync(opts.trace, JSON.stringify(result.artifacts.Trace));
  console.log(`\nLighthouse ${lhr.lighthouseVersion} · ${demo.url} · ${opts.preset} · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  for (const [id, goal] of Object.entries(GOALS)) {
    const category = lhr.categories[id];
    const score = Math.round((category.score ?? 0) * 100);
    const verdict = goal === null ? '' : score >= goal ? `  (goal ${goal}: met)` : `  (goal ${goal}: NOT met)`;
    console.log(`  ${category.title.padEnd(16)} ${String(score).padStart(3)}${verdict}`);
  }
  const held = Object.values(lhr.categories).flatMap((category) =>
    category.auditRefs
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 0.9)
      .map((ref) => `  [${category.id}] ${lhr.audits[ref.id].title}${lhr.audits[ref.id].displayValue ? ` (${lhr.audits[ref.id].displayValue})` : ''}`),
  );
  if (held.length) console.log(`\nAudits below 90:\n${held.join('\n')}`);
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
  console.log(`\n${metrics.map((id) => `  ${lhr.audits[id].title}: ${lhr.audits[id].displayValue}`).join('\n')}\n`);
  // Where the time went, from Lighthouse's own diagnostics: what to fix next.
  const items = (id) => lhr.audits[id]?.details?.items ?? [];
  const path = (url) => (URL.canParse(url) ? new URL(url).pathname : url);
  const ms = (value) => `${Math.round(value).toLocaleString('en')} ms`;
  console.log('Diagnostics:');
  console.log(`  main thread: ${items('mainthread-work-breakdown').slice(0, 4).map((i) => `${i.groupLabel} ${ms(i.duration)}`).join(', ')}`);
  for (const script of items('bootup-time').slice(0, 5)) console.log(`  script ${path(script.url)}: ${ms(script.scripting)} scripting, ${ms(script.total)} in all`);
  const tasks = items('long-tasks');
  if (tasks.length) {
    // Total Blocking Time is each long task's time past 50 ms, from FCP until the page is interactive.
    const fcp = lhr.audits['first-contentful-paint'].numericValue;
    const tti = lhr.audits.interactive?.numericValue ?? Infinity;
    const blocking = (t) => (t.startTime + t.duration > fcp && t.startTime < tti ? Math.max(0, t.duration - 50) : 0);
    console.log(`  long tasks: ${tasks.length} (interactive at ${ms(tti)}); by start, with their share of the blocking time:`);
    for (const t of [...tasks].sort((a, b) => a.startTime - b.startTime)) {
      console.log(`    ${ms(t.startTime).padStart(9)}  ${ms(t.duration).padStart(8)}  blocking ${ms(blocking(t)).padStart(8)}  ${path(t.url) || '(no script)'}`);
    }
    const byScript = new Map();
    for (const t of tasks) byScript.set(path(t.url) || '(no script)', (byScript.get(path(t.url) || '(no script)') ?? 0) + blocking(t));
    console.log(`  blocking time by script: ${[...byScript].sort((a, b) => b[1] - a[1]).map(([url, total]) => `${url} ${ms(total)}`).join(', ')}`);
  }
  const lcp = items('largest-contentful-paint-element')[0]?.items?.[0]?.node;
  if (lcp) console.log(`  LCP element: ${lcp.snippet}`);
  const blocking = items('render-blocking-resources');
  if (blocking.length) console.log(`  render-blocking: ${blocking.map((r) => path(r.url)).join(', ')}`);
  const unused = items('unused-javascript');
  if (unused.length) console.log(`  unused JavaScript: ${unused.slice(0, 4).map((r) => `${path(r.url)} ${Math.round(r.wastedBytes / 1024)} KiB`).join(', ')}`);
  console.log('');
} finally {
  await chrome.kill();
  await demo.stop();
}
