import type { EndpointStats } from './api-timings.js';
import type { PerformanceSample } from './types.js';
import { slope } from './stats.js';

/**
 * When the monitor raises an alert. Each is checked on every sample; an alert clears on the first
 * sample where its condition no longer holds. Set a threshold to `null` to turn its alert off.
 */
export interface PerformanceThresholds {
  /** Any endpoint's p95 response time over its recent attempts (at least 3), in ms. Default 1000. */
  apiP95Ms: number | null;
  /** The p95 of end-to-end socket lag over one sample interval, in ms. Default 2000. */
  lagMs: number | null;
  /**
   * Steady memory growth, in bytes per minute: the least-squares slope of the memory readings over
   * the last `memoryWindowSamples` samples, when at least three quarters of the steps between them
   * went up. At least 4 readings spanning 30 s or more are needed. Default 5 MiB/min.
   */
  memoryGrowthBytesPerMin: number | null;
  /** Samples the memory trend is read over (at least 4 readings over 30 s are needed). Default 12 (one minute at 5 s). */
  memoryWindowSamples: number;
  /** The cache's recent hit rate (see `QueryCacheSample`) below this, after at least 10 lookups. Default 0.5. */
  minHitRate: number | null;
  /** Main-thread blocking time (long-task time beyond 50 ms each) within one sample interval, in ms. Default 1000. */
  blockingMsPerSample: number | null;
}

export const DEFAULT_THRESHOLDS: Readonly<PerformanceThresholds> = Object.freeze({
  apiP95Ms: 1000,
  lagMs: 2000,
  memoryGrowthBytesPerMin: 5 * 1024 * 1024,
  memoryWindowSamples: 12,
  minHitRate: 0.5,
  blockingMsPerSample: 1000,
});

/** What an alert is about. */
export type PerformanceMetric = 'api-p95' | 'socket-lag' | 'memory-growth' | 'cache-hit-rate' | 'main-thread-blocking';

/** A condition that holds on the current sample. */
export interface Breach {
  /** Stable identity: one alert per metric (and per endpoint for `api-p95`). */
  id: string;
  metric: PerformanceMetric;
  severity: 'warning' | 'critical';
  title: string;
  message: string;
  value: number;
  threshold: number;
}

const MIN_API_ATTEMPTS = 3;
const MIN_LOOKUPS = 10;
const MIN_MEMORY_SPAN_MIN = 0.5;

/** Checks a set of thresholds and refuses bad values with a clear error. */
export function checkThresholds(input: Partial<PerformanceThresholds>): Partial<PerformanceThresholds> {
  const out: Partial<PerformanceThresholds> = {};
  for (const [name, value] of Object.entries(input) as Array<[keyof PerformanceThresholds, unknown]>) {
    if (!(name in DEFAULT_THRESHOLDS)) throw new TypeError(`Unknown performance threshold "${name}"; known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}.`);
    if (value === undefined) continue;
    if (value === null && name !== 'memoryWindowSamples') {
      (out as Record<string, unknown>)[name] = null;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`Performance threshold ${name} must be a number of at least 0${name === 'memoryWindowSamples' ? '' : ' or null'}; got ${String(value)}.`);
    if (name === 'minHitRate' && value > 1) throw new TypeError(`Performance threshold minHitRate is a ratio between 0 and 1; got ${value}.`);
    if (name === 'memoryWindowSamples' && (!Number.isInteger(value) || value < 4)) throw new TypeError(`Performance threshold memoryWindowSamples must be a whole number of at least 4; got ${value}.`);
    (out as Record<string, unknown>)[name] = value;
  }
  return out;
}

