import type { RiskHistory, RiskHistoryPoint, RiskTimeframe } from '../../../src/core/protocol/index.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** How each timeframe is read: its span, the ring it comes from and the step between points. */
const TIMEFRAMES: Readonly<Record<RiskTimeframe, { span: number; ring: 'fine' | 'coarse'; step: number }>> = {
  '1h': { span: HOUR, ring: 'fine', step: MINUTE },
  '24h': { span: 24 * HOUR, ring: 'fine', step: 15 * MINUTE },
  '7d': { span: 7 * 24 * HOUR, ring: 'coarse', step: HOUR },
  '30d': { span: 30 * 24 * HOUR, ring: 'coarse', step: 4 * HOUR },
};

/**
 * Whether a replayed point at `ts` (closes every `intervalMs`, the last at `endTs`) would be read
 * back for some timeframe kept in `ring`: the points of the finest timeframe's span, and the last
 * of each step beyond it. Replaying only those keeps start-up cheap.
 */
export function historyKeeps(ring: 'fine' | 'coarse', endTs: number, intervalMs: number): (ts: number) => boolean {
  const frames = Object.values(TIMEFRAMES).filter((f) => f.ring === ring);
  const dense = Math.min(...frames.map((f) => f.span));
  const denseStep = Math.min(...frames.map((f) => f.step));
  const sparseStep = Math.max(...frames.map((f) => f.step));
  const lastOfStep = (ts: number, step: number): boolean => Math.floor(ts / step) !== Math.floor((ts + intervalMs) / step);
  return (ts) => (ts > endTs - dense - intervalMs ? lastOfStep(ts, denseStep) || intervalMs >= denseStep : lastOfStep(ts, sparseStep));
}

/** Points in time order, one per bucket of `bucketMs`, the latest reading of a bucket winning. */
class BucketRing {
  #points: RiskHistoryPoint[] = [];
  constructor(
    readonly bucketMs: number,
    readonly capacity: number,
  ) {}

  record(point: RiskHistoryPoint): void {
    const last = this.#points[this.#points.length - 1];
    const bucket = Math.floor(point.ts / this.bucketMs);
    if (last && Math.floor(last.ts / this.bucketMs) === bucket) this.#points[this.#points.length - 1] = point;
    else if (!last || last.ts < point.ts) this.#points.push(point);
    else return; // an older reading than the newest bucket: history only grows forwards
    if (this.#points.length > this.capacity) this.#points.splice(0, this.#points.length - this.capacity);
  }

  since(from: number): RiskHistoryPoint[] {
    let lo = 0;
    let hi = this.#points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#points[mid] as RiskHistoryPoint).ts < from) lo = mid + 1;
      else hi = mid;
    }
    return this.#points.slice(lo);
  }

  clear(): void {
    this.#points = [];
  }

  get size(): number {
    return this.#points.length;
  }
}

/**
 * A portfolio's risk readings over time: one point a minute for the last 24 h and one an hour for
 * the last 30 days, so that every timeframe can be answered without keeping every reading.
 */
export class RiskHistoryStore {
  readonly fine = new BucketRing(MINUTE, 24 * 60);
  readonly coarse = new BucketRing(HOUR, 30 * 24);

  record(point: RiskHistoryPoint): void {
    this.fine.record(point);
    this.coarse.record(point);
  }

  clear(): void {
    this.fine.clear();
    this.coarse.clear();
  }

  /** Scores of the most recent fine points, oldest first. */
  recentScores(count: number): number[] {
    return this.fine.since(-Infinity).slice(-count).map((p) => p.score);
  }

  /** The timeframe's points up to `now`, thinned to its step (the last reading of each step). */
  read(portfolioId: string, timeframe: RiskTimeframe, now: number): RiskHistory {
    const { span, ring, step } = TIMEFRAMES[timeframe];
    const source = ring === 'fine' ? this.fine : this.coarse;
    const points: RiskHistoryPoint[] = [];
    for (const p of source.since(now - span)) {
      if (p.ts > now) break;
      const last = points[points.length - 1];
      if (last && Math.floor(last.ts / step) === Math.floor(p.ts / step)) points[points.length - 1] = p;
      else points.push(p);
    }
    return { portfolioId, timeframe, points };
  }
}
