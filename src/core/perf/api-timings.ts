import type { RequestTiming } from '../api/index.js';
import { max, mean, percentile, round, RollingWindow } from './stats.js';

/** Figures for one endpoint, over its most recent attempts. */
export interface EndpointStats {
  /** `METHOD /path/:param` — ids in the path are replaced by their parameter name. */
  endpoint: string;
  /** Attempts recorded since the monitor started (retries count as attempts). */
  count: number;
  /** Attempts that failed: no answer, timeout, non-2xx or an invalid body. */
  errors: number;
  /** Over the window of recent attempts (see `windowSize`), in ms. */
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
}

/** Paths of the feed's REST API with the parts that vary, so that `/api/portfolios/abc` and `/api/portfolios/xyz` are one endpoint. */
const ROUTES: ReadonlyArray<[RegExp, string]> = [
  [/^\/api\/prices\/[^/]+\/history$/, '/api/prices/:assetId/history'],
  [/^\/api\/portfolios\/[^/]+\/risk\/history$/, '/api/portfolios/:id/risk/history'],
  [/^\/api\/portfolios\/[^/]+\/risk$/, '/api/portfolios/:id/risk'],
  [/^\/api\/portfolios\/[^/]+\/live$/, '/api/portfolios/:id/live'],
  [/^\/api\/portfolios\/[^/]+$/, '/api/portfolios/:id'],
  [/^\/api\/alerts\/[^/]+\/ack$/, '/api/alerts/:id/ack'],
  [/^\/api\/alert-rules\/[^/]+$/, '/api/alert-rules/:id'],
  [/^\/api\/watchlist\/[^/]+$/, '/api/watchlist/:assetId'],
];

/** The endpoint a request belongs to: method plus the path without its query and with ids generalised. */
export function endpointOf(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  for (const [pattern, name] of ROUTES) if (pattern.test(bare)) return `${method} ${name}`;
  return `${method} ${bare}`;
}

/** API figures of one sample interval: every attempt that ended in it, over all endpoints. */
export interface ApiIntervalSample {
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

interface Series {
  count: number;
  errors: number;
  durations: RollingWindow;
}

/** Per-endpoint response times, fed from `ApiClient`'s `onRequestTiming`. */
export class ApiTimings {
  readonly #series = new Map<string, Series>();
  #windowSize: number;
  #interval: number[] = [];
  #intervalErrors = 0;

  constructor(windowSize = 200) {
    this.#windowSize = windowSize;
  }

  record(timing: RequestTiming): void {
    const endpoint = endpointOf(timing.method, timing.path);
    let series = this.#series.get(endpoint);
    if (!series) this.#series.set(endpoint, (series = { count: 0, errors: 0, durations: new RollingWindow(this.#windowSize) }));
    series.count += 1;
    if (!timing.ok) series.errors += 1;
    series.durations.push(timing.durationMs);
    this.#interval.push(timing.durationMs);
    if (!timing.ok) this.#intervalErrors += 1;
  }

  /** The attempts since the previous call, summarised; starts the next interval. */
  takeInterval(): ApiIntervalSample {
    const values = this.#interval;
    const sample = { requests: values.length, errors: this.#intervalErrors, p50Ms: round(percentile(values, 50)), p95Ms: round(percentile(values, 95)) };
    this.#interval = [];
    this.#intervalErrors = 0;
    return sample;
  }

  /** Durations currently in one endpoint's window (for thresholds that need a minimum count). */
  windowCount(endpoint: string): number {
    return this.#series.get(endpoint)?.durations.size ?? 0;
  }

  /** Every endpoint seen, busiest first. */
  stats(): EndpointStats[] {
    return [...this.#series.entries()]
      .map(([endpoint, s]) => {
        const values = s.durations.values();
        return {
          endpoint,
          count: s.count,
          errors: s.errors,
          p50Ms: round(percentile(values, 50)),
          p95Ms: round(percentile(values, 95)),
          maxMs: round(max(values)),
          meanMs: round(mean(values)),
        };
      })
      .sort((a, b) => b.count - a.count || a.endpoint.localeCompare(b.endpoint));
  }

  /** Keeps only the newest `keep` durations of each endpoint; returns how many were dropped. */
  trim(keep: number): number {
    let dropped = 0;
    for (const s of this.#series.values()) dropped += s.durations.trim(keep);
    return dropped;
  }

  reset(): void {
    this.#series.clear();
    this.#interval = [];
    this.#intervalErrors = 0;
  }
}
