import { setupWorker, type SetupWorker } from 'msw/browser';
import type { RequestHandler, WebSocketHandler } from 'msw';

let worker: SetupWorker | null = null;

/**
 * Starts msw's service worker once per test page (served at /mockServiceWorker.js by the
 * test runner) and replaces its handlers with the given ones.
 */
export async function useMocks(...handlers: Array<RequestHandler | WebSocketHandler>): Promise<SetupWorker> {
  if (!worker) {
    worker = setupWorker();
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  }
  worker.resetHandlers(...handlers);
  return worker;
}

export function resetMocks(): void {
  worker?.resetHandlers();
}
