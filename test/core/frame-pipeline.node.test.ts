import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
