import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** File descriptors kept back for the database, logs and outgoing requests (push, JWKS). */
const FD_RESERVE = 128;
/** Refusals answered at once; beyond it a refused connection is reset without an answer. */
const MAX_REFUSING = 256;
/** How long a refused connection may take to send its request before it is reset. */
const REFUSE_WAIT_MS = 2_000;

const REFUSAL_BODY = JSON.stringify({
  error: { code: 'rate_limited', message: 'the server has too many open connections; retry shortly' },
});
const REFUSAL =
  'HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\nretry-after: 5\r\n' +
  `content-length: ${Buffer.byteLength(REFUSAL_BODY)}\r\nconnection: close\r\n\r\n${REFUSAL_BODY}`;

/** The soft limit of open files of this process (Linux), or undefined where it cannot be read. */
export function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return line && line !== 'unlimited' ? Number(line) : undefined;
  } catch {
    return undefined;
  }
}

/** `wanted`, lowered so the connections and the reserve fit in the process's file descriptors. */
export function tcpConnectionCap(wanted: number, fdLimit = openFileLimit()): number {
  return fdLimit === undefined ? wanted : Math.max(1, Math.min(wanted, fdLimit - FD_RESERVE));
}

export interface TcpGate {
  /** TCP connections open now (HTTP and WebSocket alike). */
  open(): number;
  /** Connections refused since start. */
  refused(): number;
  readonly max: number;
}

/**
 * Caps raw TCP connections before HTTP or WebSocket code sees them. Node's own
 * `server.maxConnections` silently drops the extra socket; here a refused client gets a 503 in the
 * shared error shape (`rate_limited`, with `Retry-After`) once it has sent its request, then the
 * connection closes. Install before `listen`.
 */
export function installTcpGate(server: Server, max: number): TcpGate {
  let open = 0;
  let refusing = 0;
  let refused = 0;
  const accept = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    if (open < max) {
      open += 1;
      socket.once('close', () => (open -= 1));
      for (const listener of accept) listener.call(server, socket);
      return;
    }
    refused += 1;
    socket.on('error', () => {});
    if (refusing >= MAX_REFUSING) return void socket.destroy();
    refusing += 1;
    socket.once('close', () => (refusing -= 1));
    socket.setTimeout(REFUSE_WAIT_MS, () => socket.destroy());
    // Answered after the request arrives, so the client reads the answer rather than a reset; later
    // bytes are read and dropped until it closes.
    socket.once('data', () => socket.end(REFUSAL));
    socket.resume();
  });
  return { open: () => open, refused: () => refused, max };
}
