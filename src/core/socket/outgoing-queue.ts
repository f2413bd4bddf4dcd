import { SocketError } from './socket-error.js';
import { TimerSlot, type Clock, type Timers } from './seams.js';

/** Bounds of the {@link OutgoingQueue}. */
export interface OutgoingQueueLimits {
  /** Most frames held. Default 100. */
  maxMessages?: number;
  /** Most bytes held (string length, a cheap upper bound for ASCII JSON). Default 64 KiB. */
  maxBytes?: number;
  /** A frame older than this is dropped rather than sent late. Default 10 s. */
  maxAgeMs?: number;
}

interface Entry {
  text: string;
  bytes: number;
  enqueuedAt: number;
  settle: (error?: SocketError) => void;
}

/**
 * Holds frames written while the socket is (re)connecting, bounded by count, bytes and age.
 *
 * Overflow drops the *oldest* frames: a stale ping is worth less than a fresh one. Every frame's
 * `settle` is called exactly once: with nothing when it went out, with a `SocketError` when dropped.
 * Subscriptions never pass through here; they are rebuilt from the registry on reconnect.
 */
export class OutgoingQueue {
  readonly #entries: Entry[] = [];
  #bytes = 0;
  readonly #expiry: TimerSlot;
  readonly #maxMessages: number;
  readonly #maxBytes: number;
  readonly #maxAgeMs: number;

  constructor(
    private readonly clock: Clock,
    timers: Timers,
    limits: OutgoingQueueLimits = {},
  ) {
    this.#expiry = new TimerSlot(timers);
    this.#maxMessages = limits.maxMessages ?? 100;
    this.#maxBytes = limits.maxBytes ?? 64 * 1024;
    this.#maxAgeMs = limits.maxAgeMs ?? 10_000;
  }

  get size(): number {
    return this.#entries.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Queues a frame; `settle` learns its fate. */
  push(text: string, settle: (error?: SocketError) => void): void {
    const bytes = text.length;
    if (bytes > this.#maxBytes || this.#maxMessages < 1) {
      settle(new SocketError('queue_overflow', `frame of ${bytes} bytes does not fit the outgoing queue (${this.#maxBytes} bytes)`));
      return;
    }
    this.#dropExpired();
    this.#entries.push({ text, bytes, enqueuedAt: this.clock.now(), settle });
    this.#bytes += bytes;
    while (this.#entries.length > this.#maxMessages || this.#bytes > this.#maxBytes) {
      this.#dropOldest(new SocketError('queue_overflow', 'outgoing queue full: oldest frame dropped'));
    }
    this.#armExpiry();
  }

  /** Hands every still-fresh frame to `send`, oldest first; a throwing `send` fails that frame. */
  drain(send: (text: string) => void): void {
    this.#dropExpired();
    this.#expiry.cancel();
    const entries = this.#entries.splice(0);
    this.#bytes = 0;
    for (const entry of entries) {
      try {
        send(entry.text);
        entry.settle();
      } catch (err) {
        entry.settle(new SocketError('queue_failed', 'sending a queued frame failed', err));
      }
    }
  }

  /** Fails every held frame with `error` (the connection was suspended or closed). */
  failAll(error: SocketError): void {
    this.#expiry.cancel();
    const entries = this.#entries.splice(0);
    this.#bytes = 0;
    for (const entry of entries) entry.settle(error);
  }

  #dropOldest(error: SocketError): void {
    const entry = this.#entries.shift();
    if (!entry) return;
    this.#bytes -= entry.bytes;
    entry.settle(error);
  }

  #dropExpired(): void {
    const cutoff = this.clock.now() - this.#maxAgeMs;
    while (this.#entries.length && this.#entries[0]!.enqueuedAt <= cutoff) {
      this.#dropOldest(new SocketError('queue_expired', `outgoing frame waited more than ${this.#maxAgeMs} ms`));
    }
  }

  #armExpiry(): void {
    const oldest = this.#entries[0];
    if (!oldest) {
      this.#expiry.cancel();
      return;
    }
    const due = oldest.enqueuedAt + this.#maxAgeMs - this.clock.now();
    this.#expiry.arm(due, () => {
      this.#dropExpired();
      this.#armExpiry();
    });
  }
}
