import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadedSchemas, loadSchemas } from '../../src/core/protocol/schemas-on-demand.js';
import { createInThreadPipeline, type FrameBatch } from '../../src/core/socket/index.js';
import { frames } from './support/fake-socket-server.js';

describe('in-thread frame pipeline', () => {
  it('delivers each frame at once when no schedule is given', () => {
    const batches: FrameBatch[] = [];
    const pipeline = createInThreadPipeline({ maxFrameBytes: 10_000 }, (b) => batches.push(b));
    pipeline.post(JSON.stringify(frames.price('BTC', 1)));
    pipeline.post(JSON.stringify(frames.price('BTC', 2)));
    assert.deepEqual(batches.map((b) => b.messages.length), [1, 1]);
  });

  it('batches until the scheduler runs and keeps only the newest tick per price stream, never across a control frame', () => {
    const batches: FrameBatch[] = [];
    let run: (() => void) | null = null;
    const pipeline = createInThreadPipeline({ maxFrameBytes: 10_000, schedule: (flush) => (run = flush) }, (b) => batches.push(b));
    for (let seq = 1; seq <= 500; seq++) pipeline.post(JSON.stringify(frames.price(seq % 2 ? 'BTC' : 'ETH', seq)));
    pipeline.post(JSON.stringify({ type: 'heartbeat', serverTime: 1 }));
    pipeline.post(JSON.stringify(frames.price('BTC', 501)));
    pipeline.post('garbage');
    assert.equal(batches.length, 0);
    run!();
    const [batch] = batches;
    assert.deepEqual(
      batch!.messages.map((m) => ('seq' in m ? m.seq : m.type)),
      [499, 500, 'heartbeat', 501],
    );
    assert.equal(batch!.coalesced, 498);
    assert.equal(batch!.rejected[0]?.code, 'bad_json');
  });

  it('holds every frame behind one that needs the schemas until they load, then delivers all in arrival order', async () => {
    assert.equal(loadedSchemas(), undefined, 'this test needs the schemas not loaded yet');
    const batches: FrameBatch[] = [];
    // A scheduler that runs at once, as the Worker's does while it holds a send credit: each run must carry a batch.
    let runs = 0;
    const pipeline = createInThreadPipeline({ maxFrameBytes: 10_000, schedule: (flush) => (runs++, flush()) }, (b) => batches.push(b));
    pipeline.post(JSON.stringify(frames.price('BTC', 1)));
    // An alert has no hand-written check: its schema loads on demand.
    pipeline.post(JSON.stringify({ type: 'alert', channel: 'alerts', stream: 'alerts', epoch: 'e1', seq: 1, ts: 1, data: { nonsense: true } }));
    pipeline.post(JSON.stringify(frames.price('BTC', 2)));
    pipeline.post('garbage');
    pipeline.post(JSON.stringify({ type: 'heartbeat', serverTime: 5 }));
    assert.deepEqual(batches.map((b) => b.messages.length), [1], 'only the frame before the alert went out at once');
    assert.equal(runs, 1, 'nothing was scheduled for the held frames');
    await loadSchemas(); // the same load the pipeline started; its continuation ran first
    assert.equal(batches.length, 2);
    assert.equal(runs, 2);
    const after = batches.slice(1);
    assert.match(after[0]!.rejected[0]!.message, /^invalid "alert" frame: data\./, 'the alert is refused with the schema\'s reasons');
    assert.deepEqual(after.flatMap((b) => b.messages.map((m) => ('seq' in m ? m.seq : m.type))), [2, 'heartbeat']);
    assert.deepEqual(after.flatMap((b) => b.rejected.map((r) => r.code)), ['bad_frame', 'bad_json']);
  });
});
