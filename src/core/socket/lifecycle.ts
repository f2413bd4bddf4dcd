/** Why the page may have woken up: timers may have slept, the network may be back. */
export type WakeReason = 'visible' | 'online' | 'pageshow';

/**
 * A source of page lifecycle hints. `online` and friends are hints, not truth: the client only
 * uses them to check its heartbeat against the wall clock and to retry sooner.
 */
export interface LifecycleSource {
  /** Starts listening; returns the function that stops. */
  listen(onWake: (reason: WakeReason) => void): () => void;
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * Listens on the global `document` and `window` when they exist (browser main thread); in Node
 * or a Worker without them it listens to nothing.
 */
export function browserLifecycle(scope: { document?: unknown; window?: unknown } = globalThis as never): LifecycleSource {
  return {
    listen(onWake) {
      const doc = scope.document as (EventTargetLike & { visibilityState?: string }) | undefined;
      const win = scope.window as EventTargetLike | undefined;
      const onVisibility = () => {
        if (doc?.visibilityState !== 'hidden') onWake('visible');
      };
      const onOnline = () => onWake('online');
      const onPageShow = () => onWake('pageshow');
      if (typeof doc?.addEventListener === 'function') doc.addEventListener('visibilitychange', onVisibility);
      if (typeof win?.addEventListener === 'function') {
        win.addEventListener('online', onOnline);
        win.addEventListener('pageshow', onPageShow);
      }
      return () => {
        if (typeof doc?.removeEventListener === 'function') doc.removeEventListener('visibilitychange', onVisibility);
        if (typeof win?.removeEventListener === 'function') {
          win.removeEventListener('online', onOnline);
          win.removeEventListener('pageshow', onPageShow);
        }
      };
    },
  };
}
