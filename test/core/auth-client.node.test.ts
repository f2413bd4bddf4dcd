// The client's side of sign-in: interceptors, the token source, and the socket's auth frame,
// against the real feed server in process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WS from 'ws';
import { ApiClient, ApiError, TokenSource, useBearerToken } from '../../src/core/api/index.js';
import { WebSocketClient, type SocketError } from '../../src/core/socket/index.js';
import type { FeedServer } from '../../demo/server/server.js';
import { startServer, waitUntil } from '../server/helpers.js';
import { fakeFetch, json } from './support/fake-fetch.js';

describe('signing in from the client', () => {
  let server: FeedServer;
  before(async () => {
    server = await startServer({ autoStart: true, portfolioIntervalMs: 50 });
  });
  after(() => server.close());

  it('request interceptors shape every attempt; ejecting one stops it', async () => {
    const api = fakeFetch(() => json({ assets: [] }));
    const client = new ApiClient({ baseUrl: 'http://feed.test', fetch: api.fetch });
    const eject = client.interceptors.request.use((request) => {
      request.headers['x-trace'] = `t${request.attempt}`;
    });
    await client.getAssets();
    assert.equal(api.calls[0]?.headers['x-trace'], 't1');
    eject();
    await client.getAssets();
    assert.equal(api.calls[1]?.headers['x-trace'], undefined);
  });

  it('a write without a body still says application/json', async () => {
    const api = fakeFetch(() => new Response(null, { status: 204 }));
    await new ApiClient({ baseUrl: 'http://feed.test', fetch: api.fetch }).acknowledgeAlert('a1');
    assert.equal(api.calls[0]?.headers['content-type'], 'application/json');
  });

  it('a getToken() failure is a clear, non-retried error', async () => {
    const api = fakeFetch(() => json({ portfolios: [] }));
    const client = new ApiClient({ baseUrl: 'http://feed.test', fetch: api.fetch });
    useBearerToken(client, new TokenSource({ getToken: () => Promise.reject(new Error('identity provider down')) }));
    await assert.rejects(client.getPortfolios(), (e: ApiError) => e.code === 'interceptor_error' && /identity provider down/.test(e.message) && !e.transient);
    assert.equal(api.calls.length, 0);
  });

  it('the token source tells its listeners the token last handed out, so signing out can still act as that user', async () => {
    const fixed = new TokenSource({ token: 'alice-1' });
    const heard: Array<string | undefined> = [];
    fixed.subscribe((previous) => heard.push(previous));
    fixed.setToken('bob-1');
    fixed.setToken(null);
    assert.deepEqual(heard, ['alice-1', 'bob-1']);

    let n = 0;
    const asked = new TokenSource({ getToken: () => `carol-${++n}` });
    const heardAsked: Array<string | undefined> = [];
    asked.subscribe((previous) => heardAsked.push(previous));
    assert.equal(await asked.get(), 'carol-1');
    asked.invalidate();
    assert.equal(await asked.get(), 'carol-2');
    asked.setGetter(undefined);
    // Nothing was handed out since the sign-out, so a second change has no previous token.
    asked.setToken('dave-1');
    assert.deepEqual(heardAsked, ['carol-2', undefined]);
  });

  it('REST: the bearer token goes through the interceptors; a 401 asks getToken() again once', async () => {
    let asked = 0;
    const revoked = await server.mintToken('demo');
    const source = new TokenSource({
      // The first token no longer checks out (its signature is spoiled), as after a key rotation.
      getToken: async () => (++asked === 1 ? `${revoked.slice(0, -3)}abc` : server.mintToken('demo')),
    });
    const api = new ApiClient({ baseUrl: server.url });
    useBearerToken(api, source);
    const portfolios = await api.getPortfolios();
    assert.ok(portfolios.some((p) => p.id === 'demo-balanced'));
    assert.equal(asked, 2, 'refused once, then a fresh token');
    await api.getPortfolios();
    assert.equal(asked, 2, 'the fresh token is kept');

    const signedOut = new ApiClient({ baseUrl: server.url });
    await assert.rejects(signedOut.getPortfolios(), (e: ApiError) => e.status === 401 && e.code === 'unauthorized');
  });

  it('socket: signs in with an auth frame after welcome, renews before expiry and keeps its subscriptions', { timeout: 30_000 }, async () => {
    let asked = 0;
    const source = new TokenSource({
      getToken: () => {
        asked++;
        return server.mintToken('demo', 2); // renewed about a second in
      },
    });
    const client = new WebSocketClient({ url: server.wsUrl, apiUrl: server.url, WebSocket: WS, lifecycle: null, auth: source });
    const errors: SocketError[] = [];
    client.on('error', (e) => errors.push(e));
    const updates: number[] = [];
    client.subscribe('portfolio_updates', { portfolioId: 'demo-balanced' }, (m) => updates.push(m.seq));
    try {
      await client.connect();
      await waitUntil(() => updates.length > 0, 10_000, 'a portfolio update');
      await waitUntil(() => asked >= 3, 10_000, 'two renewals');
      const before = updates.length;
      await waitUntil(() => updates.length > before || asked >= 4, 10_000, 'updates after renewal');
      assert.deepEqual(errors.map((e) => e.code), [], 'no auth errors, no dropped subscription');
      assert.equal(client.getStats().reconnects, 0, 'renewal never reconnects');
    } finally {
      client.dispose();
    }
  });

  it('socket: without credentials it stays signed out, and user channels say why', async () => {
    const client = new WebSocketClient({ url: server.wsUrl, WebSocket: WS, lifecycle: null });
    const errors: SocketError[] = [];
    client.on('error', (e) => errors.push(e));
    client.subscribe('portfolio_updates', { portfolioId: 'demo-balanced' });
    try {
      await client.connect();
      await waitUntil(() => errors.length > 0, 10_000, 'an error');
      assert.match(errors[0]!.message, /sign in/);
    } finally {
      client.dispose();
    }
  });
});
