/**
 * What went wrong, in a form the layers above can switch on.
 *
 * - `bad_json`, `bad_frame`, `frame_too_large`, `binary_frame`: an inbound frame was rejected (counted, dropped).
 * - `server_error`: the server sent an `error` frame.
 * - `connect_failed`, `connection_lost`, `heartbeat_timeout`: transport trouble; the client reconnects.
 * - `closed_by_server`: the server closed with a code meaning "do not reconnect".
 * - `queue_overflow`, `queue_expired`, `queue_failed`: an outgoing frame was dropped.
 * - `listener_error`: an application listener threw; the client carried on.
 * - `recovery_failed`, `polling_failed`: a REST call made on the stream's behalf failed; it is retried.
 * - `auth_failed`: no token could be had (`getToken()` threw), or the server refused it.
 * - `disposed`: the client was disposed while the operation was pending.
 */
export type SocketErrorCode =
  | 'bad_json'
  | 'bad_frame'
  | 'frame_too_large'
  | 'binary_frame'
  | 'server_error'
  | 'connect_failed'
  | 'connection_lost'
  | 'heartbeat_timeout'
  | 'closed_by_server'
  | 'queue_overflow'
  | 'queue_expired'
  | 'queue_failed'
  | 'listener_error'
  | 'recovery_failed'
  | 'polling_failed'
  | 'auth_failed'
  | 'disposed';

/** The typed error the socket client emits and rejects with. */
export class SocketError extends Error {
  override readonly name = 'SocketError';

  constructor(
    /** Machine-readable reason. */
    readonly code: SocketErrorCode,
    message: string,
    /** The underlying error or event, when there is one. */
    override readonly cause?: unknown,
    /** Extra facts (close code, channel, field issues...). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
