import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueryClient } from '@tanstack/query-core';
import { JsonSizer, QueryCacheProbe } from './query-cache-probe.js';

describe('query-cache size estimate', () => {
  test('is the length JSON.stringify gives, and 0 for data JSON cannot hold', () => {
    const sizer = new JsonSizer();
    const values: unknown[] = [
      'quote " backslash \\ newline \n unicode €𝄞', '', 0, 1.5, NaN, true, null, [], {},
      [undefined, () => 1, 4], { a: 1, b: undefined, nested: { list: [{ x: 1 }, { y: [2, 3] }] } },
      { when: new Date(1_700_000_000_000) },
    ];
    for (const value of values) assert.equal(sizer.sizeOf(value), JSON.stringify(value)?.length ?? 0, `for ${String(JSON.stringify(value))}`);
    assert.equal(sizer.sizeOf(undefined), 0);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.equal(sizer.sizeOf(cyclic), 0);
    assert.equal(sizer.sizeOf({ big: 1n }), 0);
  });

  test('a sample reads only the data that changed since the last one', () => {
    const client = new QueryClient();
    const probe = new QueryCacheProbe(client);
    let reads = 0;
    const point = (i: number) => {
      const p = { t: 1_700_000_000_000 + i * 60_000 } as { t: number; v: number };
      Object.defineProperty(p, 'v', { enumerable: true, get: () => (reads++, i / 7) });
      return p;
    };
    const history = { assetId: 'BTC', points: Array.from({ length: 10_000 }, (_, i) => point(i)) };
    client.setQueryData(['history', 'BTC'], history);
    client.setQueryData(['price', 'BTC'], { assetId: 'BTC', price: 1 });
    const expected = () => JSON.stringify(history).length + JSON.stringify(client.getQueryData(['price', 'BTC'])).length;
    const first = probe.sample().estimatedBytes;
    reads = 0;
    assert.equal(first, expected());
    assert.equal(reads, 10_000, 'JSON.stringify above read each point once');

    // A live tick replaces the small query; the history is untouched and not read again.
    reads = 0;
    client.setQueryData(['price', 'BTC'], { assetId: 'BTC', price: 2.5 });
    assert.equal(probe.sample().estimatedBytes, first + 2);
    assert.equal(reads, 0, 'the unchanged history was not measured again');

    // The history changes: it is measured again, once.
    const grown = { ...history, points: [...history.points, point(10_000)] };
    client.setQueryData(['history', 'BTC'], grown);
    reads = 0;
    const after = probe.sample().estimatedBytes;
    assert.equal(reads, 10_001);
    assert.equal(probe.sample().estimatedBytes, after);
    assert.equal(reads, 10_001, 'and not again while it stays the same');
    assert.equal(after, JSON.stringify(grown).length + JSON.stringify(client.getQueryData(['price', 'BTC'])).length);
  });
});
