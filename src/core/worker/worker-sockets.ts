/**
 * What a connection needs once it moves into the socket Worker: the host that starts and talks to
 * the Worker, and the Worker-backed socket. Loaded by `SocketTransport` only when a connection is
 * about to move (mode `on`, or `auto` over its threshold), so a page whose feed stays on the main
 * thread never downloads it.
 */
export { SocketWorkerHost, WorkerSocket } from './worker-host.js';
export { createSocketWorker } from './worker-script.js';
