import { TimerSlot, type Clock, type Timers } from './seams.js';

/**
 * Detects a silent (half-open) connection.
 *
 * The deadline is "last inbound frame + interval + grace", kept as a wall-clock instant, so a
 * timer that slept with the laptop is caught by {@link HeartbeatMonitor.check} when the page wakes
 * (the client calls it on `visibilitychange`, `online` and `pageshow`), not 50 s later.
 */
export class HeartbeatMonitor {
  readonly #slot: TimerSlot;
  #deadline = Infinity;
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
    return this.#deadline;
  }

  /** Adopts the server's interval (from `welcome`) and re-arms. */
  setInterval(intervalMs: number): void {
    this.#intervalMs = intervalMs;
    this.beat();
  }

  /** Any inbound frame is proof of life. */
  beat(): void {
    this.#deadline = this.clock.now() + this.#intervalMs + this.graceMs;
    this.#arm();
  }

  /** Fires the timeout now if the deadline has passed by the wall clock; returns whether it did. */
  check(): boolean {
    if (this.clock.now() < this.#deadline) return false;
    const silent = this.clock.now() - (this.#deadline - this.#intervalMs - this.graceMs);
    this.stop();
    this.onTimeout(silent);
    return true;
  }

  stop(): void {
    this.#deadline = Infinity;
    this.#slot.cancel();
  }

  #arm(): void {
    this.#slot.arm(this.#deadline - this.clock.now(), () => {
      // A timer can fire early relative to a jumped clock; only the wall clock decides.
      if (!this.check()) this.#arm();
    });
  }
}
