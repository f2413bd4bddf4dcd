import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A `now` signal that ticks once a second while the host is connected, for "updated 12 s ago"
 * and stale checks. Reading it re-renders only the bindings that use it.
 */
export class ClockController implements ReactiveController {
  readonly now = signal(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(host: ReactiveControllerHost, private readonly intervalMs = 1000) {
    host.addController(this);
  }

  hostConnected(): void {
    this.now.set(Date.now());
    this.#timer = setInterval(() => this.now.set(Date.now()), this.intervalMs);
  }

  hostDisconnected(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
