import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MutationObserver, onlineManager, QueryObserver } from '@tanstack/query-core';
import { ApiClient, ApiError } from '../../src/core/api/index.js';
import type { Alert, Portfolio, Price } from '../../src/core/protocol/index.js';
import {
  connectRealtimeBridge,
  createMutationOptions,
  createQueryClient as createClientUnderTest,
  createQueryOptions,
  defaultRetryDelay,
  manualFrameScheduler,
  queryKeys,
} from '../../src/core/query/index.js';
import { fakeFetch, json, waitFor } from './support/fake-fetch.js';
import { alertData, frames } from './support/fake-socket-server.js';
import { createHarness } from './support/harness.js';

// Query-core keeps garbage-collection timers per query; clearing every client lets the process exit.
const clients: Array<ReturnType<typeof createClientUnderTest>> = [];
const createQueryClient: typeof createClientUnderTest = (overrides) => {
  const client = createClientUnderTest(overrides);
  clients.push(client);
  return client;
};
afterEach(() => {
  for (const client of clients.splice(0)) client.clear();
});

describe('createQueryClient', () => {
  it('has the library defaults and accepts overrides', () => {
    const client = createQueryClient();
    const q = client.getDefaultOptions().queries!;
    assert.equal(q.gcTime, 5 * 60_000);
    const retry = q.retry as (n: number, e: unknown) => boolean;
    assert.equal(retry(0, new ApiError(404, 'not_found', 'x')), false);
    assert.equal(retry(0, new ApiError(503, 'internal', 'x')), true);
    assert.equal(retry(2, new ApiError(0, 'network_error', 'x')), true);
    assert.equal(retry(3, new ApiError(0, 'network_error', 'x')), false);
    assert.deepEqual([0, 1, 4, 5, 10].map(defaultRetryDelay), [1000, 2000, 16_000, 30_000, 30_000]);
    const fresh = client.getQueryCache().build(client, { queryKey: ['x'] });
    assert.equal((q.staleTime as (query: unknown) => number)(fresh), 30_000);
    const custom = createQueryClient({ defaultOptions: { queries: { gcTime: 1 } } });
    assert.equal(custom.getDefaultOptions().queries?.gcTime, 1);
    assert.equal(custom.getDefaultOptions().queries?.retryDelay, defaultRetryDelay);
  });
});

describe('queryKeys', () => {
  it('gives stable, hierarchical keys', () => {
    assert.deepEqual(queryKeys.prices(['ETH', 'BTC', 'ETH']), queryKeys.prices(['BTC', 'ETH']));
    assert.deepEqual(queryKeys.prices(), ['crw', 'prices', 'list', null]);
    assert.deepEqual(queryKeys.portfolioLive('p1').slice(0, 3), queryKeys.portfolio('p1'));
    assert.deepEqual(queryKeys.riskHistory('p1', '7d'), ['crw', 'portfolios', 'p1', 'risk', 'history', '7d']);
    assert.deepEqual(queryKeys.movers(5), ['crw', 'market', 'movers', 5]);
    for (const key of [queryKeys.ticker(), queryKeys.alerts(), queryKeys.watchlist(), queryKeys.assets(), queryKeys.marketSentiment()]) assert.equal(key[0], 'crw');
  });

  it('pairs each key with a query function on the ApiClient', async () => {
    const api = fakeFetch((req) => (req.url.pathname === '/api/portfolios/p1/risk' ? json({ error: { code: 'not_found', message: 'no' } }, 404) : json({ assets: [] })));
    const options = createQueryOptions(new ApiClient({ baseUrl: 'http://feed.test', fetch: api.fetch }));
    const client = createQueryClient();
    assert.deepEqual(await client.fetchQuery(options.assets()), []);
    await assert.rejects(client.fetchQuery(options.risk('p1')), (e: ApiError) => e.status === 404);
    assert.equal(api.calls.length, 2, '4xx not retried');
  });
});

function bridgeSetup() {
  const h = createHarness();
  const queryClient = createQueryClient();
  const scheduler = manualFrameScheduler();
  let writes = 0;
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'success') writes++;
  });
  const dispose = connectRealtimeBridge(queryClient, h.client, { scheduler, timers: h.time, random: () => 0.5, now: () => h.time.now() });
  return { h, queryClient, scheduler, dispose, writes: () => writes };
}

