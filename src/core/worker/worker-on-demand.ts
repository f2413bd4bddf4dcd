import type { WebSocketLike } from '../socket/seams.js';
import { DeferredSocket } from './deferred-socket.js';

/** The Worker side of the transport: the host, the Worker-backed socket and the Worker starter. */
export type WorkerSockets = typeof import('./worker-sockets.js');

/**
 * The Worker side loads on first use (the IIFE build swaps in worker-on-demand.bundled.ts, which
 * has it at once): most feeds never reach the threshold, so their pages never download it. Once
 * loaded it is kept; a failed load is tried again next time.
 */
let loaded: WorkerSockets | null = null;
let loading: Promise<WorkerSockets> | null = null;

export function loadWorkerSockets(): Promise<WorkerSockets> {
  loading ??= import('./worker-sockets.js').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * A socket in the Worker: built at once when the code is here, otherwise a socket that connects
 * once it has loaded. `onLoadFailed` hears why it could not load; that socket then closes with 1006.
 */
export function openWorkerSocket(open: (module: WorkerSockets) => WebSocketLike, onLoadFailed: (reason: string) => void): WebSocketLike {
  if (loaded) return open(loaded);
  return new DeferredSocket(loadWorkerSockets().then(
    (module) => () => open(module),
    (error: unknown) => {
      onLoadFailed(`the socket Worker code did not load: ${(error as Error)?.message ?? error}`);
      throw error;
    },
  ));
}
