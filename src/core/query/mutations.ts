import type { MutationOptions, QueryClient, QueryKey } from '@tanstack/query-core';
import type { ApiClient } from '../api/index.js';
import type { Alert, Portfolio, PortfolioCreate, PortfolioPatch, WatchlistItem } from '../protocol/index.js';
import { queryKeys } from './query-keys.js';

/** Every mutation's variables may carry their own key; otherwise one is made per `mutate()` call. */
export interface IdempotentVariables {
  idempotencyKey?: string;
}

export interface CreatePortfolioVariables extends IdempotentVariables {
  body: PortfolioCreate;
}
export interface UpdatePortfolioVariables extends IdempotentVariables {
  id: string;
  patch: PortfolioPatch;
}
export interface PortfolioIdVariables extends IdempotentVariables {
  id: string;
}
export interface AlertIdVariables extends IdempotentVariables {
  id: string;
}
export interface AssetIdVariables extends IdempotentVariables {
  assetId: string;
}

/** What `onMutate` saved, to put back on error. */
export interface RollbackContext {
  snapshots: Array<[QueryKey, unknown]>;
}

const keys = new WeakMap<object, string>();

/**
 * The `Idempotency-Key` of one `mutate()` call. Query-core retries a mutation with the same
 * variables object, so keying on it keeps the key stable across retries.
 */
export function idempotencyKeyFor(variables: IdempotentVariables): string {
  if (variables.idempotencyKey) return variables.idempotencyKey;
  let key = keys.get(variables);
  if (!key) keys.set(variables, (key = crypto.randomUUID()));
  return key;
}

/** Cancels in-flight fetches of `queryKeys` (they would overwrite the optimistic value) and snapshots them. */
async function snapshot(client: QueryClient, queryKeysToSave: QueryKey[]): Promise<RollbackContext> {
  await Promise.all(queryKeysToSave.map((queryKey) => client.cancelQueries({ queryKey, exact: true })));
  return { snapshots: queryKeysToSave.map((key) => [key, client.getQueryData(key)]) };
}

function rollback(client: QueryClient, context: RollbackContext | undefined): void {
  for (const [key, value] of context?.snapshots ?? []) client.setQueryData(key, value);
}

function invalidate(client: QueryClient, ...queryKeysToRefresh: QueryKey[]): Promise<void> {
  return Promise.all(queryKeysToRefresh.map((queryKey) => client.invalidateQueries({ queryKey }))).then(() => undefined);
}

type Options<TData, TVariables> = MutationOptions<TData, Error, TVariables, RollbackContext>;

/**
 * Mutation-option factories with optimistic updates: the cache changes at once, is restored if
 * the request fails, and is refetched when it settles. Each request carries an `Idempotency-Key`
 * that stays the same across retries of one `mutate()` call.
 *
 * @example
 * const m = createMutationOptions(queryClient, api);
 * const observer = new MutationObserver(queryClient, m.acknowledgeAlert());
 * await observer.mutate({ id: 'a1' });
 */
