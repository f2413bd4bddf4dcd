import type { ClientMessage, Position, ServerMessage } from '../../../src/core/protocol/index.js';
import { PROTOCOL_VERSION, parseClientFrame } from '../../../src/core/protocol/index.js';
import type { Timers, WebSocketConstructor, WebSocketLike } from '../../../src/core/socket/index.js';

type Behaviour = 'accept' | 'refuse' | 'hang';

export interface FakeServerOptions {
  /** What new connections do: open and welcome, fail (close 1006), or never open. */
  behaviour?: Behaviour;
  heartbeatMs?: number;
  /** Answer every subscribe with `subscribed` (positions from `positionsFor`). Default true. */
  autoSubscribe?: boolean;
}

/**
 * An in-process stand-in for the feed server: the client's `WebSocket` option is `server.WebSocket`,
 * every socket it opens becomes a {@link FakeConnection} the test can script (send frames, close
 * with a code, inspect what the client sent). Opening happens on a 0 ms timer of the given timers.
 */
export class FakeSocketServer {
  readonly connections: FakeConnection[] = [];
  behaviour: Behaviour;
  heartbeatMs: number;
  autoSubscribe: boolean;
  /** Answers a subscribe: its positions and `recovered` flag. Tests override it. */
  positionsFor: (msg: Extract<ClientMessage, { type: 'subscribe' }>) => { positions: Record<string, Position>; recovered?: boolean } = (msg) => ({
    positions: defaultPositions(msg),
    recovered: msg.since ? true : undefined,
  });
  readonly WebSocket: WebSocketConstructor;

  constructor(
    readonly timers: Timers,
    options: FakeServerOptions = {},
  ) {
    this.behaviour = options.behaviour ?? 'accept';
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.autoSubscribe = options.autoSubscribe ?? true;
    const server = this;
    this.WebSocket = class {
      constructor(url: string) {
        const connection = new FakeConnection(server, url);
        server.connections.push(connection);
        return connection as unknown as object;
      }
    } as unknown as WebSocketConstructor;
  }

  get last(): FakeConnection {
    const last = this.connections.at(-1);
    if (!last) throw new Error('no connection yet');
    return last;
  }

  /** Connections still open. */
  get open(): FakeConnection[] {
    return this.connections.filter((c) => c.readyState === 1);
  }
}

let session = 0;

export class FakeConnection implements WebSocketLike {
  readyState = 0;
  binaryType = 'blob';
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  /** Frames the client sent, parsed. */
  readonly received: ClientMessage[] = [];
  /** Set when the client closed this socket. */
  closedByClient: { code?: number; reason?: string } | null = null;

  constructor(
    readonly server: FakeSocketServer,
    readonly url: string,
  ) {
    const behaviour = server.behaviour;
    if (behaviour === 'hang') return;
    server.timers.setTimeout(() => {
      if (this.readyState !== 0) return;
      if (behaviour === 'refuse') {
        this.readyState = 3;
        this.onerror?.({ type: 'error' });
        this.onclose?.({ code: 1006, reason: '', wasClean: false });
        return;
      }
      this.readyState = 1;
      this.onopen?.({ type: 'open' });
      this.sendFrame({
        type: 'welcome',
        sessionId: `s${++session}`,
        heartbeatMs: server.heartbeatMs,
        serverTime: 0,
        protocolVersion: PROTOCOL_VERSION,
        maxFrameBytes: 65536,
      });
    }, 0);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('fake socket is not open');
    const parsed = parseClientFrame(data);
    if (!parsed.ok) throw new Error(`client sent an invalid frame: ${parsed.message}`);
    const msg = parsed.message;
    this.received.push(msg);
    if (msg.type === 'subscribe' && this.server.autoSubscribe) {
      const { positions, recovered } = this.server.positionsFor(msg);
      this.sendFrame({ type: 'subscribed', channel: msg.channel, params: msg.params, positions, ...(recovered === undefined ? {} : { recovered }) });
    } else if (msg.type === 'unsubscribe' && this.server.autoSubscribe) {
      this.sendFrame({ type: 'unsubscribed', channel: msg.channel, params: msg.params });
    } else if (msg.type === 'ping') {
      this.sendFrame({ type: 'pong', id: msg.id, serverTime: 0 });
    }
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.closedByClient = { code, reason };
  }

  /** Delivers a server frame (an object is JSON-encoded; anything else is passed as is). */
  sendFrame(frame: ServerMessage | Record<string, unknown> | string | ArrayBuffer): void {
    if (this.readyState !== 1) return;
    const data = typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame);
    this.onmessage?.({ data });
  }

  /** The server closes the connection with `code`. */
  serverClose(code = 1006, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }

  subscribes(): Array<Extract<ClientMessage, { type: 'subscribe' }>> {
    return this.received.filter((m): m is Extract<ClientMessage, { type: 'subscribe' }> => m.type === 'subscribe');
  }
}

function defaultPositions(msg: Extract<ClientMessage, { type: 'subscribe' }>): Record<string, Position> {
  switch (msg.channel) {
    case 'alerts':
      return { alerts: { epoch: 'e1', seq: 0 } };
    case 'price_updates':
      return Object.fromEntries((msg.params?.assetIds ?? ['BTC']).map((id) => [`price_updates:${id}`, { epoch: 'e1', seq: 0 }]));
    default:
      return { [`${msg.channel}:${msg.params.portfolioId}`]: { epoch: 'e1', seq: 0 } };
  }
}

/** Builders of valid data frames. */
export const frames = {
  price(assetId: string, seq: number, price = 100, epoch = 'e1') {
    return {
      type: 'price_update' as const,
      channel: 'price_updates' as const,
      stream: `price_updates:${assetId}`,
      epoch,
      seq,
      ts: 1_700_000_000_000 + seq,
      data: { assetId, price, open24h: 100, high24h: 110, low24h: 90, volume24h: 1e6, change24h: price - 100, changePercent24h: price - 100, marketCap: 1e9, ts: 1_700_000_000_000 + seq },
    };
  },
  alert(id: string, seq: number, epoch = 'e1') {
    return {
      type: 'alert' as const,
      channel: 'alerts' as const,
      stream: 'alerts',
      epoch,
      seq,
      ts: 1_700_000_000_000 + seq,
      data: alertData(id, seq),
    };
  },
  portfolio(portfolioId: string, seq: number, totalValue = 1000, epoch = 'e1') {
    return {
      type: 'portfolio_update' as const,
      channel: 'portfolio_updates' as const,
      stream: `portfolio_updates:${portfolioId}`,
      epoch,
      seq,
      ts: 1_700_000_000_000 + seq,
      data: { portfolioId, name: 'P', totalValue, totalCost: 900, pnl: totalValue - 900, pnlPercent: 1, change24h: 0, change24hPercent: 0, allocation: [], ts: 1_700_000_000_000 + seq },
    };
  },
};

export function alertData(id: string, seq: number) {
  return { id, kind: 'price_move' as const, severity: 'warning' as const, title: `Alert ${id}`, message: 'moved', createdAt: 1_700_000_000_000 + seq, acknowledged: false };
}
