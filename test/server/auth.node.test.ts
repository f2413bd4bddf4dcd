import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { ServerMessage, SubscribedMessage } from '../../src/core/protocol/index.js';
import type { FeedServer } from '../../demo/server/server.js';
import { http, Probe, startServer, waitUntil } from './helpers.js';

const holdings = [{ assetId: 'BTC', quantity: 1, costBasis: 50_000 }];
// Long enough that a renewal sent on `auth_expired` arrives in time on a busy machine.
const GRACE_MS = 1_000;
const isError = (code: string) => (m: ServerMessage) => m.type === 'error' && m.code === code;

describe('authentication and per-user data', () => {
  let server: FeedServer;
  let alice: string;
  let bob: string;
  const probes: Probe[] = [];
  before(async () => {
    server = await startServer({ maxPortfoliosPerUser: 5, authGraceMs: GRACE_MS });
    alice = await server.mintToken('alice');
    bob = await server.mintToken('bob');
  });
  after(async () => {
    await Promise.all(probes.map((p) => p.close()));
    await server.close();
  });

  test('market data is public; writes and user data need a valid bearer token', async () => {
    assert.equal((await http(server, 'GET', '/api/prices/live', { token: null })).status, 200);
    assert.equal((await http(server, 'GET', '/api/assets', { token: null })).status, 200);
    for (const [method, path] of [
      ['GET', '/api/portfolios'],
      ['POST', '/api/portfolios'],
      ['GET', '/api/watchlist'],
      ['PUT', '/api/watchlist/BTC'],
      ['GET', '/api/alert-rules'],
      ['POST', '/api/alerts/a_x/ack'],
      ['GET', '/api/portfolios/demo-balanced/risk'],
    ] as const) {
      const res = await http(server, method, path, { token: null, body: method === 'POST' ? { name: 'x', holdings } : undefined });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'unauthorized');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    const forged = await http(server, 'GET', '/api/portfolios', { token: `${alice.slice(0, -4)}AAAA` });
    assert.equal(forged.status, 401);
    const garbage = await http(server, 'GET', '/api/portfolios', { headers: { authorization: 'Basic abc' }, token: null });
    assert.equal(garbage.status, 401);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode('x'.repeat(32)));
    assert.equal((await http(server, 'GET', '/api/portfolios', { token: expired })).status, 401);
  });

  test('an expired token is answered token_expired', async () => {
    const short = await startServer({ authSecret: 's'.repeat(32) });
    try {
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode('s'.repeat(32)));
      const res = await http(short, 'GET', '/api/portfolios', { token });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'token_expired');
    } finally {
      await short.close();
    }
  });

  test('each user sees and changes only their own portfolios, watchlist and rules', async () => {
    const created = await http(server, 'POST', '/api/portfolios', { token: alice, body: { name: 'Alice', holdings } });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.deepEqual((await http(server, 'GET', '/api/portfolios', { token: alice })).body.portfolios.map((p: { id: string }) => p.id), [id]);
    assert.deepEqual((await http(server, 'GET', '/api/portfolios', { token: bob })).body.portfolios, []);
    for (const [method, path, body] of [
      ['GET', `/api/portfolios/${id}`, undefined],
      ['GET', `/api/portfolios/${id}/live`, undefined],
      ['GET', `/api/portfolios/${id}/risk`, undefined],
      ['PATCH', `/api/portfolios/${id}`, { name: 'Stolen' }],
      ['DELETE', `/api/portfolios/${id}`, undefined],
    ] as const) {
      const res = await http(server, method, path, { token: bob, body });
      assert.equal(res.status, 404, `bob ${method} ${path}`);
    }
    assert.equal((await http(server, 'GET', `/api/portfolios/${id}`, { token: alice })).body.name, 'Alice');
    // The seeded portfolios are the demo user's.
    assert.equal((await http(server, 'GET', '/api/portfolios/demo-balanced', { token: alice })).status, 404);
    assert.equal((await http(server, 'GET', '/api/portfolios/demo-balanced')).status, 200);

    await http(server, 'PUT', '/api/watchlist/DOGE', { token: alice });
    assert.deepEqual((await http(server, 'GET', '/api/watchlist', { token: alice })).body.items.map((i: { assetId: string }) => i.assetId), ['DOGE']);
    assert.ok(!(await http(server, 'GET', '/api/watchlist', { token: bob })).body.items.some((i: { assetId: string }) => i.assetId === 'DOGE'));

    const rule = await http(server, 'POST', '/api/alert-rules', { token: alice, body: { assetId: 'BTC', condition: 'above', price: 1e9 } });
    assert.equal(rule.status, 201);
    assert.deepEqual((await http(server, 'GET', '/api/alert-rules', { token: bob })).body.rules, []);
    assert.equal((await http(server, 'DELETE', `/api/alert-rules/${rule.body.id}`, { token: bob })).status, 404);
    assert.equal((await http(server, 'DELETE', `/api/alert-rules/${rule.body.id}`, { token: alice })).status, 204);
  });

  test('a user may own at most maxPortfoliosPerUser portfolios', async () => {
    const carol = await server.mintToken('carol');
    for (let i = 0; i < 5; i += 1) assert.equal((await http(server, 'POST', '/api/portfolios', { token: carol, body: { name: `C${i}`, holdings } })).status, 201);
    const sixth = await http(server, 'POST', '/api/portfolios', { token: carol, body: { name: 'C5', holdings } });
    assert.equal(sixth.status, 409);
    assert.equal(sixth.body.error.code, 'limit_reached');
    // Another user is not affected.
    assert.equal((await http(server, 'POST', '/api/portfolios', { token: bob, body: { name: 'B', holdings } })).status, 201);
  });

  test('writes need content-type application/json, even without a body', async () => {
    const res = await fetch(`${server.url}/api/watchlist/ETH`, { method: 'PUT', headers: { authorization: `Bearer ${alice}` } });
    assert.equal(res.status, 415);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unsupported_media_type');
    const form = await fetch(`${server.url}/api/alerts/a_x/ack`, { method: 'POST', headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
    assert.equal(form.status, 415);
  });

  test('idempotency keys are scoped per user and to the canonical route', async () => {
    const key = `k-${Math.random()}`;
    const body = { name: 'Once', holdings };
    const first = await http(server, 'POST', '/api/portfolios', { token: bob, body, headers: { 'idempotency-key': key } });
    const encoded = await http(server, 'POST', '/api/%70ortfolios', { token: bob, body, headers: { 'idempotency-key': key } });
    assert.equal(encoded.status, 201);
    assert.equal(encoded.body.id, first.body.id, 'the percent-encoded path is the same resource');
    assert.equal(encoded.headers.get('idempotency-replayed'), 'true');
    const other = await http(server, 'POST', '/api/portfolios', { token: alice, body, headers: { 'idempotency-key': key } });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.id, first.body.id, "one user's key never answers another user's request");
  });

  test('alerts about a portfolio reach only its owner; market alerts reach everyone', async () => {
    const created = await http(server, 'POST', '/api/portfolios', { token: bob, body: { name: 'Bob only', holdings } });
    const portfolioId = created.body.id as string;
    const signedOut = await Probe.connect(server.wsUrl);
    const a = await Probe.signedIn(server, alice);
    const b = await Probe.signedIn(server, bob);
    probes.push(signedOut, a, b);
    for (const p of [signedOut, a, b]) {
      p.send({ type: 'subscribe', channel: 'alerts' });
      await p.next((m) => m.type === 'subscribed');
    }
    const privateAlert = server.raiseAlert({ title: 'Bob only: drawdown', portfolioId });
    const market = server.raiseAlert({ title: 'BTC up', assetId: 'BTC' });
    for (const p of [signedOut, a, b]) await p.next((m) => m.type === 'alert' && m.data.id === market.id);
    await b.next((m) => m.type === 'alert' && m.data.id === privateAlert.id);
    await Promise.all([signedOut.sync(), a.sync()]);
    assert.ok(!signedOut.of('alert').some((m) => m.data.id === privateAlert.id));
    assert.ok(!a.of('alert').some((m) => m.data.id === privateAlert.id));
    // Each stream is numbered on its own: no gaps from other users' alerts.
    const seqs = a.of('alert').map((m) => m.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0]! + i));
    // REST agrees, and acknowledging is per user.
    const listed = await http(server, 'GET', '/api/alerts', { token: alice });
    assert.ok(!listed.body.alerts.some((x: { id: string }) => x.id === privateAlert.id));
    assert.equal((await http(server, 'POST', `/api/alerts/${privateAlert.id}/ack`, { token: alice })).status, 404);
    assert.equal((await http(server, 'POST', `/api/alerts/${market.id}/ack`, { token: alice })).status, 200);
    const bobsCopy = (await http(server, 'GET', '/api/alerts', { token: bob })).body.alerts.find((x: { id: string }) => x.id === market.id);
    assert.equal(bobsCopy.acknowledged, false);
  });

  test('socket: portfolio channels need the owner, signed in by an auth frame', async () => {
    const created = await http(server, 'POST', '/api/portfolios', { token: alice, body: { name: 'WS', holdings } });
    const id = created.body.id as string;
    const p = await Probe.connect(server.wsUrl);
    probes.push(p);
    p.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id } });
    const refused = await p.after(isError('unauthorized'));
    assert.ok(refused.type === 'error' && refused.channel === 'portfolio_updates');

    // Frames right behind the auth frame wait for it, so this subscribe already sees the user.
    const notFound = p.after(isError('not_found'));
    p.send({ type: 'auth', token: bob });
    p.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id } });
    await p.next((m) => m.type === 'authenticated');
    await notFound;

    const q = await Probe.connect(server.wsUrl);
    probes.push(q);
    const bad = q.after(isError('unauthorized'));
    q.send({ type: 'auth', token: 'not.a-token.at-all' });
    await bad;
    q.send({ type: 'auth', token: alice });
    q.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id } });
    await q.next<SubscribedMessage>((m) => m.type === 'subscribed');
    await q.next((m) => m.type === 'portfolio_update');
    // Someone else's token on a signed-in connection is refused; the subscription stays.
    const forbidden = q.after(isError('forbidden'));
    q.send({ type: 'auth', token: bob });
    await forbidden;
    await http(server, 'PATCH', `/api/portfolios/${id}`, { token: alice, body: { holdings: [{ assetId: 'BTC', quantity: 2, costBasis: 1 }] } });
    await q.next((m) => m.type === 'portfolio_update' && m.data.allocation[0]?.quantity === 2);
  });

  test('socket: a refreshed token keeps the subscriptions; an expired one ends them after the grace period', async () => {
    const created = await http(server, 'POST', '/api/portfolios', { token: bob, body: { name: 'Expiring', holdings } });
    const id = created.body.id as string;
    const shortLived = await server.mintToken('bob', 1);
    const p = await Probe.signedIn(server, shortLived);
    probes.push(p);
    p.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id } });
    p.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['BTC'] } });
    await p.next((m) => m.type === 'portfolio_update');

    const expired = await p.next((m) => m.type === 'auth_expired', 5000);
    assert.ok(expired.type === 'auth_expired' && expired.graceMs === GRACE_MS);
    const renewed = p.after((m) => m.type === 'authenticated');
    p.send({ type: 'auth', token: bob });
    await renewed;
    await new Promise((r) => setTimeout(r, GRACE_MS + 300));
    assert.equal(p.of('error').length, 0, 'renewed in time: nothing ended');
    await http(server, 'PATCH', `/api/portfolios/${id}`, { token: bob, body: { name: 'Renamed' } });
    await p.next((m) => m.type === 'portfolio_update' && m.data.name === 'Renamed');

    // This time nobody renews.
    const q = await Probe.signedIn(server, await server.mintToken('bob', 1));
    probes.push(q);
    q.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id } });
    q.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['ETH'] } });
    await q.next((m) => m.type === 'portfolio_update');
    const ended = await q.next(isError('token_expired'), 5000);
    assert.ok(ended.type === 'error' && ended.channel === 'portfolio_updates');
    const count = q.of('portfolio_update').length;
    await http(server, 'PATCH', `/api/portfolios/${id}`, { token: bob, body: { name: 'Unseen' } });
    server.step();
    await waitUntil(() => q.of('price_update').some((m) => m.data.assetId === 'ETH' && m.seq > 1), 5000, 'market data after sign-out');
    await q.sync();
    assert.equal(q.of('portfolio_update').length, count, 'no user data after the grace period');
  });

  test('tokens from a JWKS URL are accepted (RS256)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const address = jwks.address() as { port: number };
    const remote = await startServer({ authJwksUrl: `http://127.0.0.1:${address.port}/jwks.json`, authIssuer: 'https://id.example', authAudience: 'feed' });
    try {
      const sign = (iss: string) =>
        new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('dora').setIssuer(iss).setAudience('feed').setExpirationTime('5m').sign(privateKey);
      const good = await http(remote, 'GET', '/api/portfolios', { token: await sign('https://id.example') });
      assert.equal(good.status, 200);
      assert.deepEqual(good.body.portfolios, []);
      const wrongIssuer = await http(remote, 'GET', '/api/portfolios', { token: await sign('https://evil.example') });
      assert.equal(wrongIssuer.status, 401);
    } finally {
      await remote.close();
      await new Promise((resolve) => jwks.close(resolve));
    }
  });

  test('the demo token endpoint exists only with demoAuth', async () => {
    const res = await http(server, 'POST', '/api/demo/token', { token: null, body: {} });
    assert.equal(res.status, 404);
    const demo = await startServer({ demoAuth: true });
    try {
      const minted = await http(demo, 'POST', '/api/demo/token', { token: null, body: {} });
      assert.equal(minted.status, 200);
      assert.equal(minted.body.userId, 'demo');
      assert.ok(minted.body.expiresAt > Date.now());
      const list = await http(demo, 'GET', '/api/portfolios', { token: minted.body.token });
      assert.ok(list.body.portfolios.some((p: { id: string }) => p.id === 'demo-balanced'));
    } finally {
      await demo.close();
    }
  });

  test('two tokens minted for one user in the same second differ, and both verify', async () => {
    const [first, second] = await Promise.all([server.mintToken('alice'), server.mintToken('alice')]);
    assert.notEqual(first, second, 'a page refreshing its token must be able to tell the new one from the old');
    for (const token of [first, second]) assert.equal((await http(server, 'GET', '/api/portfolios', { token })).status, 200);
  });
});
