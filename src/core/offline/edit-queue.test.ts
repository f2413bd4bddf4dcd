import { expect } from '@open-wc/testing';
import { dismissFailure, enqueueEdit, listEdits, listFailures, replayEdits, type QueuedEdit } from './edit-queue.js';
import { forgetReplayCredential, rememberReplayCredential, replayCredential, tokenClaims } from './replay-credential.js';

/** An unsigned JWT-shaped token: the queue reads only its claims (the feed checks signatures). */
const tokenFor = (sub: string, exp = Math.floor(Date.now() / 1000) + 600) =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ sub, exp })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2ln`;

type Sent = { method: string; url: string; key: string; body: string | undefined };

/** A feed that records requests and answers from a script. */
function fakeFeed(answer: (sent: Sent) => Response | 'offline') {
  const sent: Sent[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const request = { method: init.method!, url, key: (init.headers as Record<string, string>)['idempotency-key']!, body: init.body as string | undefined };
    const result = answer(request);
    if (result === 'offline') throw new TypeError('Failed to fetch');
    sent.push(request);
    return result;
  }) as unknown as typeof fetch;
  return { sent, fetch: fetchFn };
}

const edit = (over: Partial<QueuedEdit>): Omit<QueuedEdit, 'seq'> => ({
  kind: 'addToWatchlist', label: 'Add BTC to the watchlist', method: 'PUT', url: 'http://feed.test/api/watchlist/BTC',
  idempotencyKey: crypto.randomUUID(), createdAt: Date.now(), ...over,
});

describe('offline edit queue (IndexedDB)', () => {
  beforeEach(async () => {
    await replayEdits({ fetch: fakeFeed(() => new Response(null, { status: 204 })).fetch });
    for (const failure of await listFailures()) await dismissFailure(failure.idempotencyKey);
  });

  it('replays in order with each Idempotency-Key, and gives a create\'s real id to the edits after it', async () => {
    const create = edit({ kind: 'createPortfolio', method: 'POST', url: 'http://feed.test/api/portfolios', body: '{"name":"A","holdings":[]}', pendingId: 'pending-1234abcd', label: 'Create portfolio “A”' });
    const rename = edit({ kind: 'updatePortfolio', method: 'PATCH', url: 'http://feed.test/api/portfolios/pending-1234abcd', body: '{"name":"B"}' });
    const watch = edit({});
    for (const e of [create, rename, watch]) await enqueueEdit(e);
    const feed = fakeFeed((req) => (req.method === 'POST' ? Response.json({ id: 'p-real' }, { status: 201 }) : new Response(null, { status: 204 })));
    const report = await replayEdits({ fetch: feed.fetch });
    expect(report).to.deep.equal({ applied: 3, failed: [], remaining: 0 });
    expect(feed.sent.map((s) => `${s.method} ${s.url}`)).to.deep.equal([
      'POST http://feed.test/api/portfolios',
      'PATCH http://feed.test/api/portfolios/p-real',
      'PUT http://feed.test/api/watchlist/BTC',
    ]);
    expect(feed.sent.map((s) => s.key)).to.deep.equal([create.idempotencyKey, rename.idempotencyKey, watch.idempotencyKey]);
    expect(await listEdits()).to.deep.equal([]);
  });

  it('stops at a network error or a server error and keeps the rest in order', async () => {
    await enqueueEdit(edit({ url: 'http://feed.test/api/watchlist/ETH' }));
    await enqueueEdit(edit({ url: 'http://feed.test/api/watchlist/SOL' }));
    expect((await replayEdits({ fetch: fakeFeed(() => 'offline').fetch })).remaining).to.equal(2);
    const busy = fakeFeed(() => new Response(null, { status: 503 }));
    expect((await replayEdits({ fetch: busy.fetch })).remaining).to.equal(2);
    expect(busy.sent.length).to.equal(1, 'nothing after the first failure is sent');
    expect((await listEdits()).map((e) => e.url)).to.deep.equal(['http://feed.test/api/watchlist/ETH', 'http://feed.test/api/watchlist/SOL']);
  });

  it('moves a refused edit (404, 409, 400) to the failures, with the server\'s reason, and goes on', async () => {
    await enqueueEdit(edit({ kind: 'deletePortfolio', method: 'DELETE', url: 'http://feed.test/api/portfolios/gone', label: 'Delete portfolio “Gone”' }));
    await enqueueEdit(edit({}));
    const feed = fakeFeed((req) =>
      req.method === 'DELETE' ? Response.json({ error: { code: 'not_found', message: 'portfolio gone not found' } }, { status: 404 }) : new Response(null, { status: 204 }),
    );
    const report = await replayEdits({ fetch: feed.fetch, now: () => 42 });
    expect(report.applied).to.equal(1);
    expect(report.failed.map(({ label, status, message, at }) => ({ label, status, message, at }))).to.deep.equal([
      { label: 'Delete portfolio “Gone”', status: 404, message: 'portfolio gone not found', at: 42 },
    ]);
    expect((await listFailures()).length).to.equal(1);
  });

  it('sends a user\'s edit only with that user\'s token, and keeps it (and what follows) on a 401', async () => {
    await enqueueEdit(edit({ userId: 'alice', url: 'http://feed.test/api/watchlist/ADA' }));
    await enqueueEdit(edit({ userId: 'alice', url: 'http://feed.test/api/watchlist/DOT' }));
    const feed = fakeFeed(() => new Response(null, { status: 204 }));
    const asBob = await replayEdits({ fetch: feed.fetch, token: async () => tokenFor('bob') });
    expect(asBob).to.include({ applied: 0, remaining: 2, stoppedBy: 'sign-in' });
    expect(feed.sent).to.deep.equal([], 'nothing of alice\'s is sent as bob');

    const alice = tokenFor('alice');
    const refusedWith: Array<string | undefined> = [];
    const expired = fakeFeed(() => Response.json({ error: { code: 'token_expired', message: 'the bearer token has expired' } }, { status: 401 }));
    const report = await replayEdits({ fetch: expired.fetch, token: async () => alice, onUnauthorized: (t) => void refusedWith.push(t) });
    expect(report).to.include({ applied: 0, remaining: 2, stoppedBy: 'sign-in' });
    expect(expired.sent.length).to.equal(1, 'nothing after the 401 is sent');
    expect(refusedWith).to.deep.equal([alice]);
    expect(await listFailures()).to.deep.equal([], 'a 401 is not a refusal of the edit');

    const asAlice = fakeFeed(() => new Response(null, { status: 204 }));
    expect(await replayEdits({ fetch: asAlice.fetch, token: async () => alice })).to.include({ applied: 2, remaining: 0 });
  });
});

describe('replay credential (the token lent to the worker)', () => {
  afterEach(() => forgetReplayCredential());

  it('keeps a token with its user until its expiry, and never past it', async () => {
    const now = Date.now();
    const token = tokenFor('alice', Math.floor(now / 1000) + 60);
    expect(tokenClaims(token)).to.deep.equal({ userId: 'alice', expiresAt: (Math.floor(now / 1000) + 60) * 1000 });
    await rememberReplayCredential(token, now);
    expect((await replayCredential(now))?.userId).to.equal('alice');
    expect(await replayCredential(now + 61_000)).to.equal(undefined, 'expired: not given');
    expect(await replayCredential(now), 'and deleted').to.equal(undefined);
    await rememberReplayCredential(tokenFor('bob', Math.floor(now / 1000) - 1), now);
    expect(await replayCredential(now), 'an expired token is not stored').to.equal(undefined);
  });

  it('forgets a refused token only if no fresher one was lent since', async () => {
    await rememberReplayCredential(tokenFor('alice'));
    const fresher = tokenFor('alice', Math.floor(Date.now() / 1000) + 900);
    await rememberReplayCredential(fresher);
    await forgetReplayCredential(tokenFor('alice'));
    expect((await replayCredential())?.token).to.equal(fresher);
    await forgetReplayCredential(fresher);
    expect(await replayCredential()).to.equal(undefined);
  });
});
