// `npm run bench:risk`: how many portfolio risk updates a second the rolling risk engine keeps
// up with, against recomputing every metric from the price history (the naive baseline), both
// measured here in the same run. The target is 100 portfolios of 20 assets updated once a second
// each, on one core. It prints figures and never fails on speed.
import { performance } from 'node:perf_hooks';
import { getRiskSummary } from '../src/core/analytics/index.js';
import { RiskEngine } from '../demo/server/risk/index.js';

const ASSETS = 25;
const PORTFOLIOS = 100;
const HOLDINGS = 20;
const WINDOW = 1440; // one day of one-minute samples
const MINUTE = 60_000;
const HOUR = 3_600_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 300);

let seed = 12345;
const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const walk = (n: number, start: number, vol: number): number[] => {
  const out = [start];
  for (let i = 1; i < n; i += 1) out.push(out[i - 1]! * (1 + vol * (rand() - 0.5)));
  return out;
};

const ids = Array.from({ length: ASSETS }, (_, i) => `A${i}`);
const minute = new Map(ids.map((id) => [id, walk(WINDOW + 1, 10 + 100 * rand(), 0.004)]));
const hourly = new Map(ids.map((id) => [id, walk(720, 10 + 100 * rand(), 0.03)]));
const portfolios = Array.from({ length: PORTFOLIOS }, (_, p) => ({
  id: `p${p}`,
  holdings: [...ids].sort(() => rand() - 0.5).slice(0, HOLDINGS).map((assetId) => ({ assetId, quantity: 1 + 10 * rand(), costBasis: 0 })),
}));

const T0 = Date.UTC(2025, 0, 1);
let now = T0;
const engine = new RiskEngine({ windowSize: WINDOW, sampleIntervalMs: MINUTE, clock: () => now });

let t = performance.now();
for (const id of ids) {
  engine.backfill(id, minute.get(id)!, MINUTE);
  engine.backfill(id, hourly.get(id)!, HOUR);
}
for (const p of portfolios) engine.setPortfolio(p);
// A portfolio's history is replayed when it is first read.
for (const p of portfolios) engine.history(p.id, '1h');
const startupMs = performance.now() - t;

// Steady state: every simulated second each asset ticks once and every portfolio is re-read.
const prices = new Map(ids.map((id) => [id, minute.get(id)!.at(-1)!]));
const history = new Map(ids.map((id) => [id, minute.get(id)!.slice()]));
let tickMs = 0;
let metricsMs = 0;
let updates = 0;
let ticks = 0;
for (let s = 0; s < SECONDS; s += 1) {
  now = T0 + s * 1000;
  t = performance.now();
  for (const id of ids) {
    const p = prices.get(id)! * (1 + 0.002 * (rand() - 0.5));
    prices.set(id, p);
    engine.onPrice(id, p, now);
    ticks += 1;
  }
  const t1 = performance.now();
  tickMs += t1 - t;
  for (const p of portfolios) {
    engine.metrics(p.id, prices, now);
    updates += 1;
  }
  metricsMs += performance.now() - t1;
  if (s % 60 === 59) for (const id of ids) history.get(id)!.push(prices.get(id)!); // the minute's close
}
const engineMs = tickMs + metricsMs;
const perUpdateMs = engineMs / updates;

// Naive baseline: every metric recomputed from the last day of closes for each update.
const NAIVE_UPDATES = Number(process.env.BENCH_NAIVE ?? 100);
t = performance.now();
for (let k = 0; k < NAIVE_UPDATES; k += 1) {
  const p = portfolios[k % PORTFOLIOS]!;
  const histories = new Map(p.holdings.map((h) => [h.assetId, history.get(h.assetId)!.slice(-(WINDOW + 1))]));
  getRiskSummary({ holdings: p.holdings, prices, histories, annualization: 365 * 1440, periodsPerDay: 1440 });
}
const naivePerUpdateMs = (performance.now() - t) / NAIVE_UPDATES;

const fmt = (x: number, d = 3): string => x.toFixed(d);
const required = PORTFOLIOS; // one update per portfolio per second
console.log(`risk engine benchmark: ${PORTFOLIOS} portfolios x ${HOLDINGS} assets (universe ${ASSETS}), window ${WINDOW} one-minute samples`);
console.log(`  start-up (backfill 24 h of minutes + 30 d of hours, ${PORTFOLIOS} portfolios with history replay): ${fmt(startupMs, 0)} ms`);
console.log(`  simulated ${SECONDS} s: ${ticks} ticks, ${updates} portfolio updates, ${Math.floor(SECONDS / 60)} sample closes`);
console.log(`  ticks:    ${fmt((tickMs * 1000) / ticks)} us per tick (sample closes included)`);
console.log(`  rolling:  ${fmt(perUpdateMs)} ms per portfolio update -> ${fmt(1000 / perUpdateMs, 0)} updates/s on one core`);
console.log(`  naive:    ${fmt(naivePerUpdateMs)} ms per portfolio update -> ${fmt(1000 / naivePerUpdateMs, 0)} updates/s on one core`);
console.log(`  speed-up: ${fmt(naivePerUpdateMs / perUpdateMs, 1)}x`);
console.log(`  target ${required} updates/s: rolling uses ${fmt((required * perUpdateMs) / 10, 2)} % of a core, naive ${fmt((required * naivePerUpdateMs) / 10, 1)} %`);
