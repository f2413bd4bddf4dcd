/**
 * `worker-on-demand.ts` for the all-in-one IIFE (see vite.config.ts): one file can't fetch
 * chunks, so the Worker side is here from the start and no socket ever waits for it.
 */
import * as workerSockets from './worker-sockets.js';
import type * as lazy from './worker-on-demand.js';

export type { WorkerSockets } from './worker-on-demand.js';
export const loadWorkerSockets: typeof lazy.loadWorkerSockets = () => Promise.resolve(workerSockets);
export const openWorkerSocket: typeof lazy.openWorkerSocket = (open) => open(workerSockets);
