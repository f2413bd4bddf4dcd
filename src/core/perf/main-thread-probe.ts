/** Main-thread figures of one sample. */
export interface MainThreadSample {
  /** Which entry type was observed: `long-animation-frame` where supported, else `longtask`, else none. */
  source: 'long-animation-frame' | 'longtask' | 'unavailable';
  /** Long tasks or long animation frames (over 50 ms) that ended in this interval. */
  longTasks: number;
  /** Their time beyond 50 ms each (blocking time), summed. */
  blockingMs: number;
  /** The longest one, in ms. */
  longestMs: number | null;
  /** Animation frames per second over the interval; null where there are no animation frames (hidden page, no DOM). */
  fps: number | null;
}

/** What the probe needs from the page; injectable so tests and Node can supply their own. */
export interface MainThreadEnvironment {
  PerformanceObserver?: typeof globalThis.PerformanceObserver;
  requestAnimationFrame?: (callback: (time: number) => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
  /** True while the page is hidden (no frames are painted, so no frame rate either). */
  hidden?: () => boolean;
}

export function browserMainThreadEnvironment(): MainThreadEnvironment {
  const g = globalThis as typeof globalThis & { document?: Document };
  return {
    PerformanceObserver: g.PerformanceObserver,
    requestAnimationFrame: typeof g.requestAnimationFrame === 'function' ? g.requestAnimationFrame.bind(g) : undefined,
    cancelAnimationFrame: typeof g.cancelAnimationFrame === 'function' ? g.cancelAnimationFrame.bind(g) : undefined,
    hidden: () => g.document?.visibilityState === 'hidden',
  };
}

const LONG = 50;

/** Counts long tasks (or long animation frames) and animation frames while started. */
export class MainThreadProbe {
  readonly #env: MainThreadEnvironment;
  readonly #source: MainThreadSample['source'];
  #observer: PerformanceObserver | null = null;
  #raf: number | null = null;
  #frames = 0;
  #long: number[] = [];

  constructor(env: MainThreadEnvironment) {
    this.#env = env;
    const types = env.PerformanceObserver?.supportedEntryTypes ?? [];
    this.#source = types.includes('long-animation-frame') ? 'long-animation-frame' : types.includes('longtask') ? 'longtask' : 'unavailable';
  }

  start(): void {
    if (this.#observer || this.#raf !== null) return;
    if (this.#source !== 'unavailable' && this.#env.PerformanceObserver) {
      this.#observer = new this.#env.PerformanceObserver((list) => {
        for (const entry of list.getEntries()) this.#long.push(entry.duration);
      });
      this.#observer.observe({ type: this.#source, buffered: false });
    }
    const raf = this.#env.requestAnimationFrame;
    if (raf) {
      const tick = () => {
        this.#frames += 1;
        this.#raf = raf(tick);
      };
      this.#raf = raf(tick);
    }
    this.#frames = 0;
    this.#long = [];
  }

  stop(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    if (this.#raf !== null) this.#env.cancelAnimationFrame?.(this.#raf);
    this.#raf = null;
  }

  sample(intervalMs: number): MainThreadSample {
    const long = this.#long.filter((d) => d >= LONG);
    const hidden = this.#env.hidden?.() ?? false;
    const fps = this.#env.requestAnimationFrame && !hidden && intervalMs > 0 ? Math.round((this.#frames / intervalMs) * 1000 * 10) / 10 : null;
    this.#long = [];
    this.#frames = 0;
    return {
      source: this.#source,
      longTasks: long.length,
      blockingMs: Math.round(long.reduce((sum, d) => sum + (d - LONG), 0)),
      longestMs: long.length ? Math.round(Math.max(...long)) : null,
      fps,
    };
  }
}