describe('connectRealtimeBridge', () => {
  it('coalesces 1,000 updates into one write per key with the last value', async () => {
    const { h, queryClient, scheduler, writes, dispose } = bridgeSetup();
    await h.connect();
    h.client.subscribe('price_updates');
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' });
    queryClient.setQueryData(queryKeys.prices(['BTC', 'ETH']), [frames.price('BTC', 0, 1).data, frames.price('ETH', 0, 1).data]);
    const before = writes();
    for (let i = 1; i <= 1000; i++) {
      h.server.last.sendFrame(frames.price(i % 2 ? 'BTC' : 'ETH', i, 100 + i));
      h.server.last.sendFrame(frames.portfolio('p1', i, 5000 + i));
    }
    assert.equal(writes(), before, 'nothing written before the frame');
    assert.equal(scheduler.pending, 1);
    scheduler.flush();
    assert.equal(writes() - before, 4, 'BTC, ETH, the BTC+ETH list and p1: one write each');
    assert.equal(queryClient.getQueryData<Price>(queryKeys.price('BTC'))?.price, 1099);
    assert.equal(queryClient.getQueryData<Price>(queryKeys.price('ETH'))?.price, 1100);
    assert.deepEqual(queryClient.getQueryData<Price[]>(queryKeys.prices(['BTC', 'ETH']))?.map((p) => p.price), [1099, 1100]);
    assert.equal(queryClient.getQueryData<{ totalValue: number }>(queryKeys.portfolioLive('p1'))?.totalValue, 6000);
    dispose();
    h.client.dispose();
  });

  it('keeps socket-fed keys fresh while live, and stale-able once the socket drops', async () => {
    const { h, queryClient, scheduler, dispose } = bridgeSetup();
    await h.connect();
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' });
    h.server.last.sendFrame(frames.portfolio('p1', 1));
    scheduler.flush();
    const query = queryClient.getQueryCache().find({ queryKey: queryKeys.portfolioLive('p1') })!;
    const staleTime = () => (queryClient.getDefaultOptions().queries!.staleTime as (q: unknown) => number)(query);
    assert.equal(staleTime(), Infinity, 'live: never stale');
    h.server.last.serverClose(1006);
    assert.equal(staleTime(), 30_000, 'socket down: normal staleness');
    assert.equal(onlineManager.isOnline(), true, 'a socket outage is not offline');
    dispose();
    h.client.dispose();
  });

  it('keeps a bounded, de-duplicated alerts list, newest first', async () => {
    const { h, queryClient, scheduler, dispose } = bridgeSetup();
    await h.connect();
    h.client.subscribe('alerts');
    queryClient.setQueryData<Alert[]>(queryKeys.alerts(), [alertData('old', 0)]);
    for (let seq = 1; seq <= 150; seq++) h.server.last.sendFrame(frames.alert(`a${seq}`, seq));
    scheduler.flush();
    h.server.last.sendFrame(frames.alert('a150', 151)); // same id, new seq: still one entry
    scheduler.flush();
    const list = queryClient.getQueryData<Alert[]>(queryKeys.alerts())!;
    assert.equal(list.length, 100);
    assert.equal(list[0]?.id, 'a150');
    assert.equal(list.at(-1)?.id, 'a51');
    assert.equal(new Set(list.map((a) => a.id)).size, 100);
    dispose();
    h.client.dispose();
  });

  it('reads the alerts list again once a fresh alerts subscription is live, so nothing falls between the two', async () => {
    const { h, queryClient, dispose } = bridgeSetup();
    queryClient.setQueryData<Alert[]>(queryKeys.alerts(), [alertData('before', 0)]);
    await h.connect();
    h.client.subscribe('alerts');
    h.time.advance(0);
    await waitFor(() => queryClient.getQueryState(queryKeys.alerts())?.isInvalidated === true, 'the alerts list invalidated');
    assert.equal(queryClient.getQueryState(queryKeys.portfolioLive('p1')), undefined);
    dispose();
    h.client.dispose();
  });

  it('invalidates, with jitter, the queries of streams that were not recovered', async () => {
    const api = fakeFetch(() => json(frames.portfolio('p1', 0, 4242).data));
    const { h, queryClient, scheduler, dispose } = bridgeSetup();
    const options = createQueryOptions(new ApiClient({ baseUrl: 'http://feed.test', fetch: api.fetch }));
    await h.connect();
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' });
    h.client.subscribe('portfolio_updates', { portfolioId: 'p2' });
    const observer = new QueryObserver(queryClient, options.portfolioLive('p1'));
    const unsubscribe = observer.subscribe(() => {});
    await waitFor(() => observer.getCurrentResult().status === 'success');
    const fetched = api.calls.length;
    h.server.last.sendFrame(frames.portfolio('p1', 1, 1));
    h.server.last.sendFrame(frames.portfolio('p2', 1, 1));
    scheduler.flush();
    h.server.positionsFor = (msg) =>
      msg.channel === 'portfolio_updates' && msg.params.portfolioId === 'p1'
        ? { positions: { 'portfolio_updates:p1': { epoch: 'e2', seq: 0 } }, recovered: false }
        : { positions: { [`portfolio_updates:${'portfolioId' in (msg.params ?? {}) ? (msg.params as { portfolioId: string }).portfolioId : ''}`]: { epoch: 'e1', seq: 1 } }, recovered: true };
    h.time.advance(6000);
    h.server.last.serverClose(1006);
    h.time.next(); // the retry
    h.time.advance(0); // open + welcome: resubscribed; resync for p1 only
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    h.time.advance(499);
    await new Promise((r) => setImmediate(r));
    assert.equal(api.calls.length, fetched, 'not before the jitter');
    h.time.advance(1);
    await waitFor(() => api.calls.length === fetched + 1, 'refetch of p1');
    await waitFor(() => observer.getCurrentResult().data?.totalValue === 4242);
    assert.equal(queryClient.getQueryState(queryKeys.portfolioLive('p2'))?.isInvalidated, false);
    unsubscribe();
    dispose();
    h.client.dispose();
  });
});

