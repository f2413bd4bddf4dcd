import type { ApiIntervalSample, EndpointStats } from './api-timings.js';
import type { MainThreadSample } from './main-thread-probe.js';
import type { MemorySample } from './memory-probe.js';
import type { QueryCacheSample } from './query-cache-probe.js';
import type { SocketSample } from './socket-probe.js';
import type { Breach, PerformanceThresholds } from './thresholds.js';
import type { WebVitalsSample } from './web-vitals-probe.js';

/** Everything measured at one tick of the sample rate. Plain data: it survives `JSON.stringify`. */
export interface PerformanceSample {
  /** When it was taken (epoch ms). */
  at: number;
  /** Time covered since the previous sample, in ms. */
  intervalMs: number;
  api: ApiIntervalSample;
  /** Null when the provider has no socket (realtime off). */
  socket: SocketSample | null;
  mainThread: MainThreadSample;
  memory: MemorySample;
  queryCache: QueryCacheSample;
}

/** An alert raised by a threshold; `clearedAt` is set once its condition stops holding. */
export interface PerformanceAlert extends Breach {
  /** When it fired (epoch ms). */
  firedAt: number;
  /** When it cleared (epoch ms); null while active. */
  clearedAt: number | null;
  /** Consecutive samples on which the condition held. */
  samples: number;
}

/** What one `optimizeCache()` did. */
export interface OptimizeResult {
  at: number;
  /** `manual`: called by the page or the widget's button; `memory-alert`: run by itself on a sustained memory alert. */
  reason: 'manual' | 'memory-alert';
  /** Inactive queries removed from the cache (those no widget observes). */
  removedQueries: number;
  /** Their data's estimated size (see `QueryCacheSample.estimatedBytes`). */
  freedBytesEstimate: number;
  /** Samples dropped from the monitor's history. */
  trimmedSamples: number;
  /** Response times dropped from the per-endpoint windows. */
  trimmedTimings: number;
}

/**
 * The monitor's state as one JSON-serialisable object (numbers, strings, booleans, null, arrays
 * and plain objects only; no NaN or Infinity). See docs/PERFORMANCE.md for every field.
 */
export interface PerformanceSummary {
  /** Format version of this object. */
  version: 1;
  generatedAt: number;
  running: boolean;
  /** When monitoring last started (epoch ms); null if it never did. */
  startedAt: number | null;
  sampleRateMs: number;
  historySize: number;
  thresholds: PerformanceThresholds;
  api: {
    /** Attempts over all endpoints since start, and those that failed. */
    requests: number;
    errors: number;
    endpoints: EndpointStats[];
  };
  /** The latest sample's figures (null before the first sample, or without a socket). */
  socket: SocketSample | null;
  mainThread: MainThreadSample | null;
  memory: MemorySample | null;
  queryCache: QueryCacheSample | null;
  webVitals: WebVitalsSample;
  alerts: {
    active: PerformanceAlert[];
    /** The latest cleared alerts, newest first (at most 20). */
    cleared: PerformanceAlert[];
  };
  lastOptimization: OptimizeResult | null;
  /** The bounded history, oldest first. */
  history: PerformanceSample[];
}

/** Events of {@link PerformanceMonitor}: name → listener arguments. */
export interface PerformanceMonitorEvents {
  sample: [sample: PerformanceSample];
  alert: [alert: PerformanceAlert];
  alertcleared: [alert: PerformanceAlert];
  optimized: [result: OptimizeResult];
  /** Monitoring started or stopped. */
  runningchange: [running: boolean];
}
