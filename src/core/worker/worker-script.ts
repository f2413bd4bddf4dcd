import type { WorkerLike } from './worker-host.js';

/**
 * The Worker file, next to this module. Kept in a constant so that the library build leaves the
 * `new URL(…)` below alone; the build then writes the literal back (scripts/build-worker.mjs), so
 * an app's bundler sees `new URL('./socket-worker.js', import.meta.url)` and ships the file (one
 * self-contained script) with the app.
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

/** The Trusted Types policy name a page that enforces Trusted Types must allow (`trusted-types … crw-socket-worker`). */
export const SOCKET_WORKER_POLICY = 'crw-socket-worker';

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): { createScriptURL(input: string): unknown };
}
let policy: { createScriptURL(input: string): unknown } | null = null;
let allowed = '';

/**
 * The Worker URL as the `Worker` constructor accepts it on a page that enforces Trusted Types: a
 * TrustedScriptURL from a policy that passes only the one Worker script this module starts.
 */
function scriptUrl(url: URL): string | URL {
  const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!tt) return url;
  allowed = url.href;
  // createPolicy throws when the page's CSP does not allow the name; the Worker then can't start, and says so.
  policy ??= tt.createPolicy(SOCKET_WORKER_POLICY, {
    createScriptURL: (input) => {
      if (input !== allowed) throw new TypeError(`${SOCKET_WORKER_POLICY} only starts the socket Worker, not ${input}`);
      return input;
    },
  });
  return policy.createScriptURL(url.href) as string;
}

/** Starts a socket Worker from the configured script, or the one next to this module. */
export function createSocketWorker(): WorkerLike {
  if (configured) return new Worker(scriptUrl(new URL(configured.url, globalThis.location?.href)), { type: configured.type, name: 'crw-socket' }) as unknown as WorkerLike;
  return new Worker(scriptUrl(new URL(SOCKET_WORKER_FILE, import.meta.url)), { type: 'module', name: 'crw-socket' }) as unknown as WorkerLike;
}
