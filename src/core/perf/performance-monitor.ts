import type { QueryClient } from '@tanstack/query-core';
import { EventEmitter } from 'eventemitter3';
import type { RequestTiming } from '../api/index.js';
import { ApiTimings } from './api-timings.js';
import { browserMainThreadEnvironment, MainThreadProbe, type MainThreadEnvironment } from './main-thread-probe.js';
import { browserMemoryEnvironment, MemoryProbe, type MemoryEnvironment } from './memory-probe.js';
import { QueryCacheProbe } from './query-cache-probe.js';
import { SocketProbe, type MonitoredSocket } from './socket-probe.js';
import { checkThresholds, DEFAULT_THRESHOLDS, findBreaches, type PerformanceThresholds } from './thresholds.js';
import type { OptimizeResult, PerformanceAlert, PerformanceMonitorEvents, PerformanceSample, PerformanceSummary } from './types.js';
import { readWebVitals, watchWebVitals } from './web-vitals-probe.js';

/** The product's default sample rate (`PERFORMANCE_SAMPLE_RATE`), in ms. */
export const PERFORMANCE_SAMPLE_RATE = 5000;
export const DEFAULT_HISTORY_SIZE = 120;

/** Interval timers; injectable so tests can drive sampling by hand. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Options of {@link PerformanceMonitor}. Only `queryClient` is required. */
export interface PerformanceMonitorOptions {
  /** The cache whose hit rate and size are watched; the monitor only reads it (and `optimizeCache()` prunes it). */
  queryClient: QueryClient;
  /** The socket client to watch; null or absent when there is none. */
  socket?: MonitoredSocket | null;
  /** Time between samples, in ms (at least 100). Default {@link PERFORMANCE_SAMPLE_RATE}. */
  sampleRateMs?: number;
  /** Samples kept (at least 2). Default 120: ten minutes at 5 s. */
  historySize?: number;
  /** Overrides of {@link DEFAULT_THRESHOLDS}. */
  thresholds?: Partial<PerformanceThresholds>;
  /** Run `optimizeCache()` by itself once a memory-growth alert has held for `autoOptimizeAfterSamples` samples. Default true. */
  autoOptimize?: boolean;
  /** Default 3. */
  autoOptimizeAfterSamples?: number;
  /** Watch LCP, INP and CLS with `web-vitals` (browsers only). Default true. */
  webVitals?: boolean;
  /** Receives the monitor's diagnostic lines (alerts, optimisations). */
  log?: (message: string, details?: unknown) => void;
  /** @internal Seams for tests and non-browser runtimes. */
  now?: () => number;
  /** @internal */
  timers?: IntervalTimers;
  /** @internal */
  mainThread?: MainThreadEnvironment;
  /** @internal */
  memory?: MemoryEnvironment;
}

type Listener<E extends keyof PerformanceMonitorEvents> = (...args: PerformanceMonitorEvents[E]) => void;

const MAX_CLEARED = 20;

function positive(value: number | undefined, fallback: number, min: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) throw new RangeError(`PerformanceMonitor: ${name} must be a number of at least ${min}; got ${String(value)}.`);
  return Math.floor(value);
}

/**
 * Samples API response times, socket rates and lag, main-thread jank, memory, the query cache and
 * web vitals every `sampleRateMs`, keeps a bounded history, and raises alerts when thresholds are
 * crossed (and clears them when they no longer are). Framework-free; it runs in Node too, where
 * the browser-only figures are reported as unavailable.
 *
 * Starting and stopping only attach and detach listeners: the query cache, the socket and the
 * API client are never rebuilt or changed by it. Only `optimizeCache()` removes inactive queries.
 *
 * @example
 * const monitor = new PerformanceMonitor({ queryClient, socket, sampleRateMs: 5000 });
 * const api = new ApiClient({ baseUrl, onRequestTiming: (t) => monitor.recordRequest(t) });
 * monitor.on('alert', (alert) => console.warn(alert.title, alert.message));
 * monitor.start();
 * console.log(JSON.stringify(monitor.getPerformanceSummary()));
 */
export class PerformanceMonitor {
  readonly #emitter = new EventEmitter();
  readonly #now: () => number;
  readonly #timers: IntervalTimers;
  readonly #api = new ApiTimings();
  readonly #cache: QueryCacheProbe;
  readonly #socket: SocketProbe | null;
  readonly #mainThread: MainThreadProbe;
  readonly #memory: MemoryProbe;
  readonly #webVitals: boolean;
  readonly #autoOptimize: boolean;
  readonly #autoOptimizeAfter: number;
  readonly #log: ((message: string, details?: unknown) => void) | undefined;
  #sampleRateMs: number;
  #historySize: number;
  #thresholds: PerformanceThresholds;
  #history: PerformanceSample[] = [];
  #active = new Map<string, PerformanceAlert>();
  #cleared: PerformanceAlert[] = [];
  #lastOptimization: OptimizeResult | null = null;
  #autoOptimizedFor: number | null = null;
  #timer: unknown = null;
  #startedAt: number | null = null;
  #lastSampleAt = 0;
  #requests = 0;
  #errors = 0;

