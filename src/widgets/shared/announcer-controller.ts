import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { signal } from '@lit-labs/signals';

/**
 * Feeds a polite live region without flooding a screen reader: at most one announcement per
 * `minIntervalMs`; when several arrive in between, only the latest is read.
 */
export class AnnouncerController implements ReactiveController {
  /** The text the live region shows now. */
  readonly message = signal('');
  #lastAt = 0;
  #pending: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: ReactiveControllerHost, private readonly minIntervalMs = 10_000) {
    host.addController(this);
  }

  announce(text: string): void {
    const wait = this.#lastAt + this.minIntervalMs - Date.now();
    if (wait <= 0 && !this.#timer) {
      this.#emit(text);
      return;
    }
    this.#pending = text;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      if (this.#pending !== null) this.#emit(this.#pending);
    }, Math.max(0, wait));
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }

  #emit(text: string): void {
    this.#pending = null;
    this.#lastAt = Date.now();
    this.message.set(text);
  }
}
