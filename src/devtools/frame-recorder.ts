import type { WebSocketClient } from '../core/socket/index.js';

/** One event the socket client reported, as the inspector lists it. */
export interface RecordedFrame {
  id: number;
  /** When it was seen (epoch ms). */
  at: number;
  /** `price_update`, `alert`, …, or a client event: `welcome`, `subscribed`, `unsubscribed`, `pong`, `resync`, `statechange`, `error`. */
  kind: string;
  stream?: string;
  seq?: number;
  /** The payload as JSON, cut to 400 characters. */
  text: string;
}

const MAX_TEXT = 400;

function json(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * Keeps the last `limit` messages and events of one socket client, read through its public
 * events (the receive path itself is not touched). Recording starts when `attach` is called.
 */
export class FrameRecorder {
  #frames: RecordedFrame[] = [];
  #next = 1;
  #limit: number;
  #detach: Array<() => void> = [];
  #onChange: () => void;

  constructor(limit: number, onChange: () => void) {
    this.#limit = Math.max(1, limit);
    this.#onChange = onChange;
  }

  set limit(value: number) {
    this.#limit = Math.max(1, value);
    this.#trim();
  }

  get frames(): readonly RecordedFrame[] {
    return this.#frames;
  }

  attach(socket: WebSocketClient): void {
    this.detach();
    const add = (kind: string, payload: unknown, stream?: string, seq?: number) => {
      this.#frames.push({ id: this.#next++, at: Date.now(), kind, stream, seq, text: json(payload) });
      this.#trim();
      this.#onChange();
    };
    this.#detach = [
      socket.on('message', (m) => add(m.type, m.data, m.stream, m.seq)),
      socket.on('welcome', (m) => add('welcome', m)),
      socket.on('subscribed', (e) => add('subscribed', { key: e.key, recovered: e.recovered, positions: e.positions })),
      socket.on('unsubscribed', (e) => add('unsubscribed', { key: e.key })),
      socket.on('pong', (p) => add('pong', p)),
      socket.on('resync', (e) => add('resync', { key: e.key, reason: e.reason })),
      socket.on('statechange', (c) => add('statechange', c)),
      socket.on('error', (e) => add('error', { code: e.code, message: e.message })),
    ];
  }

  detach(): void {
    for (const off of this.#detach.splice(0)) off();
  }

  clear(): void {
    this.#frames = [];
    this.#onChange();
  }

  #trim(): void {
    if (this.#frames.length > this.#limit) this.#frames.splice(0, this.#frames.length - this.#limit);
  }
}

/** Frames whose kind, stream or payload contains `filter` (case-insensitive), newest first. */
export function filterFrames(frames: readonly RecordedFrame[], filter: string): RecordedFrame[] {
  const needle = filter.trim().toLowerCase();
  const matching = needle ? frames.filter((f) => f.kind.toLowerCase().includes(needle) || (f.stream ?? '').toLowerCase().includes(needle) || f.text.toLowerCase().includes(needle)) : frames.slice();
  return matching.reverse();
}
