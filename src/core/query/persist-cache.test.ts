import { expect } from '@open-wc/testing';
import { QueryClient } from '@tanstack/query-core';
import { persistQueryCache, restoreQueryCache, saveQueryCache } from './persist-cache.js';

const HOUR = 3_600_000;
let n = 0;
const options = (extra: Record<string, unknown> = {}) => ({ key: 'http://feed.test', databaseName: `crw-persist-test-${Date.now()}-${n++}`, ...extra });

describe('persisted query cache (IndexedDB)', () => {
  it('restores saved data into a new client, keeping only the library\'s successful queries', async () => {
    const opts = options();
    const first = new QueryClient();
    first.setQueryData(['crw', 'prices', 'list', null], { BTC: 1 });
    first.setQueryData(['someone-else'], 'not ours');
    await saveQueryCache(first, opts);

    const second = new QueryClient();
    const savedAt = await restoreQueryCache(second, opts);
    expect(savedAt).to.be.a('number');
    expect(second.getQueryData(['crw', 'prices', 'list', null])).to.deep.equal({ BTC: 1 });
    expect(second.getQueryData(['someone-else'])).to.equal(undefined);
  });

  it('drops a snapshot that is too old, or from another protocol version', async () => {
    const opts = options();
    const client = new QueryClient();
    client.setQueryData(['crw', 'assets'], ['BTC']);
    await saveQueryCache(client, { ...opts, now: () => Date.now() - 25 * HOUR });
    expect(await restoreQueryCache(new QueryClient(), opts)).to.equal(null);
    expect(await restoreQueryCache(new QueryClient(), opts)).to.equal(null, 'deleted, not just skipped');

    await saveQueryCache(client, { ...opts, buster: 'protocol-0' });
    const fresh = new QueryClient();
    expect(await restoreQueryCache(fresh, opts)).to.equal(null);
    expect(fresh.getQueryData(['crw', 'assets'])).to.equal(undefined);
  });

  it('saves the first data at once and later changes at most every throttle interval', async () => {
    const opts = options({ throttleMs: 200 });
    const client = new QueryClient();
    const persisted = persistQueryCache(client, opts);
    await persisted.restored;
    client.setQueryData(['crw', 'ticker'], 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const check = new QueryClient();
    await restoreQueryCache(check, opts);
    expect(check.getQueryData(['crw', 'ticker'])).to.equal(1);

    client.setQueryData(['crw', 'ticker'], 2);
    client.setQueryData(['crw', 'ticker'], 3);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const later = new QueryClient();
    await restoreQueryCache(later, opts);
    expect(later.getQueryData(['crw', 'ticker'])).to.equal(3);
    persisted.stop();
  });

  it('saves an edit (a mutation and its optimistic change) at once, but live writes only on the throttle', async () => {
    const opts = options({ throttleMs: 60_000 });
    const client = new QueryClient();
    const persisted = persistQueryCache(client, opts);
    await persisted.restored;
    client.setQueryData(['crw', 'ticker'], 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.setQueryData(['crw', 'ticker'], 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const check = new QueryClient();
    await restoreQueryCache(check, opts);
    expect(check.getQueryData(['crw', 'ticker'])).to.equal(1, 'a live write waits for the throttle');

    await client.getMutationCache().build(client, {
      mutationFn: async () => 'saved',
      onMutate: () => void client.setQueryData(['crw', 'portfolios'], ['optimistic']),
    }).execute(undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = new QueryClient();
    await restoreQueryCache(after, opts);
    expect(after.getQueryData(['crw', 'portfolios'])).to.deep.equal(['optimistic']);
    expect(after.getQueryData(['crw', 'ticker'])).to.equal(2);
    persisted.stop();
  });
});
