import { TimerSlot, type Clock, type Timers } from './seams.js';

/**
 * Detects a silent (half-open) connection.
 *
 * The deadline is "last inbound frame + interval + grace". A frame only stamps the time of the
 * last beat: at 100k frames a second, re-arming a timer per frame cost more than parsing them.
 * One timer is armed for the deadline; when it fires it re-reads the stamp and either times out
 * or sleeps until the moved deadline, so there is one timer per interval, not one per frame.
 *
 * The deadline is a wall-clock instant, so a timer that slept with the laptop is caught by
 * {@link HeartbeatMonitor.check} when the page wakes (the client calls it on `visibilitychange`,
 * `online` and `pageshow`), not 50 s later.
 */
export class HeartbeatMonitor {
  readonly #slot: TimerSlot;
  #lastBeat = 0;
  #running = false;
  #intervalMs: number;

  constructor(
    private readonly clock: Clock,
    timers: Timers,
    intervalMs: number,
    private readonly graceMs: number,
    private readonly onTimeout: (silentForMs: number) => void,
  ) {
    this.#slot = new TimerSlot(timers);
    this.#intervalMs = intervalMs;
  }

  /** The wall-clock instant after which the link counts as dead (Infinity when stopped). */
  get deadline(): number {
    return this.#running ? this.#lastBeat + this.#intervalMs + this.graceMs : Infinity;
  }

  /** Adopts the server's interval (from `welcome`), counts a beat and re-arms. */
  setInterval(intervalMs: number): void {
    this.#intervalMs = intervalMs;
    this.#running = true;
    this.#lastBeat = this.clock.now();
    this.#arm();
  }

  /** Any inbound frame is proof of life. Costs one clock read; the armed timer does the rest. */
  beat(): void {
    this.#lastBeat = this.clock.now();
    if (!this.#running) {
      this.#running = true;
      this.#arm();
    }
  }

  /** Fires the timeout now if the deadline has passed by the wall clock; returns whether it did. */
  check(): boolean {
    if (!this.#running) return false;
    const now = this.clock.now();
    if (now < this.deadline) return false;
    const silent = now - this.#lastBeat;
    this.stop();
    this.onTimeout(silent);
    return true;
  }

  stop(): void {
    this.#running = false;
    this.#slot.cancel();
  }

  #arm(): void {
    this.#slot.arm(this.deadline - this.clock.now(), () => {
      // Beats since arming moved the deadline; only the wall clock decides.
      if (this.#running && !this.check()) this.#arm();
    });
  }
}
