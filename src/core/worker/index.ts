export {
  DEFAULT_WORKER_THRESHOLD,
  MAIN_THREAD_RETURN_WINDOWS,
  parseWorkerMode,
  SocketTransport,
  socketTransportOf,
  WORKER_SUSTAIN_WINDOWS,
  type ReopenableClient,
  type SocketTransportOptions,
  type WorkerMode,
} from './socket-transport.js';
export { setSocketWorkerScript } from './worker-script.js';
export { ParsedBatch } from './parsed-batch.js';
export { serveSockets, type WorkerScopeLike } from './serve-sockets.js';
export type { FromWorker, ToWorker } from './messages.js';
export type { WireBatch } from './flat-batch.js';
export type { WorkerLike } from './worker-host.js';
