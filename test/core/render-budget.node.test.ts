import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Price } from '../../src/core/protocol/index.js';
import { connectRealtimeBridge, createQueryClient, manualFrameScheduler, queryKeys, RenderBudget } from '../../src/core/query/index.js';
import { frames } from './support/fake-socket-server.js';
import { createHarness } from './support/harness.js';

const rendered = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('RenderBudget', () => {
  it('flushes every frame, and writes at most 100 rows a flush until it has measured one', () => {
    const budget = new RenderBudget();
    assert.deepEqual([0, 16.7, 33.3, 50].map((t) => budget.shouldFlush(t)), [true, true, true, true]);
    assert.ok(budget.rowQuota(30) >= 30, 'a small page gets every row');
    assert.equal(budget.rowQuota(1000), 100, 'the first flush of a large page does not write every row in one frame');
    assert.equal(budget.hz, 60);
    assert.equal(budget.reduced, false);
  });

  it('spaces flushes out when they would take more than its share of the main thread, and comes back when they are cheap', () => {
    const budget = new RenderBudget({ share: 0.25, smoothing: 1, window: 1, maxIntervalMs: 100, notifyEveryMs: 0 });
    const rates: number[] = [];
    budget.subscribe(() => rates.push(budget.hz));
    budget.record(3, 20); // 3 ms a flush is 18% of a 60 Hz frame: every frame
    assert.equal(budget.intervalMs, 0);
    budget.record(10, 20); // 10 ms needs 40 ms between flushes for 25%
    assert.equal(budget.intervalMs, 40);
    const frames = Array.from({ length: 12 }, (_, i) => i * (1000 / 60));
    const flushed = frames.filter((t) => budget.shouldFlush(t));
    assert.equal(flushed.length, 4, `every third frame, saw ${flushed.map((t) => t.toFixed(0))}`);
    assert.equal(budget.hz, 20);
    assert.equal(budget.reduced, true);
    budget.record(500, 20); // a stalled frame counts as 200 ms, and flushes never wait more than 100 ms
    assert.equal(budget.intervalMs, 100);
    assert.equal(budget.hz, 10);
    budget.record(2, 20);
    assert.equal(budget.hz, 60);
    assert.deepEqual(rates, [20, 10, 60]);
  });

  it('comes back to every frame when spacing only made each flush collect more rows', () => {
    const budget = new RenderBudget({ share: 0.25, smoothing: 1, window: 1, maxIntervalMs: 100 });
    budget.record(4, 17, 17); // every frame: 17 rows waiting, 4 ms
    budget.record(30, 17, 17); // one busy moment spaces flushes out
    assert.ok(budget.framesPerFlush > 1);
    const n = budget.framesPerFlush;
    // The same 17 changes a frame, collected over n frames: flushing every frame costs what it did.
    budget.record(4 * n, 17 * n, 17 * n);
    assert.equal(budget.framesPerFlush, 1, 'a spaced flush that only collected more rows does not keep the rate down');
    // When every row changes every frame anyway, spacing does save work, and it stays.
    budget.record(30, 17, 17);
    const spaced = budget.framesPerFlush;
    budget.record(30, 17, 17);
    assert.equal(budget.framesPerFlush, spaced);
    assert.ok(spaced > 1);
  });

  it('does not space flushes out when rows get about one message each between flushes, since it would save no writes', () => {
    const budget = new RenderBudget({ share: 0.25, smoothing: 1, window: 1, maxIntervalMs: 100 });
    // 17 messages a frame for 17 different rows, at 12 ms a flush: dear, but a spaced flush would
    // write as many rows as the flushes it replaced, and show each change later.
    budget.record(12, 17, 17, 18);
    assert.equal(budget.framesPerFlush, 1);
    assert.equal(budget.hz, 60);
    // The same cost with each row getting several messages a frame: spacing coalesces them.
    budget.record(12, 17, 17, 60);
    assert.ok(budget.framesPerFlush > 1);
    // Without a count of messages it judges by cost alone, as before.
    const uncounted = new RenderBudget({ share: 0.25, smoothing: 1, window: 1, maxIntervalMs: 100 });
    uncounted.record(12, 17, 17);
    assert.ok(uncounted.framesPerFlush > 1);
  });

  it('slices: a flush writes what fits in the frame budget, never less than a maxLag-th of the rows waiting', () => {
    const budget = new RenderBudget({ frameBudgetMs: 10, minRows: 8, maxLag: 4, smoothing: 1, window: 1, share: 1 });
    budget.record(5, 4); // a tiny flush says little about a row's cost
    assert.equal(budget.rowQuota(1000), 100, 'still unmeasured');
    budget.record(20, 100); // 0.2 ms a row: 50 rows fit in 10 ms
    assert.equal(budget.rowQuota(100), 50);
    assert.equal(budget.rowQuota(600), 150, 'no row more than 4 flushes behind');
    assert.equal(budget.rowQuota(1000), 200, 'but no flush longer than 40 ms');
    assert.equal(budget.rowQuota(30), 50);
    budget.record(100, 10); // 10 ms a row
    assert.equal(budget.rowQuota(20), 8, 'never fewer than minRows');
  });

  it('a first flush that wrote every row at once does not space out the cheap flushes that follow', () => {
    const budget = new RenderBudget();
    const frameMs = 1000 / 60;
    budget.record(40, 100, 100); // the first flush: every row, 40 ms
    // From then on 16 rows change a frame and a flush costs 2 ms plus 0.1 ms a row.
    const spaced: number[] = [];
    for (let frame = 0, t = 0; frame < 120; frame++, t += frameMs) {
      if (budget.framesPerFlush > 1) spaced.push(frame);
      if (!budget.shouldFlush(t)) continue;
      const waiting = Math.min(100, 16 * budget.framesPerFlush);
      budget.record(2 + 0.1 * waiting, waiting, waiting);
    }
    assert.deepEqual(spaced, [], 'every frame flushed');
  });

  it('one long frame (a garbage collection, another process on the CPU) neither spaces flushes out nor slices them', () => {
    const budget = new RenderBudget();
    for (let i = 0; i < 10; i++) budget.record(3, 16, 16);
    budget.record(120, 16, 16);
    assert.equal(budget.intervalMs, 0, 'still every frame');
    assert.ok(budget.rowQuota(16) >= 16, 'still every row');
    assert.equal(budget.hz, 60);
    // A cost that lasts is taken into account within a few flushes.
    for (let i = 0; i < 12; i++) budget.record(40, 16, 16);
    assert.ok(budget.intervalMs > 0, 'a lasting cost spaces flushes out');
  });

  it('while flushing every frame, never slices below the rows that arrive each frame, so no backlog builds up', () => {
    // 16 rows arrive each frame and cost 12 ms: 0.75 ms a row, so only 13 would "fit" in 10 ms.
    const budget = new RenderBudget({ frameBudgetMs: 10, minRows: 8, maxLag: 4, share: 1, window: 1 });
    let waiting = 0;
    const lag: number[] = [];
    for (let frame = 0; frame < 60; frame++) {
      waiting += 16;
      const rows = Math.min(waiting, budget.rowQuota(waiting));
      budget.record(12, rows, waiting);
      waiting -= rows;
      lag.push(waiting);
    }
    assert.equal(budget.framesPerFlush, 1);
    assert.deepEqual(new Set(lag.slice(10)), new Set([0]), `rows left waiting after each flush: ${lag.join(' ')}`);
    // A burst beyond the steady arrivals is still sliced.
    assert.equal(budget.rowQuota(160), 40, 'a burst of 160 goes out over 4 frames');
    assert.equal(budget.rowQuota(400), 53, 'and a larger one in flushes of at most 40 ms');
  });

  it('tells its listeners of a changing rate at most once a second, and always of the last one', async () => {
    const budget = new RenderBudget({ share: 0.25, smoothing: 1, window: 1, maxIntervalMs: 100, notifyEveryMs: 50 });
    const heard: number[] = [];
    budget.subscribe(() => heard.push(budget.hz));
    budget.record(10, 20); // 20 Hz: told at once
    budget.record(20, 20); // 10 Hz
    budget.record(2, 20); // 60 Hz
    budget.record(10, 20); // 20 Hz
    assert.deepEqual(heard, [20]);
    assert.equal(budget.hz, 20, 'the rate itself is always current');
    budget.record(2, 20); // 60 Hz
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(heard, [20, 60], 'the last change arrives once the interval is over');
  });

  it('reports how often each row is redrawn while rows are held back', () => {
    const budget = new RenderBudget({ frameBudgetMs: 10, smoothing: 1, window: 1, share: 1 });
    budget.record(10, 100, 200); // half the rows waiting were written
    assert.equal(budget.hz, 30);
    budget.record(10, 100, 100);
    assert.equal(budget.hz, 60);
  });
});

