import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiClient, ApiError, type RequestTiming } from '../../src/core/api/index.js';
import { createQueryClient, defaultRetry, defaultRetryDelay } from '../../src/core/query/query-client.js';
import { fakeFetch, json } from './support/fake-fetch.js';
import { frames } from './support/fake-socket-server.js';

const price = frames.price('BTC', 1, 101).data;
const noSleep = async () => {};

function client(fetch: typeof globalThis.fetch, extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) {
  return new ApiClient({ baseUrl: 'http://feed.test/', fetch, sleep: noSleep, random: () => 0.5, ...extra });
}

describe('ApiClient', () => {
  it('validates answers and unwraps lists', async () => {
    const api = fakeFetch(() => json({ prices: [price], ts: 5 }));
    const prices = await client(api.fetch).getLivePrices(['ETH', 'BTC']);
    assert.deepEqual(prices, [price]);
    assert.equal(api.calls[0]?.url.href, 'http://feed.test/api/prices/live?ids=ETH%2CBTC');
    assert.equal(api.calls[0]?.headers['idempotency-key'], undefined, 'GETs carry no key');
  });

  it('turns an answer that does not fit the schema into invalid_response, without retrying', async () => {
    const api = fakeFetch(() => json({ prices: [{ ...price, price: -1 }], ts: 5 }));
    await assert.rejects(client(api.fetch).getLivePrices(), (e: ApiError) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 'invalid_response');
      assert.equal(e.status, 200);
      assert.ok(e.issues?.some((i) => i.path === 'prices.0.price'));
      return true;
    });
    assert.equal(api.calls.length, 1);
    const notJson = fakeFetch(() => new Response('<html>', { status: 200 }));
    await assert.rejects(client(notJson.fetch).getAssets(), (e: ApiError) => e.code === 'invalid_response');
  });

  it('reads the server error body and does not retry 4xx', async () => {
    const api = fakeFetch(() => json({ error: { code: 'validation_failed', message: 'bad', issues: [{ path: 'name', message: 'must not be empty' }] } }, 422));
    await assert.rejects(client(api.fetch).createPortfolio({ name: '', holdings: [] }), (e: ApiError) => {
      assert.equal(e.status, 422);
      assert.equal(e.code, 'validation_failed');
      assert.equal(e.message, 'bad');
      assert.deepEqual(e.issues, [{ path: 'name', message: 'must not be empty' }]);
      assert.equal(e.transient, false);
      return true;
    });
    assert.equal(api.calls.length, 1);
    const bare = fakeFetch(() => new Response('nope', { status: 404 }));
    await assert.rejects(client(bare.fetch).getPortfolio('p1'), (e: ApiError) => e.status === 404 && e.code === 'http_error');
  });

  it('retries 5xx, 429 and network failures with one idempotency key, within the bound', async () => {
    const portfolio = { id: 'p1', name: 'Main', holdings: [], createdAt: 1, updatedAt: 1 };
    const answers = [new Error('ECONNRESET'), json({}, 503), json({}, 429, { 'retry-after': '0' }), json(portfolio, 201)];
    const api = fakeFetch((_req, i) => answers[i]!);
    const waits: number[] = [];
    const created = await client(api.fetch, { retries: 3, sleep: async (ms) => void waits.push(ms) }).createPortfolio({ name: 'Main', holdings: [] });
    assert.deepEqual(created, portfolio);
    assert.equal(api.calls.length, 4);
    const keys = new Set(api.calls.map((c) => c.headers['idempotency-key']));
    assert.equal(keys.size, 1);
    assert.match([...keys][0] ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(waits, [150, 300, 0], 'jittered backoff, Retry-After honoured');

    const given = fakeFetch(() => json({}, 500));
    await assert.rejects(client(given.fetch, { retries: 2 }).deletePortfolio('p1', { idempotencyKey: 'k-1' }), (e: ApiError) => e.status === 500);
    assert.equal(given.calls.length, 3);
    assert.deepEqual(new Set(given.calls.map((c) => c.headers['idempotency-key'])), new Set(['k-1']));
  });

  it('one layer of retries: a read is tried once here; the query cache retries it at most 3 times, honouring Retry-After', async () => {
    const api = fakeFetch(() => json({ error: { code: 'unavailable', message: 'busy' } }, 503, { 'retry-after': '0' }));
    await assert.rejects(client(api.fetch).getAssets(), (e: ApiError) => e.status === 503 && e.retryAfterMs === 0);
    assert.equal(api.calls.length, 1, 'ApiClient does not retry reads');

    const queryClient = createQueryClient();
    const persistent = fakeFetch(() => json({ error: { code: 'unavailable', message: 'busy' } }, 503, { 'retry-after': '0' }));
    const started = Date.now();
    await assert.rejects(queryClient.fetchQuery({ queryKey: ['assets'], queryFn: () => client(persistent.fetch).getAssets(), retry: defaultRetry }));
    assert.equal(persistent.calls.length, 4, 'a persistent 503 costs at most 4 requests per query');
    assert.ok(Date.now() - started < 5000, 'Retry-After: 0 replaced the 1 s, 2 s, 4 s backoff');
    assert.equal(defaultRetryDelay(2, new ApiError(503, 'x', 'x', undefined, undefined, { retryAfterMs: 1500 })), 1500);
    assert.equal(defaultRetryDelay(2, new Error('x')), 4000);
    queryClient.clear();
  });

  it('times out a silent request and honours an AbortSignal', async () => {
    // A fetch that honours its signal, like the real one.
    const honouring: typeof fetch = (input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    await assert.rejects(client(honouring, { timeoutMs: 20, retries: 0 }).getAssets(), (e: ApiError) => e.code === 'timeout' && e.status === 0 && e.transient);
    const controller = new AbortController();
    const pending = client(honouring, { timeoutMs: 10_000, retries: 3 }).getAssets({ signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (e: ApiError) => e.code === 'aborted' && !e.transient);
  });

  it('reports the timing of every attempt', async () => {
    const timings: RequestTiming[] = [];
    let t = 0;
    const answers = [json({}, 502), new Response(null, { status: 204 })];
    const api = fakeFetch((_req, i) => answers[i]!);
    await client(api.fetch, {
      now: () => (t += 7),
      onRequestTiming: (timing) => {
        timings.push(timing);
        throw new Error('monitor bug is ignored');
      },
    }).addToWatchlist('BTC');
    assert.deepEqual(timings, [
      { method: 'PUT', path: '/api/watchlist/BTC', status: 502, durationMs: 7, attempt: 1, ok: false },
      { method: 'PUT', path: '/api/watchlist/BTC', status: 204, durationMs: 7, attempt: 2, ok: true },
    ]);
  });

  it('covers the market endpoints', async () => {
    const api = fakeFetch((req) =>
      req.url.pathname === '/api/market/movers'
        ? json({ gainers: [{ assetId: 'SOL', price: 150, changePercent24h: 9.5 }], losers: [], ts: 1 })
        : json({ sentiment: 'bullish', score: 0.4, breadth: 0.5, capWeightedChangePercent: 2, advancers: 30, decliners: 10, unchanged: 0, assets: 40, ts: 1 }),
    );
    const movers = await client(api.fetch).getMarketMovers(3);
    assert.equal(movers.gainers[0]?.assetId, 'SOL');
    assert.equal(api.calls[0]?.url.search, '?n=3');
    assert.equal((await client(api.fetch).getMarketSentiment()).sentiment, 'bullish');
  });

  it('covers the risk endpoints', async () => {
    const api = fakeFetch((req) => json({ portfolioId: 'p1', timeframe: req.url.searchParams.get('timeframe'), points: [] }));
    const history = await client(api.fetch).getRiskMetricsHistory('p1', '7d');
    assert.equal(history.timeframe, '7d');
    assert.equal(api.calls[0]?.url.pathname, '/api/portfolios/p1/risk/history');
  });
});
