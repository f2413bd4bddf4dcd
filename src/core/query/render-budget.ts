import type { QueryClient } from '@tanstack/query-core';

export interface RenderBudgetOptions {
  /**
   * The most work one flush should cause in its frame (writes, re-render, style, layout, paint), in
   * ms. Rows beyond what fits wait for the next frames, oldest first. Default 10.
   */
  frameBudgetMs?: number;
  /**
   * The share of the main thread live writes may use on average (0–1). When flushes cost more, they
   * are spaced out over more frames. Default 0.2: with the rest of a live page's frame work (the
   * Worker's batches, timers, the frames themselves, about 8 % at 100k msg/s) live data then stays
   * under 30 % of the main thread, whatever the rate.
   */
  share?: number;
  /**
   * Flushes that cost less than this many ms are never spaced out, whatever the share: a small
   * flush is cheap to keep at full rate and its latency matters. Default 10.
   */
  spaceAboveMs?: number;
  /** The longest wait between two flushes, in ms. Default 100 (10 flushes a second). */
  maxIntervalMs?: number;
  /** A flush writes at least this many rows, however slow rows are. Default 8. */
  minRows?: number;
  /**
   * Until a row's cost has been measured, a flush writes at most this many rows: the first live
   * flush of a page with many rows would otherwise write every one of them in one frame. Default 100.
   */
  firstRows?: number;
  /**
   * No flush writes more rows than fit in this many ms (but at least `minRows`), whatever else asks
   * for more (`maxLag`, the rows arriving): a frame that long is a visible stall. Default 40.
   */
  maxFrameMs?: number;
  /**
   * A flush writes at least this share of the rows waiting, so no row is more than about this many
   * flushes behind, however slow rows are. Default 4.
   */
  maxLag?: number;
  /** Weight of the newest measurement in the running averages (0–1). Default 0.2. */
  smoothing?: number;
  /**
   * Each measurement is the median of the last this many flushes, so one long frame (a garbage
   * collection, another process taking the CPU) changes neither the rate nor the slicing; a cost
   * that lasts shows after half this many flushes. Default 5; 1 takes every flush as it comes.
   */
  window?: number;
  /** Length of a frame, in ms. Default 1000 / 60. */
  frameMs?: number;
  /**
   * Listeners hear of a change of {@link RenderBudget.hz} at most this often, in ms (the last change
   * always arrives). Every widget's status line re-renders on it, so a rate that moves each few
   * frames would redraw every widget each few frames. Default 1000; 0 tells every change at once.
   */
  notifyEveryMs?: number;
}

/** The update rates the status line names; a measured rate is shown as the nearest of these. */
const RATE_STEPS = [60, 30, 20, 15, 10, 6, 5, 4, 3, 2, 1] as const;

/** A sample above this (a stalled tab, a debugger pause) says nothing about the cost of rows. */
const MAX_SAMPLE_MS = 200;

/**
 * Spacing flushes out saves work only when rows get several messages between two flushes: below
 * this many messages per row written, a spaced flush writes about as many rows as the flushes it
 * replaces would have, so it saves nothing and only shows every change later.
 */
const MIN_REPEATS = 1.25;

/**
 * How much live data may be written to the page, and when. It learns from each flushed frame what a
 * row costs (the time from the flush until the frame has been painted) and bounds the work two ways:
 *
 * - **Per frame** (time slicing): a flush writes at most as many rows as fit in `frameBudgetMs` (but at
 *   least a `maxLag`-th of those waiting); the rest keep their previous values for a flush or a few
 *   and catch up, longest waiting first.
 * - **Per second:** when flushes cost more than `spaceAboveMs` and would take more than `share` of
 *   the main thread, they are spaced out (every 2nd frame, every 3rd, …), down to one per `maxIntervalMs`.
 *
 * What is held is always the latest value per key, so the final values are exact; only how often a
 * row is redrawn changes. {@link hz} says how often each row is being redrawn, for the status line.
 */
export class RenderBudget {
  readonly #frameBudgetMs: number;
  readonly #share: number;
  readonly #maxIntervalMs: number;
  readonly #spaceAboveMs: number;
  readonly #minRows: number;
  readonly #maxFrameMs: number;
  readonly #firstRows: number;
  readonly #maxLag: number;
  readonly #alpha: number;
  readonly #window: number;
  readonly #frameMs: number;
  /** The last `window` samples of the every-frame cost and of the cost per row, ms. */
  readonly #recentWork: number[] = [];
  readonly #recentRowMs: number[] = [];
  readonly #recentArrivals: number[] = [];
  /** Rows a flush left waiting (held back by the quota), to tell new rows from old in the next one. */
  #carried = 0;
  readonly #listeners = new Set<() => void>();
  readonly #notifyEveryMs: number;
  #notifiedAt = -Infinity;
  #notifyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Running average of what a flush would cost if it ran every frame, ms. */
  #workMs = 0;
  /** Running average of the work per row, ms; 0 until measured. */
  #rowMs = 0;
  /** Running average of the rows that became due per frame while flushing every frame (what arrives). */
  #waitingPerFrame = 0;
  /** Running average of the share of waiting rows a flush wrote. */
  #coverage = 1;
  #lastFlushAt = -Infinity;
  #hz = 60;
  /** Running average of the messages per row that became due (unknown until the caller counts messages). */
  #repeats: number | undefined;
  readonly #recentRepeats: number[] = [];