describe('mutations', () => {
  it('applies optimistic updates and rolls them back on error, with one idempotency key per mutate()', async () => {
    let fail = true;
    const api = fakeFetch((req) => (fail ? json({ error: { code: 'internal', message: 'boom' } }, 500) : new Response(null, { status: 204 })));
    const apiClient = new ApiClient({ baseUrl: 'http://feed.test', fetch: api.fetch, retries: 1, sleep: async () => {} });
    const queryClient = createQueryClient({ defaultOptions: { mutations: { retry: 1, retryDelay: 0 } } });
    const mutations = createMutationOptions(queryClient, apiClient);
    const alerts = [alertData('a1', 1), alertData('a2', 2)];
    queryClient.setQueryData(queryKeys.alerts(), alerts);
    const observer = new MutationObserver(queryClient, mutations.acknowledgeAlert());
    const seen: boolean[] = [];
    queryClient.getQueryCache().subscribe(() => seen.push(queryClient.getQueryData<Alert[]>(queryKeys.alerts())?.[0]?.acknowledged ?? false));
    await assert.rejects(observer.mutate({ id: 'a1' }), (e: ApiError) => e.status === 500);
    assert.ok(seen.includes(true), 'optimistic value was visible');
    assert.deepEqual(queryClient.getQueryData(queryKeys.alerts()), alerts, 'rolled back');
    assert.equal(api.calls.length, 4, '2 attempts × 2 mutation tries');
    assert.equal(new Set(api.calls.map((c) => c.headers['idempotency-key'])).size, 1);

    fail = false;
    await observer.mutate({ id: 'a1' });
    assert.equal(queryClient.getQueryData<Alert[]>(queryKeys.alerts())?.[0]?.acknowledged, true);
    assert.notEqual(api.calls.at(-1)?.headers['idempotency-key'], api.calls[0]?.headers['idempotency-key'], 'a new mutate() gets a new key');
  });

  it('rolls back an optimistic portfolio delete and watchlist add', async () => {
    const api = fakeFetch(() => json({ error: { code: 'conflict', message: 'no' } }, 409));
    const apiClient = new ApiClient({ baseUrl: 'http://feed.test', fetch: api.fetch });
    const queryClient = createQueryClient();
    const mutations = createMutationOptions(queryClient, apiClient);
    const portfolios: Portfolio[] = [{ id: 'p1', name: 'A', holdings: [], createdAt: 1, updatedAt: 1 }];
    queryClient.setQueryData(queryKeys.portfolios(), portfolios);
    queryClient.setQueryData(queryKeys.watchlist(), []);
    await assert.rejects(new MutationObserver(queryClient, mutations.deletePortfolio()).mutate({ id: 'p1' }));
    assert.deepEqual(queryClient.getQueryData(queryKeys.portfolios()), portfolios);
    await assert.rejects(new MutationObserver(queryClient, mutations.addToWatchlist()).mutate({ assetId: 'BTC' }));
    assert.deepEqual(queryClient.getQueryData(queryKeys.watchlist()), []);
    assert.equal(api.calls.length, 2, '4xx: no retries at any level');
  });
});
