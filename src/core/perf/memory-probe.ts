/** Memory figures of one sample. Never estimated: when the page offers no reading, the figures are null. */
export interface MemorySample {
  /**
   * Where the figure comes from: `measureUserAgentSpecificMemory` (cross-origin isolated pages;
   * the whole page's memory), `performance.memory` (Chromium's JS heap, coarse), or `unavailable`.
   */
  source: 'measureUserAgentSpecificMemory' | 'performance.memory' | 'unavailable';
  /** Bytes in use; null when unavailable or before the first measurement has come back. */
  usedBytes: number | null;
  /** The JS heap's limit, where `performance.memory` gives it. */
  limitBytes: number | null;
  /** When `usedBytes` was measured (epoch ms). */
  measuredAt: number | null;
}

/** What the probe reads; injectable for tests. */
export interface MemoryEnvironment {
  crossOriginIsolated?: boolean;
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
  memory?: () => { usedJSHeapSize: number; jsHeapSizeLimit: number } | undefined;
}

export function browserMemoryEnvironment(): MemoryEnvironment {
  const g = globalThis as typeof globalThis & { crossOriginIsolated?: boolean };
  const perf = g.performance as (Performance & {
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
    memory?: { usedJSHeapSize: number; jsHeapSizeLimit: number };
  }) | undefined;
  return {
    crossOriginIsolated: g.crossOriginIsolated === true,
    measureUserAgentSpecificMemory: typeof perf?.measureUserAgentSpecificMemory === 'function' ? () => perf.measureUserAgentSpecificMemory!() : undefined,
    memory: perf && 'memory' in perf ? () => perf.memory : undefined,
  };
}

/** Reads memory the best way the page allows. */
export class MemoryProbe {
  readonly #env: MemoryEnvironment;
  readonly #now: () => number;
  readonly source: MemorySample['source'];
  #latest: MemorySample;
  #inFlight = false;

  constructor(env: MemoryEnvironment, now: () => number) {
    this.#env = env;
    this.#now = now;
    this.source = env.crossOriginIsolated && env.measureUserAgentSpecificMemory
      ? 'measureUserAgentSpecificMemory'
      : env.memory?.() ? 'performance.memory' : 'unavailable';
    this.#latest = { source: this.source, usedBytes: null, limitBytes: null, measuredAt: null };
  }

  /**
   * The latest reading. `measureUserAgentSpecificMemory` answers asynchronously (the browser may
   * wait for a garbage collection), so each call starts one measurement at most and reports the
   * last one that came back.
   */
  sample(): MemorySample {
    if (this.source === 'performance.memory') {
      const memory = this.#env.memory?.();
      if (memory) this.#latest = { source: this.source, usedBytes: memory.usedJSHeapSize, limitBytes: memory.jsHeapSizeLimit, measuredAt: this.#now() };
    } else if (this.source === 'measureUserAgentSpecificMemory' && !this.#inFlight) {
      this.#inFlight = true;
      this.#env.measureUserAgentSpecificMemory!()
        .then((result) => {
          this.#latest = { source: this.source, usedBytes: result.bytes, limitBytes: null, measuredAt: this.#now() };
        })
        .catch(() => {
          // A refused measurement (e.g. the page lost isolation) leaves the last reading in place.
        })
        .finally(() => {
          this.#inFlight = false;
        });
    }
    return { ...this.#latest };
  }
}