export function createMutationOptions(client: QueryClient, api: ApiClient, options: { now?: () => number } = {}) {
  const now = options.now ?? (() => Date.now());
  return {
    createPortfolio: (): Options<Portfolio, CreatePortfolioVariables> => ({
      mutationKey: ['crw', 'createPortfolio'],
      mutationFn: (vars) => api.createPortfolio(vars.body, { idempotencyKey: idempotencyKeyFor(vars) }),
      onMutate: async (vars) => {
        const context = await snapshot(client, [queryKeys.portfolios()]);
        const optimistic: Portfolio = {
          id: `pending-${idempotencyKeyFor(vars).slice(0, 8)}`,
          name: vars.body.name,
          holdings: vars.body.holdings,
          createdAt: now(),
          updatedAt: now(),
        };
        client.setQueryData<Portfolio[]>(queryKeys.portfolios(), (old) => (old ? [...old, optimistic] : old));
        return context;
      },
      onError: (_error, _vars, context) => rollback(client, context),
      onSuccess: (created) => client.setQueryData(queryKeys.portfolio(created.id), created),
      onSettled: () => invalidate(client, queryKeys.portfolios()),
    }),

    updatePortfolio: (): Options<Portfolio, UpdatePortfolioVariables> => ({
      mutationKey: ['crw', 'updatePortfolio'],
      mutationFn: (vars) => api.updatePortfolio(vars.id, vars.patch, { idempotencyKey: idempotencyKeyFor(vars) }),
      onMutate: async ({ id, patch }) => {
        const context = await snapshot(client, [queryKeys.portfolios(), queryKeys.portfolio(id)]);
        const apply = (p: Portfolio): Portfolio => (p.id === id ? { ...p, ...patch, name: patch.name ?? p.name, holdings: patch.holdings ?? p.holdings, updatedAt: now() } : p);
        client.setQueryData<Portfolio[]>(queryKeys.portfolios(), (old) => old?.map(apply));
        client.setQueryData<Portfolio>(queryKeys.portfolio(id), (old) => (old ? apply(old) : old));
        return context;
      },
      onError: (_error, _vars, context) => rollback(client, context),
      onSuccess: (updated) => client.setQueryData(queryKeys.portfolio(updated.id), updated),
      onSettled: (_data, _error, { id }) => invalidate(client, queryKeys.portfolios(), queryKeys.portfolioLive(id), queryKeys.risk(id)),
    }),

    deletePortfolio: (): Options<void, PortfolioIdVariables> => ({
      mutationKey: ['crw', 'deletePortfolio'],
      mutationFn: (vars) => api.deletePortfolio(vars.id, { idempotencyKey: idempotencyKeyFor(vars) }),
      onMutate: async ({ id }) => {
        const context = await snapshot(client, [queryKeys.portfolios()]);
        client.setQueryData<Portfolio[]>(queryKeys.portfolios(), (old) => old?.filter((p) => p.id !== id));
        return context;
      },
      onError: (_error, _vars, context) => rollback(client, context),
      onSuccess: (_data, { id }) => client.removeQueries({ queryKey: queryKeys.portfolio(id) }),
      onSettled: () => invalidate(client, queryKeys.portfolios()),
    }),

    acknowledgeAlert: (): Options<void, AlertIdVariables> => ({
      mutationKey: ['crw', 'acknowledgeAlert'],
      mutationFn: (vars) => api.acknowledgeAlert(vars.id, { idempotencyKey: idempotencyKeyFor(vars) }),
      onMutate: async ({ id }) => {
        const context = await snapshot(client, [queryKeys.alerts()]);
        client.setQueryData<Alert[]>(queryKeys.alerts(), (old) => old?.map((a) => (a.id === id ? { ...a, acknowledged: true } : a)));
        return context;
      },
      onError: (_error, _vars, context) => rollback(client, context),
      // The alerts list is socket-fed; the server's ack needs no refetch unless it failed.
      onSettled: (_data, error) => (error ? invalidate(client, queryKeys.alerts()) : undefined),
    }),

    addToWatchlist: (): Options<void, AssetIdVariables> => ({
      mutationKey: ['crw', 'addToWatchlist'],
      mutationFn: (vars) => api.addToWatchlist(vars.assetId, { idempotencyKey: idempotencyKeyFor(vars) }),
      onMutate: async ({ assetId }) => {
        const context = await snapshot(client, [queryKeys.watchlist()]);
        client.setQueryData<WatchlistItem[]>(queryKeys.watchlist(), (old) =>
          old && !old.some((item) => item.assetId === assetId) ? [...old, { assetId, addedAt: now() }] : old,
        );
        return context;
      },
      onError: (_error, _vars, context) => rollback(client, context),
      onSettled: () => invalidate(client, queryKeys.watchlist()),
    }),

    removeFromWatchlist: (): Options<void, AssetIdVariables> => ({
      mutationKey: ['crw', 'removeFromWatchlist'],
      mutationFn: (vars) => api.removeFromWatchlist(vars.assetId, { idempotencyKey: idempotencyKeyFor(vars) }),
      onMutate: async ({ assetId }) => {
        const context = await snapshot(client, [queryKeys.watchlist()]);
        client.setQueryData<WatchlistItem[]>(queryKeys.watchlist(), (old) => old?.filter((item) => item.assetId !== assetId));
        return context;
      },
      onError: (_error, _vars, context) => rollback(client, context),
      onSettled: () => invalidate(client, queryKeys.watchlist()),
    }),
  };
}

export type MutationOptionsFactory = ReturnType<typeof createMutationOptions>;
