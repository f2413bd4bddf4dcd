import type { ApiClient } from '../api/index.js';
import type { AlertMessage, AlertWithSeq, Position } from '../protocol/index.js';
import { backoffDelay } from './backoff.js';
import { TimerSlot, type RandomSource, type Timers } from './seams.js';

/** Remembers the last N ids, oldest forgotten first. */
export class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** Adds `id`; returns false when it was already there. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.values().next().value as string);
    return true;
  }
}

export interface AlertRecoveryDeps {
  api: ApiClient;
  timers: Timers;
  random: RandomSource;
  /** Alerts read over REST, in stream order, and the position to continue the stream from. */
  onRecovered: (alerts: AlertWithSeq[], position: Position, held: AlertMessage[]) => void;
  onError: (error: unknown, attempt: number) => void;
  /** Most live alerts held while the REST read runs; the oldest beyond it are dropped (REST has them). */
  maxHeld?: number;
  pageSize?: number;
}

/**
 * Closes a hole in the alerts stream over REST: reads `GET /api/alerts?since=&epoch=` page by page
 * from the last delivered position, while holding live alerts back so that nothing is delivered
 * out of order. Failed reads are retried with backoff until they succeed or `cancel()` is called.
 */
export class AlertRecovery {
  readonly #retry: TimerSlot;
  #held: AlertMessage[] = [];
  #run = 0;
  #active = false;

  constructor(private readonly deps: AlertRecoveryDeps) {
    this.#retry = new TimerSlot(deps.timers);
  }

  /** A read is in progress (live alerts must go to {@link AlertRecovery.hold}). */
  get active(): boolean {
    return this.#active;
  }

  hold(message: AlertMessage): void {
    this.#held.push(message);
    const max = this.deps.maxHeld ?? 1000;
    if (this.#held.length > max) this.#held.splice(0, this.#held.length - max);
  }

  /** Starts (or restarts) recovery after `from`; undefined reads the server's whole history. */
  start(from: Position | undefined): void {
    const run = ++this.#run;
    this.#retry.cancel();
    this.#active = true;
    void this.#read(run, from, 0);
  }

  cancel(): void {
    this.#run++;
    this.#retry.cancel();
    this.#active = false;
    this.#held = [];
  }

  async #read(run: number, from: Position | undefined, attempt: number): Promise<void> {
    const collected: AlertWithSeq[] = [];
    let cursor = from;
    try {
      for (;;) {
        const page = await this.deps.api.getAlerts({ since: cursor?.seq, epoch: cursor?.epoch, limit: this.deps.pageSize ?? 500 });
        if (run !== this.#run) return;
        const ordered = [...page.alerts].sort((a, b) => a.seq - b.seq);
        collected.push(...ordered);
        const last = ordered.at(-1);
        if (!page.hasMore || !last) {
          const held = this.#held;
          this.#held = [];
          this.#active = false;
          this.deps.onRecovered(collected, page.position, held);
          return;
        }
        cursor = { epoch: page.position.epoch, seq: last.seq };
      }
    } catch (error) {
      if (run !== this.#run) return;
      this.deps.onError(error, attempt);
      this.#retry.arm(backoffDelay(attempt, this.deps.random, { minMs: 1000, maxMs: 30_000 }), () => void this.#read(run, from, attempt + 1));
    }
  }
}
