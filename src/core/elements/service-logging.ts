import type { QueryClient } from '@tanstack/query-core';
import type { LogHub } from '../logging/index.js';

const socketTaps = new Map<string, { hubs: Set<LogHub>; write: (message: string, details?: unknown) => void }>();

/**
 * The debug sink handed to the shared socket client of `url`. The client keeps the options of
 * whoever created it, so the sink must not belong to one provider: it fans out to every
 * provider's log hub that uses this URL, now or later.
 */
export function socketLogTap(url: string): { write: (message: string, details?: unknown) => void; add(hub: LogHub): () => void } {
  let tap = socketTaps.get(url);
  if (!tap) {
    const hubs = new Set<LogHub>();
    tap = { hubs, write: (message, details) => { for (const hub of hubs) hub.emit('socket', message, details); } };
    socketTaps.set(url, tap);
  }
  const found = tap;
  return {
    write: found.write,
    add(hub) {
      found.hubs.add(hub);
      return () => {
        found.hubs.delete(hub);
        // The client may outlive this hub (another provider holds it); keep the tap while it can still write to it.
      };
    },
  };
}

/** Writes query-cache lifecycle lines (added, removed, fetched, failed, invalidated) to the `query` log. Returns the stopper. */
export function logQueryCache(queryClient: QueryClient, log: LogHub): () => void {
  return queryClient.getQueryCache().subscribe((event) => {
    if (!log.wants('query')) return;
    const key = JSON.stringify(event.query.queryKey);
    if (event.type === 'added' || event.type === 'removed') log.emit('query', `${event.type} ${key}`);
    else if (event.type === 'updated') {
      const action = event.action;
      if (action.type === 'error') log.emit('query', `fetch failed ${key}`, action.error);
      else if (action.type === 'invalidate') log.emit('query', `invalidated ${key}`);
      else if (action.type === 'success' && !action.manual) log.emit('query', `fetched ${key}`);
    }
  });
}
