import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Signal } from '@lit-labs/signals';
import { KeyedRows } from './keyed-rows.js';

interface Input {
  price: number | undefined;
}

/** Rows that count how often each view is rendered. */
function rows() {
  const renders: string[] = [];
  const keyed = new KeyedRows<Input, string, boolean>(
    { price: undefined },
    (key, input, copy) => {
      renders.push(`${key}${copy ? '*' : ''}`);
      return `${key}=${input.price ?? '…'}`;
    },
    (a, b) => a.price === b.price,
  );
  return { keyed, renders };
}

/** What a watcher of these views is told about: the views that need a new read. */
function watching(views: Signal.Computed<string>[]) {
  let notified = false;
  const watcher = new Signal.subtle.Watcher(() => {
    notified = true;
  });
  watcher.watch(...views);
  for (const view of views) view.get();
  return {
    pending: () => watcher.getPending() as Signal.Computed<string>[],
    take: () => {
      const was = notified;
      notified = false;
      watcher.watch();
      return was;
    },
  };
}

describe('KeyedRows', () => {
  it('renders a row from its empty input until written, then from what was written', () => {
    const { keyed } = rows();
    const btc = keyed.view('BTC', false);
    assert.equal(btc.get(), 'BTC=…');
    assert.equal(keyed.set('BTC', { price: 5 }), true);
    assert.equal(btc.get(), 'BTC=5');
    assert.deepEqual(keyed.peek('BTC'), { price: 5 });
    assert.equal(keyed.peek('ETH'), undefined);
  });

  it('re-renders only the row that was written, and not at all when the input shows the same thing', () => {
    const { keyed, renders } = rows();
    const views = ['BTC', 'ETH', 'SOL'].map((id) => keyed.view(id, false));
    const watcher = watching(views);
    renders.length = 0;
    assert.equal(keyed.set('ETH', { price: 7 }), true);
    assert.equal(watcher.take(), true);
    assert.deepEqual(watcher.pending(), [views[1]]);
    for (const view of views) view.get();
    assert.deepEqual(renders, ['ETH']);
    assert.equal(keyed.set('ETH', { price: 7 }), false);
    assert.equal(watcher.take(), false);
    assert.deepEqual(watcher.pending(), []);
  });

  it('keeps one view per variant, both following the same input', () => {
    const { keyed, renders } = rows();
    const row = keyed.view('BTC', false);
    const copy = keyed.view('BTC', true);
    assert.equal(keyed.view('BTC', false), row);
    assert.notEqual(row, copy);
    keyed.set('BTC', { price: 1 });
    assert.equal(row.get(), 'BTC=1');
    assert.equal(copy.get(), 'BTC=1');
    assert.deepEqual(renders, ['BTC', 'BTC*']);
  });

  it('refresh() renders every view again with its input kept, and wakes whoever watches them', () => {
    const { keyed, renders } = rows();
    const views = [keyed.view('BTC', false), keyed.view('BTC', true), keyed.view('ETH', false)];
    keyed.set('BTC', { price: 1 });
    const watcher = watching(views);
    renders.length = 0;
    keyed.refresh();
    assert.equal(watcher.take(), true);
    assert.equal(watcher.pending().length, 3);
    assert.equal(keyed.view('BTC', false), views[0], 'the same signal, so a watch() part keeps it');
    assert.deepEqual(views.map((v) => v.get()), ['BTC=1', 'BTC=1', 'ETH=…']);
    assert.deepEqual(renders, ['BTC', 'BTC*', 'ETH']);
  });

  it('retain() forgets the rows not listed', () => {
    const { keyed } = rows();
    keyed.set('BTC', { price: 1 });
    keyed.set('ETH', { price: 2 });
    keyed.retain(['ETH']);
    assert.equal(keyed.peek('BTC'), undefined);
    assert.deepEqual(keyed.peek('ETH'), { price: 2 });
  });
});
