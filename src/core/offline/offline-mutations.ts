import type { MutationOptions, QueryClient } from '@tanstack/query-core';
import { ApiError } from '../api/index.js';
import type { Alert, Portfolio } from '../protocol/index.js';
import { idempotencyKeyFor, queryKeys, type IdempotentVariables, type MutationOptionsFactory } from '../query/index.js';
import { enqueueEdit, type EditKind, type QueuedEdit } from './edit-queue.js';
import { offlineEdits } from './offline-edits.js';

/** True when the request never reached the server: worth queueing, not worth showing as refused. */
function unreachable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0 && (error.code === 'network_error' || error.code === 'timeout');
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

interface EditDescription<TData> {
  method: QueuedEdit['method'];
  path: string;
  body?: unknown;
  label: string;
  pendingId?: string;
  /** What the caller gets back while the edit waits (a create's placeholder). */
  result: () => TData;
}

type Options<TData, TVars> = MutationOptions<TData, Error, TVars, any>;

/**
 * Wraps the library's mutation options so that an edit made offline (or whose request could not
 * reach the server) is queued in IndexedDB with its Idempotency-Key instead of failing: the
 * optimistic change stays on screen, and the queue replays later (see {@link OfflineEdits}).
 */
export function withOfflineQueue(mutations: MutationOptionsFactory, client: QueryClient, apiUrl: string): MutationOptionsFactory {
  const base = apiUrl.replace(/\/+$/, '');
  const portfolioName = (id: string) => client.getQueryData<Portfolio[]>(queryKeys.portfolios())?.find((p) => p.id === id)?.name ?? id;
  const alertTitle = (id: string) => client.getQueryData<Alert[]>(queryKeys.alerts())?.find((a) => a.id === id)?.title ?? id;

  function wrap<TData, TVars extends IdempotentVariables>(kind: EditKind, options: Options<TData, TVars>, describe: (vars: TVars) => EditDescription<TData>): Options<TData, TVars> {
    const queued = new WeakSet<object>();
    const enqueue = async (vars: TVars): Promise<TData> => {
      const edit = describe(vars);
      // Kept with its user, so that only their token replays it.
      const userId = await offlineEdits().currentUser();
      await enqueueEdit({
        kind,
        label: edit.label,
        method: edit.method,
        url: base + edit.path,
        ...(edit.body === undefined ? {} : { body: JSON.stringify(edit.body) }),
        idempotencyKey: idempotencyKeyFor(vars),
        createdAt: Date.now(),
        ...(edit.pendingId ? { pendingId: edit.pendingId } : {}),
        ...(userId !== undefined ? { userId } : {}),
      });
      queued.add(vars);
      void offlineEdits().queued();
      return edit.result();
    };
    return {
      ...options,
      // Query-core would hold a mutation while offline, and lose it on reload; the queue keeps it.
      networkMode: 'always',
      mutationFn: async (vars, context) => {
        if (isOffline()) return enqueue(vars);
        try {
          return await options.mutationFn!(vars, context);
        } catch (error) {
          if (unreachable(error)) return enqueue(vars);
          throw error;
        }
      },
      // A queued edit has no server answer yet: keep the optimistic data, refetch nothing.
      onSuccess: (data, vars, ...rest) => (queued.has(vars) ? undefined : options.onSuccess?.(data, vars, ...rest)),
      onSettled: (data, error, vars, ...rest) => (queued.has(vars) ? undefined : options.onSettled?.(data, error, vars, ...rest)),
    };
  }

  const id = encodeURIComponent;
  return {
    createPortfolio: () =>
      wrap('createPortfolio', mutations.createPortfolio(), (vars) => {
        const pendingId = `pending-${idempotencyKeyFor(vars).slice(0, 8)}`;
        return {
          method: 'POST',
          path: '/api/portfolios',
          body: vars.body,
          label: `Create portfolio “${vars.body.name}”`,
          pendingId,
          result: () => client.getQueryData<Portfolio[]>(queryKeys.portfolios())?.find((p) => p.id === pendingId)
            ?? { id: pendingId, name: vars.body.name, holdings: vars.body.holdings, createdAt: Date.now(), updatedAt: Date.now() },
        };
      }),
    updatePortfolio: () =>
      wrap('updatePortfolio', mutations.updatePortfolio(), (vars) => {
        const name = portfolioName(vars.id);
        return {
          method: 'PATCH',
          path: `/api/portfolios/${id(vars.id)}`,
          body: vars.patch,
          label: vars.patch.name && vars.patch.name !== name ? `Rename portfolio “${name}” to “${vars.patch.name}”` : `Edit portfolio “${name}”`,
          result: () => client.getQueryData<Portfolio>(queryKeys.portfolio(vars.id))
            ?? client.getQueryData<Portfolio[]>(queryKeys.portfolios())?.find((p) => p.id === vars.id)
            ?? ({ id: vars.id, name, holdings: vars.patch.holdings ?? [], createdAt: 0, updatedAt: Date.now() } as Portfolio),
        };
      }),
    deletePortfolio: () =>
      wrap('deletePortfolio', mutations.deletePortfolio(), (vars) => ({
        method: 'DELETE', path: `/api/portfolios/${id(vars.id)}`, label: `Delete portfolio “${portfolioName(vars.id)}”`, result: () => undefined,
      })),
    acknowledgeAlert: () =>
      wrap('acknowledgeAlert', mutations.acknowledgeAlert(), (vars) => ({
        method: 'POST', path: `/api/alerts/${id(vars.id)}/ack`, label: `Acknowledge alert “${alertTitle(vars.id)}”`, result: () => undefined,
      })),
    addToWatchlist: () =>
      wrap('addToWatchlist', mutations.addToWatchlist(), (vars) => ({
        method: 'PUT', path: `/api/watchlist/${id(vars.assetId)}`, label: `Add ${vars.assetId} to the watchlist`, result: () => undefined,
      })),
    removeFromWatchlist: () =>
      wrap('removeFromWatchlist', mutations.removeFromWatchlist(), (vars) => ({
        method: 'DELETE', path: `/api/watchlist/${id(vars.assetId)}`, label: `Remove ${vars.assetId} from the watchlist`, result: () => undefined,
      })),
  };
}
