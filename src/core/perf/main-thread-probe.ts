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
  /**
   * Animation frames per second, measured over the first second of the interval (0 when no frame
   * came at all: the main thread was blocked); null where there are no animation frames (hidden
   * page, no DOM).
   */
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
/**
 * How long frames are counted in each interval. Counting them means asking for every animation
 * frame, which keeps the page producing frames (and runs first in each one) while it does; doing
 * so for a second per sample, not all the time, keeps the monitor's own cost near nothing.
 */
export const FPS_WINDOW_MS = 1000;

/** Counts long tasks (or long animation frames) while started, and the frame rate for a second per sample. */
export class MainThreadProbe {
  readonly #env: MainThreadEnvironment;
  readonly #source: MainThreadSample['source'];
  #observer: PerformanceObserver | null = null;
  #started = false;
  #raf: number | null = null;
  #frames = 0;
  #windowMs = 0;
  #long: number[] = [];

  constructor(env: MainThreadEnvironment) {
    this.#env = env;
    const types = env.PerformanceObserver?.supportedEntryTypes ?? [];
    this.#source = types.includes('long-animation-frame') ? 'long-animation-frame' : types.includes('longtask') ? 'longtask' : 'unavailable';
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    if (this.#source !== 'unavailable' && this.#env.PerformanceObserver) {
      this.#observer = new this.#env.PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (entry.duration >= LONG) this.#long.push(entry.duration);
      });
      this.#observer.observe({ type: this.#source, buffered: false });
    }
    this.#long = [];
    this.#countFrames();
  }

  stop(): void {
    this.#started = false;
    this.#observer?.disconnect();
    this.#observer = null;
    this.#stopCounting();
  }

  sample(intervalMs: number): MainThreadSample {
    const long = this.#long;
    const hidden = this.#env.hidden?.() ?? false;
    const fps = this.#env.requestAnimationFrame && !hidden && intervalMs > 0
      ? (this.#windowMs > 0 ? Math.round((this.#frames / this.#windowMs) * 1000 * 10) / 10 : 0)
      : null;
    this.#long = [];
    if (this.#started) this.#countFrames();
    return {
      source: this.#source,
      longTasks: long.length,
      blockingMs: Math.round(long.reduce((sum, d) => sum + (d - LONG), 0)),
      longestMs: long.length ? Math.round(Math.max(...long)) : null,
      fps,
    };
  }

  /** Counts animation frames from the next one until {@link FPS_WINDOW_MS} has passed. */
  #countFrames(): void {
    const raf = this.#env.requestAnimationFrame;
    if (!raf) return;
    this.#stopCounting();
    this.#frames = 0;
    this.#windowMs = 0;
    let first: number | null = null;
    const tick = (time: number) => {
      if (first === null) first = time;
      else {
        this.#frames += 1;
        this.#windowMs = time - first;
      }
      this.#raf = this.#windowMs < FPS_WINDOW_MS ? raf(tick) : null;
    };
    this.#raf = raf(tick);
  }

  #stopCounting(): void {
    if (this.#raf !== null) this.#env.cancelAnimationFrame?.(this.#raf);
    this.#raf = null;
  }
}
