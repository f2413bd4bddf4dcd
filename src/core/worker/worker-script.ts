import type { WorkerLike } from './worker-host.js';

/**
 * The Worker file, next to this module. Kept in a constant so that the library build leaves the
 * `new URL(…)` below alone; the build then writes the literal back (scripts/build-worker.mjs), so
 * an app's bundler sees `new Worker(new URL('./socket-worker.js', import.meta.url))` and ships the
 * file with the app.
 */
const SOCKET_WORKER_FILE = './socket-worker.js';

let configured: { url: string | URL; type: 'classic' | 'module' } | null = null;

/**
 * Where the socket Worker script is, when it is not next to the library's modules: the CDN
 * bundles call this with `crw-socket-worker.js` next to themselves. A page may call it too (to
 * serve the file from elsewhere). It must be same-origin (Workers always are), and the page's CSP
 * must allow it in `worker-src` (or `script-src`).
 */
export function setSocketWorkerScript(url: string | URL, type: 'classic' | 'module' = 'classic'): void {
  configured = { url, type };
}

/** Starts a socket Worker from the configured script, or the one next to this module. */
export function createSocketWorker(): WorkerLike {
  if (configured) return new Worker(configured.url, { type: configured.type, name: 'crw-socket' }) as unknown as WorkerLike;
  return new Worker(new URL(SOCKET_WORKER_FILE, import.meta.url), { type: 'module', name: 'crw-socket' }) as unknown as WorkerLike;
}
