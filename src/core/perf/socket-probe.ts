import type { DataMessage } from '../protocol/index.js';
import type { ConnectionState, PongEvent, WebSocketClient } from '../socket/index.js';
import { max, percentile, round, RollingWindow } from './stats.js';

/** What the monitor needs from a socket client: its public events, counters and ping. */
export type MonitoredSocket = Pick<WebSocketClient, 'on' | 'getStats' | 'getConnectionStatus' | 'getSubscriptionCount' | 'ping'>;

/** Socket figures of one sample. Rates are per second over the sample's interval. */
export interface SocketSample {
  state: ConnectionState;
  transport: 'websocket' | 'polling' | 'none';
  /** Data messages delivered to the app per second (after de-duplication and coalescing). */
  messagesPerSec: number;
  /** Inbound frames per second, valid or not. */
  framesPerSec: number;
  /** Inbound bytes per second (text frames counted in characters); null when the client does not count them. */
  bytesPerSec: number | null;
  /** End-to-end lag from the server's `ts` to receipt, corrected by the clock offset, over this interval's messages. */
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  lagMaxMs: number | null;
  /** Server clock minus this page's clock, from the ping with the shortest round trip; null before the first pong. */
  clockOffsetMs: number | null;
  /** Round trip of the latest ping. */
  rttMs: number | null;
  /** Successful reconnections since monitoring started. */
  reconnects: number;
  /** Server subscriptions currently held. */
  subscriptions: number;
}

interface OffsetSample {
  offset: number;
  rtt: number;
}

/** Watches one socket client through its public surface and reduces it to {@link SocketSample}s. */
export class SocketProbe {
  readonly #socket: MonitoredSocket;
  readonly #now: () => number;
  readonly #lags = new RollingWindow(5000);
  readonly #offsets: OffsetSample[] = [];
  #messages = 0;
  #rtt: number | null = null;
  #lastFrames = 0;
  #lastBytes: number | null = null;
  #reconnectsAtStart = 0;
  #detach: Array<() => void> = [];

  constructor(socket: MonitoredSocket, now: () => number) {
    this.#socket = socket;
    this.#now = now;
  }

  start(): void {
    if (this.#detach.length) return;
    const stats = this.#socket.getStats();
    this.#reconnectsAtStart = stats.reconnects;
    this.#lastFrames = stats.framesReceived;
    this.#lastBytes = typeof stats.bytesReceived === 'number' ? stats.bytesReceived : null;
    this.#messages = 0;
    this.#lags.clear();
    this.#detach = [
      this.#socket.on('message', (message, meta) => this.#onMessage(message, meta.source === 'rest')),
      this.#socket.on('pong', (pong) => this.#onPong(pong)),
      this.#socket.on('welcome', (welcome) => {
        // A first estimate until a ping answers: assumes a negligible one-way delay.
        if (!this.#offsets.length) this.#offsets.push({ offset: welcome.serverTime - this.#now(), rtt: Number.POSITIVE_INFINITY });
      }),
    ];
  }

  stop(): void {
    for (const off of this.#detach.splice(0)) off();
  }

  /** The current estimate of server clock minus page clock, in ms. */
  clockOffsetMs(): number | null {
    if (!this.#offsets.length) return null;
    return this.#offsets.reduce((best, s) => (s.rtt < best.rtt ? s : best)).offset;
  }

  /** Sends a ping for a fresh round trip and offset when the socket is live; failures are ignored. */
  probe(): void {
    if (this.#socket.getConnectionStatus().state !== 'connected') return;
    this.#socket.ping().catch(() => {});
  }

  sample(intervalMs: number): SocketSample {
    const status = this.#socket.getConnectionStatus();
    const stats = this.#socket.getStats();
    const seconds = Math.max(intervalMs, 1) / 1000;
    const bytes = typeof stats.bytesReceived === 'number' ? stats.bytesReceived : null;
    const lags = this.#lags.values();
    const sample: SocketSample = {
      state: status.state,
      transport: status.transport,
      messagesPerSec: round(this.#messages / seconds, 2) ?? 0,
      framesPerSec: round((stats.framesReceived - this.#lastFrames) / seconds, 2) ?? 0,
      bytesPerSec: bytes !== null && this.#lastBytes !== null ? round((bytes - this.#lastBytes) / seconds, 0) : null,
      lagP50Ms: round(percentile(lags, 50)),
      lagP95Ms: round(percentile(lags, 95)),
      lagMaxMs: round(max(lags)),
      clockOffsetMs: round(this.clockOffsetMs()),
      rttMs: round(this.#rtt),
      reconnects: stats.reconnects - this.#reconnectsAtStart,
      subscriptions: this.#socket.getSubscriptionCount(),
    };
    this.#messages = 0;
    this.#lags.clear();
    this.#lastFrames = stats.framesReceived;
    this.#lastBytes = bytes;
    return sample;
  }

  #onMessage(message: DataMessage, fromRest: boolean): void {
    this.#messages += 1;
    // Alerts carry their creation time, and REST reads are old by design: only live stream ticks say how late we are.
    if (message.type === 'alert' || fromRest) return;
    const offset = this.clockOffsetMs() ?? 0;
    this.#lags.push(Math.max(0, this.#now() + offset - message.ts));
  }

  #onPong(pong: PongEvent): void {
    this.#rtt = pong.rttMs;
    // The server stamped its clock about half a round trip before the pong arrived.
    this.#offsets.push({ offset: pong.serverTime + pong.rttMs / 2 - pong.receivedAt, rtt: pong.rttMs });
    if (this.#offsets.length > 8) this.#offsets.shift();
  }
}
