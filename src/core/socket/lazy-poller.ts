import type { HttpPoller, HttpPollerDeps } from './http-poller.js';

/** What the client asks of its polling fallback. */
export type PollingFallback = Pick<HttpPoller, 'start' | 'stop'>;

/**
 * The HTTP polling fallback, loaded the first time a client falls back to it: most pages never
 * do, so they never download it. A `stop()` before it has loaded cancels the pending start.
 */
export function lazyPoller(deps: HttpPollerDeps): PollingFallback {
  let poller: HttpPoller | undefined;
  let loading = false;
  let wanted = false;
  return {
    start() {
      wanted = true;
      if (poller) return poller.start();
      if (loading) return;
      loading = true;
      import('./http-poller.js').then(
        ({ HttpPoller }) => {
          poller = new HttpPoller(deps);
          if (wanted) poller.start();
        },
        (err: unknown) => {
          loading = false;
          deps.onError(err, 'setup');
        },
      );
    },
    stop() {
      wanted = false;
      poller?.stop();
    },
  };
}
