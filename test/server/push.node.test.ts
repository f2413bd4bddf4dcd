// Web Push from the feed server, against a local push endpoint that receives the encrypted
// request; the test decrypts it with its own subscription keys (http_ece), as a browser would.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FeedServer } from '../../demo/server/server.js';
import { ACK_LINK_TTL_MS } from '../../demo/server/push/index.js';
import { browserKeys, decryptPush as decrypt, startPushEndpoint } from '../support/push-endpoint.js';
import { http, startServer } from './helpers.js';

describe('Web Push', () => {
  let server: FeedServer;
  let push: Awaited<ReturnType<typeof startPushEndpoint>>;
  let alice: string;
  let bob: string;

  before(async () => {
    server = await startServer();
    push = await startPushEndpoint();
    alice = await server.mintToken('alice');
    bob = await server.mintToken('bob');
  });

  /** Subscribes a fresh browser as the holder of `token`; answers its keys and endpoint. */
  async function subscribe(token: string, name: string, severities?: string[]) {
    const keys = browserKeys();
    const endpoint = `${push.url}/push/${name}`;
    const answer = await http(server, 'POST', '/api/push/subscriptions', { token, body: { subscription: { endpoint, keys: keys.keys }, ...(severities ? { severities } : {}) } });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return { keys, endpoint, path: `/push/${name}` };
  }

  /** What each of `browsers` received since `from`, decrypted, by title. */
  function titlesAt(browser: Awaited<ReturnType<typeof subscribe>>, from = 0): string[] {
    return push.received.slice(from).filter((r) => r.path === browser.path).map((r) => decrypt(r.body, browser.keys).alert.title);
  }

  after(async () => {
    await server.close();
    await push.close();
  });

  it('publishes a VAPID public key that stays the same across a restart on the same database', async () => {
    const { status, body } = await http<{ publicKey: string }>(server, 'GET', '/api/push/vapid-public-key');
    assert.equal(status, 200);
    assert.equal(Buffer.from(body.publicKey, 'base64url').length, 65);
    const dir = mkdtempSync(join(tmpdir(), 'crw-push-'));
    try {
      const first = await startServer({ db: join(dir, 'feed.sqlite') });
      const key = (await http<{ publicKey: string }>(first, 'GET', '/api/push/vapid-public-key')).body.publicKey;
      await first.close();
      const second = await startServer({ db: join(dir, 'feed.sqlite') });
      const again = (await http<{ publicKey: string }>(second, 'GET', '/api/push/vapid-public-key')).body.publicKey;
      await second.close();
      assert.equal(again, key);
      assert.notEqual(key, body.publicKey, 'another database has its own keys');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes subscriptions only from a signed-in user', async () => {
    const keys = browserKeys();
    const subscription = { endpoint: `${push.url}/push/anonymous`, keys: keys.keys };
    const anonymous = await http<{ error: { code: string } }>(server, 'POST', '/api/push/subscriptions', { token: null, body: { subscription } });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'unauthorized');
    assert.equal((await http(server, 'POST', '/api/push/subscriptions', { token: 'not-a-token', body: { subscription } })).status, 401);
    assert.equal((await http(server, 'DELETE', '/api/push/subscriptions', { token: null, body: { endpoint: subscription.endpoint } })).status, 401);
    assert.equal((await http(server, 'GET', '/api/push/subscriptions', { token: null })).status, 401);
    assert.equal(await server.push.store.get(subscription.endpoint), undefined, 'nothing was stored');
  });

  it('pushes a critical alert, encrypted for the subscription, with a VAPID signature; not a warning', async () => {
    const browser = await subscribe(alice, 'critical-only');
    const listed = await http<{ subscriptions: Array<{ endpoint: string; severities: string[] }> }>(server, 'GET', '/api/push/subscriptions', { token: alice });
    assert.deepEqual(listed.body.subscriptions.map((s) => [s.endpoint, s.severities]), [[browser.endpoint, ['critical']]]);

    const from = push.received.length;
    server.raiseAlert({ severity: 'warning', title: 'Just a warning' });
    const critical = server.raiseAlert({ severity: 'critical', kind: 'price_move', title: 'BTC −25 %', message: 'BTC fell 25 % in 5 minutes.', assetId: 'BTC' });
    await server.push.idle();

    const received = push.received.slice(from).filter((r) => r.path === browser.path);
    assert.equal(received.length, 1, 'only the critical alert was pushed');
    const [request] = received;
    assert.equal(request!.headers['content-encoding'], 'aes128gcm');
    assert.match(String(request!.headers.authorization), /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    assert.equal(request!.headers.ttl, '86400');
    assert.ok(!request!.body.includes(Buffer.from('BTC fell')), 'the payload travels encrypted');
    const { ack, ...payload } = decrypt(request!.body, browser.keys);
    assert.deepEqual(payload, {
      type: 'alert',
      alert: { id: critical.id, kind: 'price_move', severity: 'critical', title: 'BTC −25 %', message: 'BTC fell 25 % in 5 minutes.', createdAt: critical.createdAt, assetId: 'BTC' },
    });
    assert.match(ack ?? '', /^[\w-]+\.[\w-]+$/, 'the payload carries a grant to acknowledge it');
    assert.equal((await http(server, 'DELETE', '/api/push/subscriptions', { token: alice, body: { endpoint: browser.endpoint } })).status, 204);
  });

  it('sends a user\'s alerts only to that user\'s browsers, and market alerts to everyone who asked', async () => {
    const all = ['critical', 'warning', 'info'];
    const aliceLaptop = await subscribe(alice, 'alice-laptop', all);
    const alicePhone = await subscribe(alice, 'alice-phone', all);
    const bobPhone = await subscribe(bob, 'bob-phone', all);
    const portfolio = await http<{ id: string }>(server, 'POST', '/api/portfolios', { token: alice, body: { name: 'Alice only', holdings: [] } });
    assert.equal(portfolio.status, 201);
    const rule = await http<{ id: string }>(server, 'POST', '/api/alert-rules', { token: bob, body: { assetId: 'ETH', condition: 'above', price: 1e9 } });
    assert.equal(rule.status, 201);

    const from = push.received.length;
    server.raiseAlert({ severity: 'critical', kind: 'portfolio_drawdown', title: 'Alice drawdown', portfolioId: portfolio.body.id });
    server.raiseAlert({ severity: 'warning', kind: 'price_threshold', title: 'Bob threshold', assetId: 'ETH', ruleId: rule.body.id });
    server.raiseAlert({ severity: 'critical', kind: 'portfolio_drawdown', title: 'Demo drawdown', portfolioId: 'demo-balanced' });
    server.raiseAlert({ severity: 'critical', kind: 'price_move', title: 'Market move', assetId: 'BTC' });
    await server.push.idle();

    assert.deepEqual(titlesAt(aliceLaptop, from).sort(), ['Alice drawdown', 'Market move']);
    assert.deepEqual(titlesAt(alicePhone, from).sort(), ['Alice drawdown', 'Market move']);
    assert.deepEqual(titlesAt(bobPhone, from).sort(), ['Bob threshold', 'Market move']);
    const demoOnly = push.received.slice(from).filter((r) => ![aliceLaptop.path, alicePhone.path, bobPhone.path].includes(r.path));
    assert.equal(demoOnly.length, 0, 'the demo user has no subscription, so its drawdown went nowhere');

    // The same browser profile signing in as someone else moves its subscription to them.
    await http(server, 'POST', '/api/push/subscriptions', { token: bob, body: { subscription: { endpoint: alicePhone.endpoint, keys: alicePhone.keys.keys }, severities: all } });
    const again = push.received.length;
    server.raiseAlert({ severity: 'critical', kind: 'portfolio_drawdown', title: 'Alice again', portfolioId: portfolio.body.id });
    await server.push.idle();
    assert.deepEqual(titlesAt(aliceLaptop, again), ['Alice again']);
    assert.deepEqual(titlesAt(alicePhone, again), [], 'the phone is Bob\'s now');

    // Nobody removes someone else's subscription, and nobody can tell it exists.
    const foreign = await http<{ error: { code: string } }>(server, 'DELETE', '/api/push/subscriptions', { token: bob, body: { endpoint: aliceLaptop.endpoint } });
    assert.equal(foreign.status, 404);
    assert.equal((await server.push.store.get(aliceLaptop.endpoint))?.userId, 'alice');
    for (const [token, browser] of [[alice, aliceLaptop], [bob, alicePhone], [bob, bobPhone]] as const) {
      assert.equal((await http(server, 'DELETE', '/api/push/subscriptions', { token, body: { endpoint: browser.endpoint } })).status, 204);
    }
  });

  it('acknowledges from the notification with the pushed grant: that alert, for its owner, nothing else', async () => {
    const alicePhone = await subscribe(alice, 'alice-ack', ['critical']);
    const bobPhone = await subscribe(bob, 'bob-ack', ['critical']);
    const portfolio = await http<{ id: string }>(server, 'POST', '/api/portfolios', { token: alice, body: { name: 'To acknowledge', holdings: [] } });
    const from = push.received.length;
    const own = server.raiseAlert({ severity: 'critical', kind: 'portfolio_drawdown', title: 'Ack me', portfolioId: portfolio.body.id });
    const market = server.raiseAlert({ severity: 'critical', kind: 'price_move', title: 'Ack the market', assetId: 'SOL' });
    await server.push.idle();
    const grantsFor = (browser: typeof alicePhone) =>
      new Map(push.received.slice(from).filter((r) => r.path === browser.path).map((r) => decrypt(r.body, browser.keys)).map((p) => [p.alert.id, p.ack!]));
    const aliceGrants = grantsFor(alicePhone);
    const bobGrants = grantsFor(bobPhone);
    const acknowledged = async (token: string, id: string) =>
      (await http<{ alerts: Array<{ id: string; acknowledged: boolean }> }>(server, 'GET', '/api/alerts', { token })).body.alerts.find((a) => a.id === id)?.acknowledged;

    const tampered = aliceGrants.get(own.id)!.replace(/^[\w-]+/, Buffer.from(JSON.stringify({ u: 'bob', a: own.id, e: Date.now() + 1e6 })).toString('base64url'));
    const refused = await http<{ error: { code: string } }>(server, 'POST', '/api/push/ack', { token: null, body: { ack: tampered } });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'forbidden');
    assert.equal((await http(server, 'POST', '/api/push/ack', { token: null, body: {} })).status, 400);
    assert.equal(await acknowledged(alice, own.id), false);

    const ok = await http<{ id: string; acknowledged: boolean }>(server, 'POST', '/api/push/ack', { token: null, body: { ack: aliceGrants.get(own.id) } });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.id, ok.body.acknowledged], [own.id, true]);
    assert.equal(await acknowledged(alice, own.id), true);
    assert.equal((await http(server, 'POST', '/api/push/ack', { token: null, body: { ack: aliceGrants.get(own.id) } })).status, 200, 'again: still acknowledged');

    // A market alert is acknowledged for the user whose notification it was, not for everyone.
    assert.equal((await http(server, 'POST', '/api/push/ack', { token: null, body: { ack: bobGrants.get(market.id) } })).status, 200);
    assert.equal(await acknowledged(bob, market.id), true);
    assert.equal(await acknowledged(alice, market.id), false);

    const expired = server.push.ackLinks.check(aliceGrants.get(market.id)!, Date.now() + ACK_LINK_TTL_MS + 1000);
    assert.deepEqual(expired, { ok: false, reason: 'expired' });
    for (const [token, browser] of [[alice, alicePhone], [bob, bobPhone]] as const) {
      await http(server, 'DELETE', '/api/push/subscriptions', { token, body: { endpoint: browser.endpoint } });
    }
  });

  it('forgets a subscription the push service says is gone', async () => {
    const browser = await subscribe(alice, 'everything', ['info', 'warning', 'critical']);
    const from = push.received.length;
    server.raiseAlert({ severity: 'info', title: 'FYI' });
    await server.push.idle();
    assert.deepEqual(titlesAt(browser, from), ['FYI']);

    push.gone.add(browser.path);
    const [result] = await server.push.sender.sendAlert({ ...server.raiseAlert({ severity: 'info' }), acknowledged: false }, undefined);
    await server.push.idle();
    assert.equal(result?.removed, true);
    assert.equal(await server.push.store.get(browser.endpoint), undefined);
    const removed = await http(server, 'DELETE', '/api/push/subscriptions', { token: alice, body: { endpoint: browser.endpoint } });
    assert.equal(removed.status, 404, 'the gone subscription was deleted');
  });

  it('unsubscribes, and refuses bad subscriptions with a clear error', async () => {
    const keys = browserKeys();
    const endpoint = `${push.url}/push/leaving`;
    await subscribe(alice, 'leaving');
    assert.equal((await http(server, 'DELETE', '/api/push/subscriptions', { token: alice, body: { endpoint } })).status, 204);
    assert.equal(await server.push.store.get(endpoint), undefined);

    const bad = [
      { subscription: { endpoint: 'http://example.com/push', keys: keys.keys } },
      { subscription: { endpoint: 'not a url', keys: keys.keys } },
      { subscription: { endpoint, keys: { p256dh: 'AAAA', auth: keys.keys.auth } } },
      { subscription: { endpoint, keys: keys.keys }, severities: ['urgent'] },
      { subscription: { endpoint, keys: keys.keys }, severities: [] },
    ];
    for (const body of bad) {
      const answer = await http<{ error: { code: string; issues: Array<{ path: string }> } }>(server, 'POST', '/api/push/subscriptions', { token: alice, body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'validation_failed');
      assert.ok(answer.body.error.issues.length > 0);
    }
  });

  it('keeps a subscription stored before owners were recorded, for market alerts only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crw-push-legacy-'));
    try {
      const file = join(dir, 'feed.sqlite');
      const first = await startServer({ db: file });
      await first.close();
      // The table as an older server wrote it: no owner column.
      const Database = (await import('better-sqlite3')).default;
      const raw = new Database(file);
      raw.exec('DROP TABLE push_subscriptions');
      raw.exec('CREATE TABLE push_subscriptions (endpoint TEXT PRIMARY KEY, p256dh TEXT NOT NULL, auth TEXT NOT NULL, severities TEXT NOT NULL, created_at INTEGER NOT NULL)');
      const keys = browserKeys();
      raw.prepare('INSERT INTO push_subscriptions VALUES (?, ?, ?, ?, ?)').run(`${push.url}/push/legacy`, keys.keys.p256dh, keys.keys.auth, '["critical"]', 1);
      raw.close();

      const second = await startServer({ db: file });
      try {
        assert.equal((await second.push.store.get(`${push.url}/push/legacy`))?.userId, null);
        const from = push.received.length;
        second.raiseAlert({ severity: 'critical', kind: 'portfolio_drawdown', title: 'Private', portfolioId: 'demo-balanced' });
        second.raiseAlert({ severity: 'critical', kind: 'price_move', title: 'Public', assetId: 'BTC' });
        await second.push.idle();
        const got = push.received.slice(from).filter((r) => r.path === '/push/legacy').map((r) => decrypt(r.body, keys));
        assert.deepEqual(got.map((p) => p.alert.title), ['Public']);
        assert.equal(got[0]!.ack, undefined, 'no owner, no grant');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