const severity = (ratio: number): Breach['severity'] => (ratio >= 2 ? 'critical' : 'warning');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The thresholds broken by the latest sample, given the history that ends with it. */
export function findBreaches(
  t: PerformanceThresholds,
  history: readonly PerformanceSample[],
  endpoints: readonly EndpointStats[],
  windowCount: (endpoint: string) => number,
): Breach[] {
  const latest = history[history.length - 1];
  if (!latest) return [];
  const out: Breach[] = [];

  if (t.apiP95Ms !== null) {
    for (const e of endpoints) {
      if (e.p95Ms === null || windowCount(e.endpoint) < MIN_API_ATTEMPTS || e.p95Ms <= t.apiP95Ms) continue;
      out.push({
        id: `api-p95:${e.endpoint}`, metric: 'api-p95', severity: severity(e.p95Ms / t.apiP95Ms),
        title: `Slow API: ${e.endpoint}`,
        message: `p95 response time is ${Math.round(e.p95Ms)} ms (threshold ${t.apiP95Ms} ms).`,
        value: e.p95Ms, threshold: t.apiP95Ms,
      });
    }
  }

  const lag = latest.socket?.lagP95Ms ?? null;
  if (t.lagMs !== null && lag !== null && lag > t.lagMs) {
    out.push({
      id: 'socket-lag', metric: 'socket-lag', severity: severity(lag / t.lagMs),
      title: 'Live data is lagging',
      message: `p95 lag from the server to this page is ${Math.round(lag)} ms (threshold ${t.lagMs} ms).`,
      value: lag, threshold: t.lagMs,
    });
  }

  if (t.memoryGrowthBytesPerMin !== null) {
    const points = history.slice(-t.memoryWindowSamples)
      .filter((s) => s.memory.usedBytes !== null)
      .map((s) => [s.at / 60_000, s.memory.usedBytes!] as const);
    const spanMin = points.length ? points[points.length - 1]![0] - points[0]![0] : 0;
    // A trend read over a few seconds (start-up, a fast sample rate) is noise, not growth.
    if (points.length >= 4 && spanMin >= MIN_MEMORY_SPAN_MIN) {
      let ups = 0;
      for (let i = 1; i < points.length; i++) if (points[i]![1] > points[i - 1]![1]) ups += 1;
      const perMin = slope(points);
      if (perMin !== null && perMin > t.memoryGrowthBytesPerMin && ups >= 0.75 * (points.length - 1)) {
        out.push({
          id: 'memory-growth', metric: 'memory-growth', severity: severity(perMin / Math.max(t.memoryGrowthBytesPerMin, 1)),
          title: 'Memory keeps growing',
          message: `Memory grew by about ${mib(perMin)} per minute over the last ${points.length} readings (threshold ${mib(t.memoryGrowthBytesPerMin)}/min).`,
          value: perMin, threshold: t.memoryGrowthBytesPerMin,
        });
      }
    }
  }

  const cache = latest.queryCache;
  if (t.minHitRate !== null && cache.recentHitRate !== null && cache.hits + cache.misses >= MIN_LOOKUPS && cache.recentHitRate < t.minHitRate) {
    out.push({
      id: 'cache-hit-rate', metric: 'cache-hit-rate', severity: cache.recentHitRate < t.minHitRate / 2 ? 'critical' : 'warning',
      title: 'Low cache hit rate',
      message: `Only ${Math.round(cache.recentHitRate * 100)}% of recent cache lookups found data (threshold ${Math.round(t.minHitRate * 100)}%).`,
      value: cache.recentHitRate, threshold: t.minHitRate,
    });
  }

  const blocking = latest.mainThread.blockingMs;
  if (t.blockingMsPerSample !== null && blocking > t.blockingMsPerSample) {
    out.push({
      id: 'main-thread-blocking', metric: 'main-thread-blocking', severity: severity(blocking / Math.max(t.blockingMsPerSample, 1)),
      title: 'The page is janky',
      message: `Long tasks blocked the main thread for ${blocking} ms in the last ${Math.round(latest.intervalMs / 1000)} s (threshold ${t.blockingMsPerSample} ms).`,
      value: blocking, threshold: t.blockingMsPerSample,
    });
  }
  return out;
}
