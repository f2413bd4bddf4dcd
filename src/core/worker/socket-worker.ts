/**
 * The socket Worker's entry: `<crypto-data-provider worker>` runs its WebSocket, parsing,
 * validation and coalescing here. Built as one self-contained file next to the library
 * (`dist/lib/core/worker/socket-worker.js`, `dist/cdn/crw-socket-worker.js`).
 */
import type { WebSocketConstructor } from '../socket/seams.js';
import { serveSockets, type WorkerScopeLike } from './serve-sockets.js';

serveSockets(globalThis as unknown as WorkerScopeLike, (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket);