  constructor(options: PerformanceMonitorOptions) {
    this.#now = options.now ?? (() => Date.now());
    this.#timers = options.timers ?? { setInterval: (cb, ms) => globalThis.setInterval(cb, ms), clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>) };
    this.#sampleRateMs = positive(options.sampleRateMs, PERFORMANCE_SAMPLE_RATE, 100, 'sampleRateMs');
    this.#historySize = positive(options.historySize, DEFAULT_HISTORY_SIZE, 2, 'historySize');
    this.#thresholds = { ...DEFAULT_THRESHOLDS, ...checkThresholds(options.thresholds ?? {}) };
    this.#autoOptimize = options.autoOptimize ?? true;
    this.#autoOptimizeAfter = positive(options.autoOptimizeAfterSamples, 3, 1, 'autoOptimizeAfterSamples');
    this.#webVitals = options.webVitals ?? true;
    this.#log = options.log;
    this.#cache = new QueryCacheProbe(options.queryClient);
    this.#socket = options.socket ? new SocketProbe(options.socket, this.#now) : null;
    this.#mainThread = new MainThreadProbe(options.mainThread ?? browserMainThreadEnvironment());
    this.#memory = new MemoryProbe(options.memory ?? browserMemoryEnvironment(), this.#now);
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#timer !== null;
  }

  get sampleRateMs(): number {
    return this.#sampleRateMs;
  }