  constructor(options: RenderBudgetOptions = {}) {
    this.#frameBudgetMs = options.frameBudgetMs ?? 10;
    this.#share = Math.min(1, Math.max(0.01, options.share ?? 0.2));
    this.#maxIntervalMs = options.maxIntervalMs ?? 100;
    this.#spaceAboveMs = options.spaceAboveMs ?? 10;
    this.#minRows = Math.max(1, options.minRows ?? 8);
    this.#maxFrameMs = options.maxFrameMs ?? 40;
    this.#firstRows = Math.max(1, options.firstRows ?? 100);
    this.#maxLag = Math.max(1, options.maxLag ?? 4);
    this.#alpha = options.smoothing ?? 0.2;
    this.#window = Math.max(1, Math.round(options.window ?? 5));
    this.#frameMs = options.frameMs ?? 1000 / 60;
    this.#notifyEveryMs = Math.max(0, options.notifyEveryMs ?? 1000);
  }

  /** How often each row is being redrawn, per second (60 when nothing is held back). */
  get hz(): number {
    return this.#hz;
  }

  /** Whether live writes are slowed down or sliced to keep the page responsive. */
  get reduced(): boolean {
    return this.#hz < 60;
  }

  /** The wait between two flushes the budget asks for now, in ms (0: every frame). */
  get intervalMs(): number {
    // Not before a window of flushes has been measured: one dear first flush says little.
    if (this.#workMs < this.#spaceAboveMs || this.#recentWork.length < this.#window) return 0;
    if (this.#repeats !== undefined && this.#repeats < MIN_REPEATS) return 0;
    const wanted = this.#workMs / this.#share;
    return wanted <= this.#frameMs ? 0 : Math.min(this.#maxIntervalMs, wanted);
  }

  /**
   * The most rows a flush should write when `waiting` rows are pending (`firstRows` until a row's
   * cost has been measured). While flushes run every frame it is never below the rows that arrive
   * per frame: slicing below that only builds a backlog, so every row shows later while each frame
   * still writes its quota. A steady load that is too dear is the spacing's to lower (and the
   * spaced flushes, which collect more rows, are sliced). Never more than fit in `maxFrameMs`.
   */
  rowQuota(waiting: number): number {
    if (!this.#rowMs) return Math.max(this.#minRows, this.#firstRows);
    // Half as many again as the average, as arrivals vary from frame to frame.
    const arriving = this.framesPerFlush === 1 ? Math.ceil(1.5 * this.#waitingPerFrame) : 0;
    const wanted = Math.max(Math.ceil(waiting / this.#maxLag), Math.floor(this.#frameBudgetMs / this.#rowMs), arriving);
    return Math.max(this.#minRows, Math.min(wanted, Math.floor(this.#maxFrameMs / this.#rowMs)));
  }

  /** Frames from one flush to the next: 1 is every frame. */
  get framesPerFlush(): number {
    return Math.max(1, Math.ceil(this.intervalMs / this.#frameMs - 1e-9));
  }

  /** Called on each frame that has data waiting, with the frame's time in ms; false means hold it for a later frame. */
  shouldFlush(now: number): boolean {
    // Half a frame of slack: frame times jitter around their nominal spacing.
    if (now - this.#lastFlushAt < (this.framesPerFlush - 0.5) * this.#frameMs) return false;
    this.#lastFlushAt = now;
    return true;
  }

  /**
   * Reports a flushed frame: `workMs` from the flush until the frame was painted, the rows it wrote,
   * how many were waiting (more than written when the quota held some back), and, if the caller
   * counts them, the `messages` that arrived since the last flush (several for one row coalesce).
   */
  record(workMs: number, rows = 1, waiting = rows, messages?: number): void {
    const sample = Math.min(MAX_SAMPLE_MS, Math.max(0, workMs));
    const a = this.#alpha;
    // Rows the last flush held back were counted then; only the others arrived since.
    const arrived = Math.max(0, waiting - this.#carried);
    this.#carried = Math.max(0, waiting - rows);
    if (messages !== undefined && arrived > 0) this.#repeats = this.#smooth(this.#repeats ?? 0, this.#median(this.#recentRepeats, messages / arrived), this.#recentRepeats);
    // Spacing flushes out saves work only when the same rows would be rewritten every frame. When
    // fewer rows change per frame, a spaced flush just collects more of them: judge it by what
    // flushing every frame would cost, or a busy moment would keep the rate down for good.
    const spaced = this.framesPerFlush > 1;
    if (!spaced) this.#waitingPerFrame = this.#smooth(this.#waitingPerFrame, this.#median(this.#recentArrivals, arrived), this.#recentArrivals);
    const accumulated = spaced && this.#waitingPerFrame > 0 && waiting > 1.5 * this.#waitingPerFrame;
    // (A sliced flush is scaled by the rows waiting, not those written: much of a frame's cost is
    // fixed, so its cost per row written overstates a row and would keep the rate down for good.)
    const everyFrameMs = this.#median(this.#recentWork, accumulated ? (sample * this.#waitingPerFrame) / waiting : sample);
    this.#workMs = this.#smooth(this.#workMs, everyFrameMs, this.#recentWork);
    // Tiny flushes are mostly the frame's fixed cost; they would make a row look dear.
    if (rows >= 2 * this.#minRows || sample > this.#frameBudgetMs) {
      const perRow = this.#median(this.#recentRowMs, sample / Math.max(1, rows));
      this.#rowMs = this.#smooth(this.#rowMs, perRow, this.#recentRowMs);
    }
    this.#coverage += a * (Math.min(1, rows / Math.max(1, waiting)) - this.#coverage);
    this.#update();
  }

  /**
   * The running average moved towards `median`; until the window is full, the median itself, so the
   * first flushes (which write every row at once) don't linger in the average.
   */
  #smooth(average: number, median: number, recent: readonly number[]): number {
    return recent.length < this.#window || !average ? median : average + this.#alpha * (median - average);
  }

  /** Adds `sample` to the `recent` window and returns the window's median. */
  #median(recent: number[], sample: number): number {
    recent.push(sample);
    if (recent.length > this.#window) recent.shift();
    const sorted = [...recent].sort((x, y) => x - y);
    return sorted[(sorted.length - 1) >> 1]!;
  }

  /** Calls `listener` whenever {@link hz} changes; returns the remover. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #update(): void {
    const flushHz = 1000 / this.#frameMs / this.framesPerFlush;
    // Rows held back by the quota wait for later flushes: each is redrawn less often than flushes happen.
    const rowHz = flushHz * (this.#coverage > 0.97 ? 1 : this.#coverage);
    const hz = RATE_STEPS.reduce((best, step) => (Math.abs(step - rowHz) < Math.abs(best - rowHz) ? step : best), 60);
    if (hz === this.#hz) return;
    this.#hz = hz;
    const now = globalThis.performance?.now() ?? Date.now();
    const wait = this.#notifiedAt + this.#notifyEveryMs - now;
    if (wait <= 0) {
      this.#notify(now);
    } else if (this.#notifyTimer === undefined) {
      this.#notifyTimer = setTimeout(() => this.#notify(globalThis.performance?.now() ?? Date.now()), wait);
      // A pending notice must not keep a Node process alive (tests, server-side rendering).
      (this.#notifyTimer as { unref?: () => void }).unref?.();
    }
  }

  #notify(now: number): void {
    clearTimeout(this.#notifyTimer);
    this.#notifyTimer = undefined;
    this.#notifiedAt = now;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure must not stop the others from hearing about the change.
      }
    }
  }
}

const budgets = new WeakMap<QueryClient, RenderBudget>();

/** The render budget the realtime bridge of `client` works to (created on first use). */
export function renderBudgetOf(client: QueryClient): RenderBudget {
  let budget = budgets.get(client);
  if (!budget) budgets.set(client, (budget = new RenderBudget()));
  return budget;
}

/**
 * Runs `callback` with the ms from `start` until the current frame has been rendered: a task posted
 * now runs after the frame's style, layout and paint. Where the Prioritized Task Scheduling API is
 * there, the task is `user-blocking`, so it runs before socket messages and timers already waiting,
 * whose time is not the frame's; otherwise a MessageChannel message. Without either, the callback gets 0.
 */
export function afterFrameRendered(start: number, now: () => number, callback: (workMs: number) => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void, options: { priority: string }) => Promise<unknown> } }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    void scheduler.postTask(() => callback(now() - start), { priority: 'user-blocking' }).catch(() => {});
    return;
  }
  if (typeof MessageChannel === 'undefined') {
    callback(0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback(now() - start);
  };
  channel.port2.postMessage(null);
}