describe('realtime bridge under a render budget', () => {
  it('spaces flushes out while over budget, and still ends on the exact last values', async () => {
    const h = createHarness();
    const queryClient = createQueryClient();
    const scheduler = manualFrameScheduler();
    const budget = new RenderBudget({ share: 0.25, smoothing: 1, window: 1, maxIntervalMs: 10_000, frameMs: 1 });
    budget.record(2500, 100); // flushes as dear as this may come only every 10 s
    const dispose = connectRealtimeBridge(queryClient, h.client, { scheduler, budget, timers: h.time, now: () => h.time.now() });
    await h.connect();
    h.client.subscribe('price_updates');
    queryClient.setQueryData(queryKeys.prices(['BTC']), [frames.price('BTC', 0, 1).data]);
    let seq = 0;
    const tick = () => h.server.last.sendFrame(frames.price('BTC', ++seq, 100 + seq));
    const btc = () => queryClient.getQueryData<Price>(queryKeys.price('BTC'))?.price;
    tick();
    scheduler.flush();
    assert.equal(btc(), 101, 'the first flush goes out');
    tick();
    scheduler.flush();
    assert.equal(btc(), 101, 'the next is held');
    assert.equal(scheduler.pending, 1, 'and a later frame is requested');
    tick();
    await rendered(); // the first flush's own measurement lands first (a slow one would space flushes again)
    budget.record(1, 100); // cheap again: every frame
    scheduler.flush();
    assert.equal(btc(), 103, 'two ticks, one write, the last value');
    assert.deepEqual(queryClient.getQueryData<Price[]>(queryKeys.prices(['BTC']))?.map((p) => p.price), [103]);
    dispose();
    h.client.dispose();
    // Cached queries hold a garbage-collection timer that would keep the test process alive.
    queryClient.clear();
  });

  it('slices a large flush over frames, longest waiting first, and every row ends on its exact last value', async () => {
    const h = createHarness();
    const queryClient = createQueryClient();
    const scheduler = manualFrameScheduler();
    // 1 ms a row and 10 ms a frame: 10 rows a flush (4 arriving a frame, so a burst of 30 is sliced).
    // `smoothing: 0` keeps that first measurement.
    const budget = new RenderBudget({ frameBudgetMs: 10, minRows: 1, maxLag: 100, share: 1, maxIntervalMs: 0, smoothing: 0, window: 1, frameMs: 1 });
    budget.record(4, 4);
    const dispose = connectRealtimeBridge(queryClient, h.client, { scheduler, budget, timers: h.time, now: () => h.time.now() });
    await h.connect();
    h.client.subscribe('price_updates');
    const ids = Array.from({ length: 30 }, (_, i) => `A${i}`);
    queryClient.setQueryData(queryKeys.prices(ids), ids.map((id) => frames.price(id, 0, 1).data));
    const shown = () => queryClient.getQueryData<Price[]>(queryKeys.prices(ids))!.map((p) => p.price);
    for (const id of ids) h.server.last.sendFrame(frames.price(id, 1, 2));
    scheduler.flush();
    assert.deepEqual(shown(), [...Array(10).fill(2), ...Array(20).fill(1)], 'the first 10 rows; the others keep their previous values');
    assert.equal(scheduler.pending, 1, 'the rest is due next frame');
    // A new tick for a row still waiting keeps its place; one for a row just written goes to the back.
    h.server.last.sendFrame(frames.price('A25', 2, 3));
    h.server.last.sendFrame(frames.price('A0', 2, 3));
    await rendered();
    scheduler.flush();
    assert.deepEqual(shown().slice(0, 20), Array(20).fill(2), 'rows 10–19 next');
    await rendered();
    scheduler.flush();
    assert.deepEqual(shown().slice(20), [2, 2, 2, 2, 2, 3, 2, 2, 2, 2], 'rows 20–29, with the newest value of A25');
    assert.equal(shown()[0], 2, 'A0 waits its turn');
    await rendered();
    scheduler.flush();
    assert.deepEqual(shown(), [3, ...Array(24).fill(2), 3, ...Array(4).fill(2)], 'every row on its last value');
    assert.equal(queryClient.getQueryData<Price>(queryKeys.price('A29'))?.price, 2, 'single-price queries too');
    assert.equal(scheduler.pending, 0, 'nothing left to flush');
    dispose();
    h.client.dispose();
    queryClient.clear();
  });

  it('writes a tick only to the price lists that show its asset', async () => {
    const h = createHarness();
    const queryClient = createQueryClient();
    const scheduler = manualFrameScheduler();
    const dispose = connectRealtimeBridge(queryClient, h.client, { scheduler, budget: false, timers: h.time, now: () => h.time.now() });
    await h.connect();
    h.client.subscribe('price_updates');
    const old = (id: string) => frames.price(id, 0, 1).data;
    queryClient.setQueryData(queryKeys.prices(['BTC', 'ETH']), [old('BTC'), old('ETH')]);
    queryClient.setQueryData(queryKeys.prices(['SOL']), [old('SOL')]);
    queryClient.setQueryData(queryKeys.prices(), [old('ETH')]); // every asset
    const solList = queryClient.getQueryData(queryKeys.prices(['SOL']));
    h.server.last.sendFrame(frames.price('BTC', 1, 7));
    h.server.last.sendFrame(frames.price('ADA', 1, 3));
    scheduler.flush();
    assert.deepEqual(queryClient.getQueryData<Price[]>(queryKeys.prices(['BTC', 'ETH']))?.map((p) => [p.assetId, p.price]), [['BTC', 7], ['ETH', 1]]);
    assert.equal(queryClient.getQueryData(queryKeys.prices(['SOL'])), solList, 'untouched');
    assert.deepEqual(queryClient.getQueryData<Price[]>(queryKeys.prices())?.map((p) => [p.assetId, p.price]), [['ETH', 1], ['BTC', 7], ['ADA', 3]]);
    queryClient.removeQueries({ queryKey: queryKeys.prices(['BTC', 'ETH']), exact: true });
    h.server.last.sendFrame(frames.price('BTC', 2, 8));
    scheduler.flush();
    assert.equal(queryClient.getQueryData(queryKeys.prices(['BTC', 'ETH'])), undefined, 'a removed list is not brought back');
    queryClient.setQueryData(queryKeys.prices(['BTC', 'ETH']), [old('BTC'), old('ETH')]);
    h.server.last.sendFrame(frames.price('BTC', 3, 9));
    scheduler.flush();
    assert.deepEqual(queryClient.getQueryData<Price[]>(queryKeys.prices(['BTC', 'ETH']))?.map((p) => p.price), [9, 1], 'a list made again is found');
    dispose();
    h.client.dispose();
    // Cached queries hold a garbage-collection timer that would keep the test process alive.
    queryClient.clear();
  });
});
