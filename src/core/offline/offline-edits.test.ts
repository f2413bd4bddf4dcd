import { QueryClient } from '@tanstack/query-core';
import { expect } from '@open-wc/testing';
import { enqueueEdit, listEdits, replayEdits } from './edit-queue.js';
import { OfflineEdits } from './offline-edits.js';
import { forgetReplayCredential, replayCredential } from './replay-credential.js';

/** An unsigned JWT-shaped token: only its claims are read on the page. */
const tokenFor = (sub: string) =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + 600 })).replace(/=+$/, '')}.c2ln`;

/** A `TokenSource`-like sign-in the test changes by hand. */
function signIn(initial: string | undefined) {
  let token = initial;
  const listeners = new Set<() => void>();
  return {
    get: async () => token,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: string | undefined) {
      token = next;
      for (const listener of listeners) listener();
    },
  };
}

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await check()).to.equal(true);
};

describe('OfflineEdits: the token lent to the worker', () => {
  afterEach(async () => {
    await replayEdits({ fetch: (async () => new Response(null, { status: 204 })) as unknown as typeof fetch, token: async () => tokenFor('alice') });
    await forgetReplayCredential();
  });

  it('lends the signed-in user\'s token while their edit waits, and takes it back on sign-out', async () => {
    const auth = signIn(tokenFor('alice'));
    const edits = new OfflineEdits();
    const detach = edits.attach(new QueryClient(), auth.get, auth);
    expect(await edits.currentUser()).to.equal('alice');
    await edits.refresh();
    expect(await replayCredential(), 'nothing waits: nothing lent').to.equal(undefined);

    await enqueueEdit({ kind: 'addToWatchlist', label: 'Add ADA', method: 'PUT', url: 'http://feed.test/api/watchlist/ADA', idempotencyKey: crypto.randomUUID(), createdAt: Date.now(), userId: 'alice' });
    await edits.queued();
    expect((await replayCredential())?.userId).to.equal('alice');

    auth.set(undefined);
    await until(async () => (await replayCredential()) === undefined);
    expect((await listEdits()).length).to.equal(1, 'the edit still waits for its user');

    auth.set(tokenFor('bob'));
    await edits.refresh();
    expect(await replayCredential(), 'another user\'s token is not lent for alice\'s edit').to.equal(undefined);
    detach();
  });
});
