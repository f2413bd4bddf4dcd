import type { QueryClient } from '@tanstack/query-core';

export interface RenderBudgetOptions {
  /** A frame's work (flush, re-render, layout, paint) above this many ms is over budget. Default 12. */
  budgetMs?: number;
  /** Over-budget frames in a row before coalescing further. Default 3. */
  overFrames?: number;
  /** Comfortable frames (under half the budget) in a row before speeding back up. Default 60. */
  underFrames?: number;
  /** Slowest rate: flush every `maxDivisor` frames. Default 4 (15 Hz at 60 fps). */
  maxDivisor?: number;
}

/**
 * How often live data may be written to the page. Starts at every animation frame; when the work
 * of flushed frames keeps running over budget it halves the rate (30 Hz, then 15 Hz), and it
 * climbs back once frames are comfortably cheap again. Only the rate changes: what is held is
 * the latest value per key, so the final values are the same.
 */
export class RenderBudget {
  readonly #budgetMs: number;
  readonly #overFrames: number;
  readonly #underFrames: number;
  readonly #maxDivisor: number;
  readonly #listeners = new Set<() => void>();
  #divisor = 1;
  #frame = 0;
  #over = 0;
  #under = 0;

  constructor(options: RenderBudgetOptions = {}) {
    this.#budgetMs = options.budgetMs ?? 12;
    this.#overFrames = options.overFrames ?? 3;
    this.#underFrames = options.underFrames ?? 60;
    this.#maxDivisor = options.maxDivisor ?? 4;
  }

  /** Flushes happen every `divisor` frames: 1 is every frame. */
  get divisor(): number {
    return this.#divisor;
  }

  /** Whether live writes are slowed down to keep the page responsive. */
  get reduced(): boolean {
    return this.#divisor > 1;
  }

  /** Called on each frame that has data waiting; false means hold it for a later frame. */
  shouldFlush(): boolean {
    this.#frame = (this.#frame + 1) % this.#divisor;
    return this.#frame === 0;
  }

  /** Reports how long a flushed frame's work took, in ms. */
  record(workMs: number): void {
    if (workMs > this.#budgetMs) {
      this.#under = 0;
      if (++this.#over >= this.#overFrames && this.#divisor < this.#maxDivisor) this.#set(this.#divisor * 2);
    } else {
      this.#over = 0;
      if (workMs < this.#budgetMs / 2 && ++this.#under >= this.#underFrames && this.#divisor > 1) this.#set(this.#divisor / 2);
    }
  }

  /** Calls `listener` whenever the rate changes; returns the remover. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(divisor: number): void {
    this.#divisor = divisor;
    this.#over = 0;
    this.#under = 0;
    this.#frame = 0;
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
 * Runs `callback` with the ms from `start` until the current frame has been rendered: a message
 * posted now is handled as a task after the frame's style, layout and paint. Where there is no
 * MessageChannel, the callback gets 0.
 */
export function afterFrameRendered(start: number, now: () => number, callback: (workMs: number) => void): void {
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
