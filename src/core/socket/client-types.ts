import type {
  AlertMessage,
  Channel,
  ChannelParams,
  DataMessage,
  PortfolioUpdateMessage,
  Position,
  PriceUpdateMessage,
  RiskMetricsUpdateMessage,
  WelcomeMessage,
} from '../protocol/index.js';
import type { SocketError } from './socket-error.js';

/**
 * Connection states. See the state machine in `web-socket-client.ts`.
 * - `idle`: created, `connect()` not called yet.
 * - `connecting`: the first attempt after `connect()`.
 * - `connected`: the server's `welcome` arrived; subscriptions are (being) sent.
 * - `reconnecting`: the link dropped or an attempt failed; waiting for the next try, or trying.
 * - `suspended`: streaming is on hold (no REST to poll, or the server said "retry later"); slow retries, queue failed.
 * - `polling`: the WebSocket gave up; data comes from REST every `pollIntervalMs`, with periodic probes.
 * - `closed`: `disconnect()`/`dispose()`, or the server said "do not reconnect".
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'suspended' | 'polling' | 'closed';

/** How data currently arrives. */
export type TransportKind = 'websocket' | 'polling' | 'none';

/** A snapshot of the connection, for status UIs. */
export interface ConnectionStatus {
  state: ConnectionState;
  /** `state === 'connected'`. */
  connected: boolean;
  /** A socket is being opened right now (first attempt, retry or probe). */
  connecting: boolean;
  /** Consecutive failed attempts since the last stable connection. */
  attempt: number;
  /** When the next automatic attempt (retry or probe) is due, as epoch ms; null when none is scheduled. */
  nextRetryAt: number | null;
  transport: TransportKind;
  /** The server's id for the current session, when connected. */
  sessionId: string | null;
  /** The last transport-level error, if any. */
  lastError: SocketError | null;
}

/** Payload of `statechange`. */
export interface StateChange {
  from: ConnectionState;
  to: ConnectionState;
  /** A short machine-friendly reason, e.g. `connect`, `welcome`, `closed:1006`, `heartbeat_timeout`, `max_attempts`. */
  reason: string;
}

/** Where a data event came from. */
export interface DataMeta {
  transport: 'websocket' | 'polling';
  /** `stream`: the live stream (or its replay); `rest`: a REST read on the stream's behalf (polling or recovery). */
  source: 'stream' | 'rest';
}

/** Payload of `subscribed`. */
export interface SubscribedEvent {
  key: string;
  channel: Channel;
  params: unknown;
  /** True when the subscribe resumed from a stored position and every missed message follows. */
  recovered: boolean;
  positions: Record<string, Position>;
}

/** Why continuity was lost on a subscription. */
export type ResyncReason = 'not_recovered' | 'epoch_changed' | 'reconnect' | 'polling_ended';

/**
 * Payload of `resync`: the stream could not be continued, so the layer above must refetch the
 * subscription's REST snapshot. Alerts are only announced here when the client has no REST base
 * (with one, it fetches the missed alerts itself and delivers them as `alert` events).
 */
export interface ResyncEvent {
  key: string;
  channel: Channel;
  params: unknown;
  reason: ResyncReason;
}

/** Counters, for diagnostics and tests. */
export interface SocketStats {
  /** Inbound frames, valid or not. */
  framesReceived: number;
  /** Data messages delivered to listeners. */
  delivered: number;
  droppedDuplicates: number;
  /** Data frames for a subscription that was not live (old generation, unsubscribed, resubscribing). */
  droppedStale: number;
  /** Frames refused by the pipeline (not JSON, wrong schema, too large, binary). */
  invalid: number;
  /** Gaps on replaying streams (each triggers a resubscribe with `since`). */
  gaps: number;
  /** Seq jumps on price streams, which are normal and not recovered. */
  priceSkips: number;
  epochChanges: number;
  /** Successful connections after the first. */
  reconnects: number;
  /** Connection attempts started. */
  attempts: number;
  resyncs: number;
  /** Alerts fetched over REST to close a hole. */
  alertsRecovered: number;
  polls: number;
  coalesced: number;
  listenerErrors: number;
  framesSent: number;
  /** Size of the inbound frames, valid or not: characters of text frames (bytes for ASCII JSON), bytes of binary ones. */
  bytesReceived: number;
}

/** Payload of `pong`: one answered `ping()`, for round-trip and clock-offset estimates. */
export interface PongEvent {
  rttMs: number;
  /** The server's wall clock when it answered (epoch ms). */
  serverTime: number;
  /** This client's clock when the pong arrived (epoch ms). */
  receivedAt: number;
}

/** The typed events of {@link WebSocketClient}; each maps to its listener's arguments. */
export interface WebSocketClientEvents {
  statechange: [change: StateChange];
  error: [error: SocketError];
  welcome: [message: WelcomeMessage];
  subscribed: [event: SubscribedEvent];
  unsubscribed: [event: { key: string; channel: Channel; params: unknown }];
  resync: [event: ResyncEvent];
  price_update: [message: PriceUpdateMessage, meta: DataMeta];
  portfolio_update: [message: PortfolioUpdateMessage, meta: DataMeta];
  risk_metrics_update: [message: RiskMetricsUpdateMessage, meta: DataMeta];
  alert: [message: AlertMessage, meta: DataMeta];
  /** An answered `ping()`. */
  pong: [event: PongEvent];
  /** Every delivered data message, whatever its type. */
  message: [message: DataMessage, meta: DataMeta];
}

/** What {@link WebSocketClient.subscribe} returns. */
export interface SubscriptionHandle<C extends Channel = Channel> {
  readonly key: string;
  readonly channel: C;
  readonly params: ChannelParams[C] | undefined;
  /** Releases this holder's reference (idempotent) and removes its listener. */
  unsubscribe(): void;
}
