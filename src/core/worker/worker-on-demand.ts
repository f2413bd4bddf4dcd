/** The Worker side of the transport, fetched on first use (the IIFE build swaps in worker-on-demand.bundled.ts). */
export const importWorkerSockets = () => import('./worker-sockets.js');
