import type { ApiClient, TokenSource } from '../api/index.js';
import type { FramePipelineFactory } from './frame-pipeline.js';
import type { LifecycleSource } from './lifecycle.js';
import type { OutgoingQueueLimits } from './outgoing-queue.js';
import type { Clock, RandomSource, Timers, WebSocketConstructor } from './seams.js';

/** Close codes with a meaning for reconnection. */
export const CLOSE_CODES = {
  /** Policy violation: the server refuses this client; do not reconnect. */
  POLICY_VIOLATION: 1008,
  /** The server is overloaded: retry later (the client suspends, then retries slowly). */
  TRY_AGAIN_LATER: 1013,
  /** 4000-4499: application-defined "do not reconnect" (bad credentials, banned origin, ...). */
  NO_RECONNECT_MIN: 4000,
  NO_RECONNECT_MAX: 4499,
  /** Used by this client when it closes a socket it has given up on (heartbeat, connect timeout). */
  CLIENT_TIMEOUT: 4900,
} as const;

/** Options of {@link WebSocketClient}. Only `url` is required. */
export interface WebSocketClientOptions {
  /**
   * The feed's WebSocket URL, e.g. `ws://127.0.0.1:8080/ws`; or several (an array, or one string
   * with the URLs separated by spaces): the nodes of a cluster. The client uses one at a time and,
   * when that connection drops or cannot be opened, moves on to the next, resuming every stream
   * from its position. One load-balanced URL works as well.
   */
  url: string | readonly string[];
  /** REST base for polling and recovery, e.g. `http://127.0.0.1:8080`. Without it (and without `api`) there is no polling fallback. */
  apiUrl?: string;
  /** A ready ApiClient (takes precedence over `apiUrl`). */
  api?: ApiClient;
  /** Signs the connection in: its token goes in an `auth` frame after every `welcome`, and is renewed before it expires. */
  auth?: TokenSource;
  /** WebSocket implementation; defaults to the global one. In Node pass the `ws` package's class. */
  WebSocket?: WebSocketConstructor;
  clock?: Clock;
  timers?: Timers;
  random?: RandomSource;
  /** Failed attempts before giving up on the socket (polling, or suspended without REST). Default 10. */
  maxReconnectAttempts?: number;
  /** Backoff floor and ceiling in ms. Defaults 1000 and 30000. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** The first retry after a drop from a stable connection waits a random 0..this ms. Default 1000. */
  firstRetryMaxMs?: number;
  /** Uptime after which a connection counts as stable and the attempt counter resets. Default 5000. */
  stableAfterMs?: number;
  /** Time allowed from opening a socket to the server's `welcome`. Default 10000. */
  connectTimeoutMs?: number;
  /** Added to the server's `heartbeatMs` to form the silence deadline. Default 10000. */
  heartbeatGraceMs?: number;
  /** REST polling interval in ms. Default 5000. */
  pollIntervalMs?: number;
  /** Mean interval between WebSocket probes while polling (jittered ±20 %). Default 60000. */
  probeIntervalMs?: number;
  /** Mean interval between retries while suspended (jittered). Default 30000. */
  suspendedRetryMs?: number;
  /** Delay between the last holder's release and the real unsubscribe. Default 2000. */
  unsubscribeGraceMs?: number;
  /** Bounds of the outgoing queue used while (re)connecting. */
  queue?: OutgoingQueueLimits;
  /** Largest inbound frame accepted. Default 1 MiB. */
  maxFrameBytes?: number;
  /** Replaces the in-thread parse/validate/coalesce stage (e.g. with a Worker-backed one). */
  pipeline?: FramePipelineFactory;
  /** When set, inbound frames are batched until this scheduler runs (price ticks then coalesce). Default: none, each frame at once. */
  frameSchedule?: (flush: () => void) => void;
  /** Page lifecycle hints; defaults to the global `document`/`window` when present. `null` disables. */
  lifecycle?: LifecycleSource | null;
  /** Receives diagnostic lines. */
  debug?: (message: string, details?: unknown) => void;
}