  /** The thresholds in force (a copy). */
  get thresholds(): PerformanceThresholds {
    return { ...this.#thresholds };
  }

  /** Starts sampling. Idempotent. Counters and history start afresh; the query cache is untouched. */
  start(): void {
    if (this.running) return;
    this.#history = [];
    this.#api.reset();
    this.#requests = this.#errors = 0;
    this.#startedAt = this.#lastSampleAt = this.#now();
    this.#cache.start();
    this.#socket?.start();
    this.#mainThread.start();
    if (this.#webVitals) void watchWebVitals();
    this.#timer = this.#timers.setInterval(() => this.sampleNow(), this.#sampleRateMs);
    this.#log?.(`monitoring started (sample every ${this.#sampleRateMs} ms)`);
    this.#emit('runningchange', true);
  }

  /**
   * Stops sampling and detaches every listener. Idempotent. Active alerts clear (nothing watches
   * their condition any more); history and cleared alerts stay readable.
   */
  stop(): void {
    if (!this.running) return;
    this.#timers.clearInterval(this.#timer);
    this.#timer = null;
    this.#cache.stop();
    this.#socket?.stop();
    this.#mainThread.stop();
    this.#clearAlerts(new Set(), this.#now());
    this.#log?.('monitoring stopped');
    this.#emit('runningchange', false);
  }

  /** Changes the sample rate (ms, at least 100); takes effect at once when running. */
  setSampleRate(ms: number): void {
    this.#sampleRateMs = positive(ms, PERFORMANCE_SAMPLE_RATE, 100, 'sampleRateMs');
    if (!this.running) return;
    this.#timers.clearInterval(this.#timer);
    this.#timer = this.#timers.setInterval(() => this.sampleNow(), this.#sampleRateMs);
  }

  /** Changes some thresholds (`null` turns one off); checked at the next sample. Throws a TypeError on a bad value. */
  setThresholds(thresholds: Partial<PerformanceThresholds>): void {
    this.#thresholds = { ...this.#thresholds, ...checkThresholds(thresholds) };
  }

  /** Feed for `ApiClient`'s `onRequestTiming`. Ignored while stopped. */
  recordRequest(timing: RequestTiming): void {
    if (!this.running) return;
    this.#api.record(timing);
    this.#requests += 1;
    if (!timing.ok) this.#errors += 1;
  }

  /** Takes a sample now (the timer calls this; tests and UIs may too), checks thresholds and returns it. */
  sampleNow(): PerformanceSample {
    const at = this.#now();
    const intervalMs = Math.max(1, at - this.#lastSampleAt);
    this.#lastSampleAt = at;
    this.#socket?.probe();
    const sample: PerformanceSample = {
      at,
      intervalMs,
      api: this.#api.takeInterval(),
      socket: this.#socket?.sample(intervalMs) ?? null,
      mainThread: this.#mainThread.sample(intervalMs),
      memory: this.#memory.sample(),
      queryCache: this.#cache.sample(),
    };
    this.#history.push(sample);
    if (this.#history.length > this.#historySize) this.#history.splice(0, this.#history.length - this.#historySize);
    this.#emit('sample', sample);
    this.#evaluate(at);
    return sample;
  }

  /** Samples kept, oldest first. */
  getHistory(): PerformanceSample[] {
    return this.#history.slice();
  }

  /** Alerts currently firing. */
  getActiveAlerts(): PerformanceAlert[] {
    return [...this.#active.values()].map((a) => ({ ...a }));
  }

  /**
   * Frees memory: removes queries no widget observes from the cache, halves the monitor's sample
   * history and trims each endpoint's window of response times to its latest 50. Active queries
   * are never touched.
   */
  optimizeCache(reason: OptimizeResult['reason'] = 'manual'): OptimizeResult {
    const { removed, bytes } = this.#cache.removeInactive();
    const keep = Math.max(1, Math.ceil(this.#history.length / 2));
    const trimmedSamples = this.#history.length - keep;
    this.#history.splice(0, trimmedSamples);
    const result: OptimizeResult = {
      at: this.#now(), reason, removedQueries: removed, freedBytesEstimate: bytes, trimmedSamples, trimmedTimings: this.#api.trim(50),
    };
    this.#lastOptimization = result;
    this.#log?.(`optimizeCache (${reason}): removed ${removed} inactive queries (~${bytes} bytes), trimmed ${trimmedSamples} samples`);
    this.#emit('optimized', result);
    return result;
  }

  /** The whole state as one JSON-serialisable object; see {@link PerformanceSummary}. */
  getPerformanceSummary(): PerformanceSummary {
    const latest = this.#history[this.#history.length - 1];
    return {
      version: 1,
      generatedAt: this.#now(),
      running: this.running,
      startedAt: this.#startedAt,
      sampleRateMs: this.#sampleRateMs,
      historySize: this.#historySize,
      thresholds: this.thresholds,
      api: { requests: this.#requests, errors: this.#errors, endpoints: this.#api.stats() },
      socket: latest?.socket ?? null,
      mainThread: latest?.mainThread ?? null,
      memory: latest?.memory ?? null,
      queryCache: latest?.queryCache ?? null,
      webVitals: readWebVitals(),
      alerts: { active: this.getActiveAlerts(), cleared: this.#cleared.map((a) => ({ ...a })) },
      lastOptimization: this.#lastOptimization,
      history: this.getHistory(),
    };
  }

  /** Adds a typed listener; returns its remover. Listener errors are caught and logged. */
  on<E extends keyof PerformanceMonitorEvents>(event: E, listener: Listener<E>): () => void {
    this.#emitter.on(event, listener as never);
    return () => this.#emitter.off(event, listener as never);
  }

  off<E extends keyof PerformanceMonitorEvents>(event: E, listener: Listener<E>): void {
    this.#emitter.off(event, listener as never);
  }

  /** Stops and removes every listener. */
  dispose(): void {
    this.stop();
    this.#emitter.removeAllListeners();
  }

  #evaluate(at: number): void {
    const breaches = findBreaches(this.#thresholds, this.#history, this.#api.stats(), (e) => this.#api.windowCount(e));
    const seen = new Set<string>();
    for (const breach of breaches) {
      seen.add(breach.id);
      const current = this.#active.get(breach.id);
      if (current) {
        Object.assign(current, breach, { samples: current.samples + 1 });
        continue;
      }
      const alert: PerformanceAlert = { ...breach, firedAt: at, clearedAt: null, samples: 1 };
      this.#active.set(breach.id, alert);
      this.#log?.(`alert: ${alert.title} — ${alert.message}`);
      this.#emit('alert', { ...alert });
    }
    this.#clearAlerts(seen, at);
    const memory = this.#active.get('memory-growth');
    if (this.#autoOptimize && memory && memory.samples >= this.#autoOptimizeAfter && this.#autoOptimizedFor !== memory.firedAt) {
      // Once per alert episode: if pruning did not stop the growth, repeating it will not either.
      this.#autoOptimizedFor = memory.firedAt;
      this.optimizeCache('memory-alert');
    }
  }

  /** Clears every active alert whose id is not in `keep`. */
  #clearAlerts(keep: ReadonlySet<string>, at: number): void {
    for (const [id, alert] of this.#active) {
      if (keep.has(id)) continue;
      this.#active.delete(id);
      alert.clearedAt = at;
      this.#cleared.unshift(alert);
      this.#cleared.length = Math.min(this.#cleared.length, MAX_CLEARED);
      this.#log?.(`alert cleared: ${alert.title}`);
      this.#emit('alertcleared', { ...alert });
    }
  }

  #emit<E extends keyof PerformanceMonitorEvents>(event: E, ...args: PerformanceMonitorEvents[E]): void {
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (err) {
        this.#log?.(`a "${event}" listener threw`, err);
      }
    }
  }
}
