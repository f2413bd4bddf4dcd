/**
 * A cooperative scheduler for widget updates, shared by every widget on the page.
 *
 * Lit runs each element's update in a microtask of the task that asked for it, so a page with a
 * dozen widgets renders all of them in one task: the first render, a cache restore, each live
 * flush. On a phone that is one long task, and the page does not answer input until it ends. Here
 * an update runs at once while the current slice of work is under its budget; past the budget it
 * waits for a later task, in the order it was asked for, and each later task runs queued updates
 * until its own budget is spent. The browser can paint and handle input between slices.
 */
export interface UpdateSchedulerOptions {
  /** Ms of updates one task may run before the rest wait for the next task. Default 6. */
  budgetMs?: number;
  /** The clock. Default `performance.now()`. */
  now?: () => number;
  /** Runs a callback in a new task. Default: `scheduler.postTask`, else a `MessageChannel` message. */
  postTask?: (callback: () => void) => void;
}

interface Waiting {
  run: () => unknown;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class UpdateScheduler {
  readonly #budgetMs: number;
  readonly #now: () => number;
  readonly #postTask: (callback: () => void) => void;
  readonly #queue: Waiting[] = [];
  /** When the current slice began; undefined between slices. */
  #sliceStart: number | undefined;
  /** A task is posted that will end the current slice and run what waits. */
  #posted = false;
  #idle: (() => void)[] = [];

  constructor(options: UpdateSchedulerOptions = {}) {
    this.#budgetMs = options.budgetMs ?? 6;
    this.#now = options.now ?? (() => performance.now());
    this.#postTask = options.postTask ?? defaultPostTask();
  }

  /** Updates waiting for a later task. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Resolves once nothing waits (at once when nothing does). */
  whenIdle(): Promise<void> {
    if (this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Runs `update` now if the current slice has budget left and nothing waits before it;
   * otherwise queues it for a later task. Returns undefined when it ran now (its error, if any,
   * is thrown), or a promise that settles once it has run (rejected with its error).
   */
  schedule(update: () => unknown): Promise<void> | undefined {
    if (this.#queue.length === 0 && this.#hasBudget()) {
      this.#startSlice();
      update();
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ run: update, resolve, reject });
      this.#post();
    });
  }

  #hasBudget(): boolean {
    return this.#sliceStart === undefined || this.#now() - this.#sliceStart < this.#budgetMs;
  }

  #startSlice(): void {
    if (this.#sliceStart !== undefined) return;
    this.#sliceStart = this.#now();
    // The posted task marks the end of this task's slice: updates asked for after it start a new one.
    this.#post();
  }

  #post(): void {
    if (this.#posted) return;
    this.#posted = true;
    this.#postTask(() => this.#drain());
  }

  /** A new task: a new slice, which runs waiting updates in order until its budget is spent. */
  #drain(): void {
    this.#posted = false;
    this.#sliceStart = undefined;
    if (this.#queue.length === 0) return;
    this.#startSlice();
    // At least one update runs in each task, so nothing waits forever however dear updates are.
    do {
      const next = this.#queue.shift()!;
      try {
        next.run();
        next.resolve();
      } catch (error) {
        next.reject(error);
      }
    } while (this.#queue.length > 0 && this.#hasBudget());
    if (this.#queue.length > 0) this.#post();
    else for (const resolve of this.#idle.splice(0)) resolve();
  }
}

function defaultPostTask(): (callback: () => void) => void {
  const scheduler = (globalThis as { scheduler?: { postTask?: (cb: () => void, options?: object) => Promise<unknown> } }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    return (callback) => void scheduler.postTask!(callback, { priority: 'user-visible' });
  }
  // Outside a page (Node: tests, server rendering) an open port would keep the process alive.
  if (typeof MessageChannel === 'function' && typeof document !== 'undefined') {
    const channel = new MessageChannel();
    const callbacks: (() => void)[] = [];
    channel.port1.onmessage = () => callbacks.shift()?.();
    return (callback) => {
      callbacks.push(callback);
      channel.port2.postMessage(null);
    };
  }
  return (callback) => setTimeout(callback, 0);
}

let shared: UpdateScheduler | undefined;

/** The scheduler every widget on the page shares (created on first use). */
export function sharedUpdateScheduler(): UpdateScheduler {
  return (shared ??= new UpdateScheduler());
}
