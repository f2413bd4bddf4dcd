/** Runs a callback "once per frame"; returns a function that cancels it. */
export interface FrameScheduler {
  request(callback: () => void): () => void;
}

interface FrameScope {
  requestAnimationFrame?: (callback: () => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
  setTimeout: typeof globalThis.setTimeout;
  clearTimeout: typeof globalThis.clearTimeout;
}

/**
 * `requestAnimationFrame` where there is one, raced by a slow timer (`hiddenFlushMs`) because a
 * hidden tab gets no frames at all; elsewhere (Node, Workers) a ~16 ms timer.
 */
export function defaultFrameScheduler(options: { hiddenFlushMs?: number; scope?: FrameScope } = {}): FrameScheduler {
  const scope = options.scope ?? (globalThis as unknown as FrameScope);
  const hiddenFlushMs = options.hiddenFlushMs ?? 1000;
  return {
    request(callback) {
      let done = false;
      const run = () => {
        if (done) return;
        done = true;
        cancel();
        callback();
      };
      const raf = typeof scope.requestAnimationFrame === 'function' ? scope.requestAnimationFrame(run) : undefined;
      const timer = scope.setTimeout(run, raf === undefined ? 16 : hiddenFlushMs);
      const cancel = () => {
        done = true;
        if (raf !== undefined) scope.cancelAnimationFrame?.(raf);
        scope.clearTimeout(timer);
      };
      return cancel;
    },
  };
}

/** A scheduler the caller flushes by hand (tests, or a host with its own frame loop). */
export function manualFrameScheduler(): FrameScheduler & { flush(): void; readonly pending: number } {
  let callbacks: Array<() => void> = [];
  return {
    request(callback) {
      callbacks.push(callback);
      return () => {
        callbacks = callbacks.filter((c) => c !== callback);
      };
    },
    flush() {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
    get pending() {
      return callbacks.length;
    },
  };
}
