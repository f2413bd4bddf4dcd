import type { QueryClient } from '@tanstack/query-core';
import type { RequestTiming } from '../api/index.js';
import type { LogHub } from '../logging/index.js';
import type { PerformanceMonitor } from '../perf/index.js';
import type { WebSocketClient } from '../socket/index.js';
import { loadPerformanceMonitor } from './on-demand.js';

/**
 * REST timings kept while the monitor's code is on its way, so the first requests of a page that
 * asked for monitoring still count. Bounded: a page whose chunk never arrives must not grow.
 */
const MAX_EARLY_TIMINGS = 500;

interface Dependencies {
  queryClient: QueryClient;
  socket: WebSocketClient | null;
  log: LogHub;
}

/**
 * The feed's performance monitor, fetched on first use. The monitor and web-vitals are about a
 * fifth of the library, and most pages never turn monitoring on, so its code is imported only
 * when a provider sets `performance-monitoring`, a `<perf-monitor>` shows it, or a script calls
 * `services.loadPerf()`.
 */
export class LazyPerformanceMonitor {
  #monitor: PerformanceMonitor | null = null;
  #loading: Promise<PerformanceMonitor> | null = null;
  #listeners = new Set<(monitor: PerformanceMonitor) => void>();
  #early: RequestTiming[] = [];
  #wanted = false;
  #disposed = false;

  constructor(private readonly deps: Dependencies) {}

  /** The monitor once loaded, else null. */
  get current(): PerformanceMonitor | null {
    return this.#monitor;
  }

  /** True while some consumer holds monitoring on (even before the monitor has loaded). */
  get wanted(): boolean {
    return this.#wanted;
  }

  /** Imports and builds the monitor (once); resolves with it. */
  load(): Promise<PerformanceMonitor> {
    this.#loading ??= loadPerformanceMonitor().then(({ PerformanceMonitor }) => {
      if (this.#disposed) throw new Error('crypto-risk-widgets: the feed services were released before the performance monitor loaded.');
      const { queryClient, socket, log } = this.deps;
      const monitor = new PerformanceMonitor({ queryClient, socket, log: (message, details) => log.emit('perf', message, details) });
      this.#monitor = monitor;
      if (this.#wanted) monitor.start();
      for (const timing of this.#early.splice(0)) monitor.recordRequest(timing);
      const listeners = [...this.#listeners];
      this.#listeners.clear();
      for (const listener of listeners) listener(monitor);
      return monitor;
    });
    return this.#loading;
  }

  /** Calls `listener` with the monitor once it is loaded (at once if it is); returns an unsubscribe. */
  whenLoaded(listener: (monitor: PerformanceMonitor) => void): () => void {
    if (this.#monitor) listener(this.#monitor);
    else this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Starts (loading it first if need be) or stops the monitor. */
  setRunning(on: boolean): void {
    this.#wanted = on;
    if (this.#monitor) {
      if (on) this.#monitor.start();
      else this.#monitor.stop();
      return;
    }
    if (!on) {
      this.#early.length = 0;
      return;
    }
    this.load().catch((error: unknown) => {
      if (this.#disposed) return;
      console.error('crypto-risk-widgets: could not load the performance monitor; `performance-monitoring` has no effect.', error);
    });
  }

  /** One REST attempt; kept until the monitor arrives while monitoring is wanted. */
  recordRequest(timing: RequestTiming): void {
    if (this.#monitor) this.#monitor.recordRequest(timing);
    else if (this.#wanted && this.#early.length < MAX_EARLY_TIMINGS) this.#early.push(timing);
  }

  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
    this.#early.length = 0;
    this.#monitor?.dispose();
  }
}
