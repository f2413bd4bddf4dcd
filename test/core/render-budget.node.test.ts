import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Price } from '../../src/core/protocol/index.js';
import { connectRealtimeBridge, createQueryClient, manualFrameScheduler, queryKeys, RenderBudget } from '../../src/core/query/index.js';
import { frames } from './support/fake-socket-server.js';
import { createHarness } from './support/harness.js';

const rendered = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('RenderBudget', () => {
  it('halves the rate after over-budget frames in a row, down to a floor, and climbs back when frames are cheap', () => {
    const budget = new RenderBudget({ budgetMs: 10, overFrames: 3, underFrames: 5, maxDivisor: 4 });
    const changes: number[] = [];
    budget.subscribe(() => changes.push(budget.divisor));
    budget.record(20);
    budget.record(20);
    budget.record(8); // within budget: the run of slow frames starts over
    budget.record(20);
    budget.record(20);
    assert.equal(budget.divisor, 1);
    budget.record(20);
    assert.equal(budget.divisor, 2, '30 Hz');
    for (let i = 0; i < 9; i++) budget.record(50);
    assert.equal(budget.divisor, 4, 'never below the floor of 15 Hz');
    for (let i = 0; i < 4; i++) budget.record(2);
    assert.equal(budget.divisor, 4);
    budget.record(2);
    assert.equal(budget.divisor, 2);
    for (let i = 0; i < 5; i++) budget.record(2);
    assert.equal(budget.divisor, 1);
    assert.deepEqual(changes, [2, 4, 2, 1]);
  });

  it('flushes every other frame at 30 Hz', () => {
    const budget = new RenderBudget({ budgetMs: 1, overFrames: 1 });
    assert.deepEqual([budget.shouldFlush(), budget.shouldFlush()], [true, true]);
    budget.record(5);
    assert.deepEqual([1, 2, 3, 4].map(() => budget.shouldFlush()), [false, true, false, true]);
  });
});

describe('realtime bridge under a render budget', () => {
  it('coalesces over more frames while over budget, and still ends on the exact last values', async () => {
    const h = createHarness();
    const queryClient = createQueryClient();
    const scheduler = manualFrameScheduler();
    // Every frame counts as over budget.
    const budget = new RenderBudget({ budgetMs: -1, overFrames: 2, maxDivisor: 2 });
    const dispose = connectRealtimeBridge(queryClient, h.client, { scheduler, budget, timers: h.time, now: () => h.time.now() });
    await h.connect();
    h.client.subscribe('price_updates');
    queryClient.setQueryData(queryKeys.prices(['BTC']), [frames.price('BTC', 0, 1).data]);
    let seq = 0;
    const tick = () => h.server.last.sendFrame(frames.price('BTC', ++seq, 100 + seq));
    const btc = () => queryClient.getQueryData<Price>(queryKeys.price('BTC'))?.price;
    for (let frame = 0; frame < 2; frame++) {
      tick();
      scheduler.flush();
      assert.equal(btc(), 100 + seq, 'every frame while within budget');
      await rendered();
    }
    assert.equal(budget.divisor, 2);
    tick();
    scheduler.flush();
    assert.equal(btc(), 100 + seq - 1, 'held for the next frame');
    assert.equal(scheduler.pending, 1, 'and that frame is requested');
    tick();
    scheduler.flush();
    assert.equal(btc(), 100 + seq, 'two ticks, one write, the last value');
    assert.deepEqual(queryClient.getQueryData<Price[]>(queryKeys.prices(['BTC']))?.map((p) => p.price), [100 + seq]);
    dispose();
    h.client.dispose();
    // Cached queries hold a garbage-collection timer that would keep the test process alive.
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
