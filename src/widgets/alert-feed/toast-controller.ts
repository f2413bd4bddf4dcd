import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Alert } from '../../core/protocol/index.js';

interface Countdown {
  timer: ReturnType<typeof setTimeout> | null;
  remainingMs: number;
  startedAt: number;
}

/**
 * The toasts of `<alert-feed notifications>`: at most `max` at a time (newest first), each hiding
 * itself after `durationMs`. While the pointer or focus is in the toast region every countdown
 * stops, and resumes with the time it had left, so nobody loses a toast they are reading.
 */
export class ToastController implements ReactiveController {
  /** The alerts shown as toasts, newest first. */
  readonly toasts = signal<readonly Alert[]>([]);

  #countdowns = new Map<string, Countdown>();
  #hovered = false;
  #focused = false;

  constructor(host: ReactiveControllerHost, private readonly settings: () => { durationMs: number; max: number }) {
    host.addController(this);
  }

  get paused(): boolean {
    return this.#hovered || this.#focused;
  }

  show(alerts: readonly Alert[]): void {
    const { max } = this.settings();
    const next = [...alerts, ...this.toasts.get().filter((t) => !alerts.some((a) => a.id === t.id))].slice(0, max);
    for (const id of this.#countdowns.keys()) if (!next.some((t) => t.id === id)) this.#stop(id);
    for (const alert of next) {
      if (this.#countdowns.has(alert.id)) continue;
      const countdown: Countdown = { timer: null, remainingMs: this.settings().durationMs, startedAt: 0 };
      this.#countdowns.set(alert.id, countdown);
      if (!this.paused) this.#run(alert.id, countdown);
    }
    this.toasts.set(next);
  }

  hide(id: string): void {
    this.#stop(id);
    this.toasts.set(this.toasts.get().filter((t) => t.id !== id));
  }

  /** The pointer entered (true) or left (false) the toast region. */
  setHovered(hovered: boolean): void {
    this.#hovered = hovered;
    this.#sync();
  }

  /** Focus entered (true) or left (false) the toast region. */
  setFocused(focused: boolean): void {
    this.#focused = focused;
    this.#sync();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const id of [...this.#countdowns.keys()]) this.#stop(id);
    this.toasts.set([]);
    this.#hovered = this.#focused = false;
  }

  #sync(): void {
    for (const [id, countdown] of this.#countdowns) {
      if (this.paused && countdown.timer) {
        clearTimeout(countdown.timer);
        countdown.timer = null;
        countdown.remainingMs = Math.max(0, countdown.remainingMs - (Date.now() - countdown.startedAt));
      } else if (!this.paused && !countdown.timer) {
        this.#run(id, countdown);
      }
    }
  }

  #run(id: string, countdown: Countdown): void {
    countdown.startedAt = Date.now();
    countdown.timer = setTimeout(() => this.hide(id), countdown.remainingMs);
  }

  #stop(id: string): void {
    const countdown = this.#countdowns.get(id);
    if (countdown?.timer) clearTimeout(countdown.timer);
    this.#countdowns.delete(id);
  }
}
