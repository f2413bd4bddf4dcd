// The socket Worker's batches as they cross to the page: price ticks as numbers in one buffer,
// strings numbered once per socket. What the page rebuilds must be what the Worker had.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerMessage } from '../../src/core/protocol/index.js';
import type { FrameBatch } from '../../src/core/socket/index.js';
import { BatchEncoder } from '../../src/core/worker/batch-encoder.js';
import { BatchDecoder, PRICE_SLOTS, type WireBatch } from '../../src/core/worker/flat-batch.js';
import { frames } from './support/fake-socket-server.js';

/** What postMessage does to a batch: a structured clone, the prices' buffer moved. */
const cross = (wire: WireBatch): WireBatch => structuredClone(wire, { transfer: [wire.prices.buffer] });

const batch = (messages: ServerMessage[], extra: Partial<FrameBatch> = {}): FrameBatch => ({ messages, rejected: [], coalesced: 0, ...extra });

describe('flat Worker batches', () => {
  it('rebuilds every message in order: ticks from the buffer, everything else as it was', () => {
    const encoder = new BatchEncoder();
    const decoder = new BatchDecoder();
    const messages: ServerMessage[] = [
      frames.price('BTC', 1, 64_000.125) as ServerMessage,
      frames.price('ETH', 1, 3_000) as ServerMessage,
      { type: 'heartbeat', serverTime: 5 },
      frames.alert('a1', 1) as ServerMessage,
      frames.price('BTC', 2, 64_001) as ServerMessage,
      frames.portfolio('p1', 3) as ServerMessage,
    ];
    const rejected = [{ code: 'bad_json' as const, message: 'not JSON', bytes: 9 }];
    const wire = encoder.encode(batch(messages, { rejected, coalesced: 7 }));
    assert.deepEqual(wire.sequence.map((item) => (typeof item === 'number' ? item : item.type)), [2, 'heartbeat', 'alert', 1, 'portfolio_update']);
    assert.equal(wire.prices.length, 3 * PRICE_SLOTS);
    const out = decoder.decode(cross(wire));
    assert.deepEqual(out, { messages, rejected, coalesced: 7 });
  });

  it('keeps every number exactly: -0, fractions, the largest safe integers', () => {
    const encoder = new BatchEncoder();
    const decoder = new BatchDecoder();
    const tick = frames.price('BTC', Number.MAX_SAFE_INTEGER, 0.1 + 0.2) as ServerMessage & { type: 'price_update' };
    tick.data.change24h = -0;
    tick.data.changePercent24h = -1e-300;
    tick.data.marketCap = 1.7976931348623157e308;
    tick.ts = Number.MAX_SAFE_INTEGER - 1;
    const [back] = decoder.decode(cross(encoder.encode(batch([tick])))).messages as (typeof tick)[];
    assert.deepEqual(back, tick);
    assert.ok(Object.is(back!.data.change24h, -0));
  });

  it('sends each string once per socket, and starts the table over at its cap', () => {
    const encoder = new BatchEncoder(4);
    const decoder = new BatchDecoder();
    const first = encoder.encode(batch([frames.price('BTC', 1) as ServerMessage]));
    assert.deepEqual(first.strings, ['price_updates:BTC', 'e1', 'BTC']);
    assert.equal(first.resetStrings, false);
    decoder.decode(cross(first));
    const second = encoder.encode(batch([frames.price('BTC', 2) as ServerMessage, frames.price('ETH', 1) as ServerMessage]));
    assert.deepEqual(second.strings, ['price_updates:ETH', 'ETH'], 'only the new ones');
    const eth = decoder.decode(cross(second)).messages[1];
    assert.equal(eth?.type === 'price_update' && eth.data.assetId, 'ETH');
    // 5 strings now, over the cap of 4: the next batch starts a new table, and the page follows.
    const third = encoder.encode(batch([frames.price('SOL', 1, 150, 'e2') as ServerMessage, frames.price('BTC', 3) as ServerMessage]));
    assert.equal(third.resetStrings, true);
    assert.deepEqual(third.strings, ['price_updates:SOL', 'e2', 'SOL', 'price_updates:BTC', 'e1', 'BTC']);
    const out = decoder.decode(cross(third)).messages;
    assert.deepEqual(out, [frames.price('SOL', 1, 150, 'e2'), frames.price('BTC', 3)]);
  });

  it('an empty batch of rejections crosses with an empty buffer', () => {
    const wire = new BatchEncoder().encode(batch([], { rejected: [{ code: 'binary_frame', message: 'binary', bytes: 8 }] }));
    assert.equal(wire.prices.length, 0);
    assert.deepEqual(new BatchDecoder().decode(cross(wire)), { messages: [], rejected: [{ code: 'binary_frame', message: 'binary', bytes: 8 }], coalesced: 0 });
  });
});
