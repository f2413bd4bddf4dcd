/**
 * `worker-on-demand.ts` for the all-in-one IIFE (see vite.config.ts): one file can't fetch
 * chunks, and a dynamic import inlined into it costs more than a static one.
 */
import * as workerSockets from './worker-sockets.js';
import type * as lazy from './worker-on-demand.js';

export const importWorkerSockets: typeof lazy.importWorkerSockets = () => Promise.resolve(workerSockets);
