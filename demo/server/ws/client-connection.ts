import type { RawData, WebSocket } from 'ws';
import type { Channel, ServerMessage } from '../../../src/core/protocol/index.js';
import type { Stream, Subscriber } from '../streams/stream-registry.js';

/** What one subscription of one connection covers. */
export interface ActiveSubscription {
  channel: Channel;
  params: Record<string, unknown> | undefined;
  streams: Stream[];
}

/** Close codes used by the server. */
export const CLOSE = { goingAway: 1001, serviceRestart: 1012, tryAgainLater: 1013, policy: 1008 } as const;

/** How long a cut-off connection keeps its socket, so the close frame can reach the client. */
const CUT_OFF_GRACE_MS = 500;

/**
 * One WebSocket client. `send` is the hot path: it checks the client's backlog, then writes the
 * shared frame bytes as a text frame.
 */
export class ClientConnection implements Subscriber {
  readonly subscriptions = new Map<string, ActiveSubscription>();
  /** Whether the client answered the last protocol ping. */
  alive = true;
  /** Whether anything was sent since the last heartbeat check. */
  sentSinceCheck = false;
  closed = false;
  /** The signed-in user (after a good `auth` frame), or undefined. */
  user: string | undefined;
  /** Frames that arrived while a token was being checked; they run, in order, once it is. Null when none is. */
  pending: { data: RawData; isBinary: boolean }[] | null = null;
  /** Frames the client may still send now (a token bucket refilled over time), and when it was last refilled. */
  frameAllowance = Number.NaN;
  frameRefilledAt = 0;
  /** Replay bytes sent in the current minute, and when that minute started. */
  replayBytes = 0;
  replayWindowStart = 0;
  /** Fires `auth_expired`, then ends the user's subscriptions after the grace period. */
  authTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: (client: ClientConnection) => void,
    /** Told after a send that left unsent bytes (the server-wide cap counts them). */
    private readonly onBacklog?: (client: ClientConnection) => void,
  ) {}

  send(frame: Buffer | string): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.onOverflow(this);
      return;
    }
    this.socket.send(frame, { binary: false });
    this.sentSinceCheck = true;
    if (this.onBacklog && this.socket.bufferedAmount > 0) this.onBacklog(this);
  }

  sendMessage(message: ServerMessage): void {
    this.send(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    this.socket.close(code, reason);
  }

  /**
   * Ends a connection that floods the server: closes it with `code`, reads nothing more from it
   * (a flooding client has often queued megabytes of frames that ws would otherwise unmask one by
   * one, on the event loop every other client shares), and drops it once the close frame has had
   * a moment to leave.
   */
  cutOff(code: number, reason: string): void {
    if (this.closed) return;
    this.close(code, reason);
    if (typeof this.socket.pause === 'function') this.socket.pause();
    setTimeout(() => this.socket.terminate(), CUT_OFF_GRACE_MS).unref();
  }
}
