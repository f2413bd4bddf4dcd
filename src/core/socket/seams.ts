/**
 * The seams through which the socket layer reaches the outside world: time, timers, randomness
 * and the WebSocket constructor. Tests pass deterministic versions; production uses the globals.
 */

/** Reads wall-clock time in milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
}

/** An opaque timer handle, whatever the runtime's `setTimeout` returns. */
export type TimerHandle = unknown;

/** The two timer functions the client needs. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Returns a number in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/** What the client reads from a `message` event. */
export interface MessageEventLike {
  data: unknown;
  /** Set by transports whose one event stands for several wire frames (the socket Worker's batches): how many, and their size. */
  frames?: number;
  bytes?: number;
}

/** What the client reads from a `close` event. */
export interface CloseEventLike {
  code: number;
  reason: string;
}

/**
 * The subset of the WHATWG `WebSocket` the client uses. Handler parameters are typed `any`
 * on purpose: each implementation (DOM, `ws`, test fakes) has its own event classes, and handler
 * properties are checked contravariantly, so any narrower type would reject all but one of them.
 * The client reads only {@link MessageEventLike} and {@link CloseEventLike} fields.
 */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onopen: ((event: any) => void) | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onmessage: ((event: any) => void) | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onclose: ((event: any) => void) | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onerror: ((event: any) => void) | null;
}

/** A constructor of {@link WebSocketLike} sockets (the browser's `WebSocket`, or `ws`). */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `WebSocket.OPEN`, spelled out so the client never needs the global. */
export const WS_OPEN = 1;

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** A one-shot timer slot: arming it again cancels the previous callback. */
export class TimerSlot {
  #handle: TimerHandle | undefined;
  #armed = false;

  constructor(private readonly timers: Timers) {}

  /** Whether a callback is waiting. */
  get armed(): boolean {
    return this.#armed;
  }

  arm(ms: number, callback: () => void): void {
    this.cancel();
    this.#armed = true;
    this.#handle = this.timers.setTimeout(() => {
      this.#armed = false;
      this.#handle = undefined;
      callback();
    }, Math.max(0, ms));
  }

  cancel(): void {
    if (!this.#armed) return;
    this.timers.clearTimeout(this.#handle);
    this.#armed = false;
    this.#handle = undefined;
  }
}
