// Web Push from the feed server, against a local push endpoint that receives the encrypted
// request; the test decrypts it with its own subscription keys (http_ece), as a browser would.
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
// @ts-expect-error http_ece ships no type declarations
import ece from 'http_ece';
import type { FeedServer } from '../../demo/server/server.js';
import { http, startServer } from './helpers.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A push service on loopback: records each request, answers 201 (or what `status` says for a path). */
async function startPushEndpoint(): Promise<{ url: string; received: Received[]; gone: Set<string>; close(): Promise<void> }> {
  const received: Received[] = [];
  const gone = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(gone.has(req.url ?? '') ? 410 : 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, received, gone, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A browser's side of a subscription: its ECDH key pair and auth secret. */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
}

function decrypt(body: Buffer, keys: ReturnType<typeof browserKeys>): unknown {
  const plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.auth.toString('base64url') }) as Buffer;
  return JSON.parse(plain.toString('utf8'));
}

describe('Web Push', () => {
  let server: FeedServer;
  let push: Awaited<ReturnType<typeof startPushEndpoint>>;

  before(async () => {
    server = await startServer();
    push = await startPushEndpoint();
  });

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

  it('pushes a critical alert, encrypted for the subscription, with a VAPID signature; not a warning', async () => {
    const keys = browserKeys();
    const endpoint = `${push.url}/push/critical-only`;
    const subscribed = await http(server, 'POST', '/api/push/subscriptions', { body: { subscription: { endpoint, keys: keys.keys } } });
    assert.equal(subscribed.status, 201);
    assert.deepEqual(subscribed.body, { endpoint, severities: ['critical'] });

    push.received.length = 0;
    server.raiseAlert({ severity: 'warning', title: 'Just a warning' });
    const critical = server.raiseAlert({ severity: 'critical', kind: 'portfolio_drawdown', title: 'Drawdown 25 %', message: 'Balanced fell 25 % from its peak.' });
    await server.push.idle();

    assert.equal(push.received.length, 1, 'only the critical alert was pushed');
    const [request] = push.received;
    assert.equal(request!.path, '/push/critical-only');
    assert.equal(request!.headers['content-encoding'], 'aes128gcm');
    assert.match(String(request!.headers.authorization), /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    assert.equal(request!.headers.ttl, '86400');
    assert.ok(!request!.body.includes(Buffer.from('Drawdown')), 'the payload travels encrypted');
    assert.deepEqual(decrypt(request!.body, keys), {
      type: 'alert',
      alert: { id: critical.id, kind: 'portfolio_drawdown', severity: 'critical', title: 'Drawdown 25 %', message: 'Balanced fell 25 % from its peak.', createdAt: critical.createdAt },
    });
  });

  it('never pushes an alert about a user\'s portfolio or rule to the subscribed browsers', async () => {
    const keys = browserKeys();
    const endpoint = `${push.url}/push/private`;
    await http(server, 'POST', '/api/push/subscriptions', { body: { subscription: { endpoint, keys: keys.keys }, severities: ['critical', 'warning', 'info'] } });
    push.received.length = 0;
    server.raiseAlert({ severity: 'critical', kind: 'portfolio_drawdown', title: 'Private drawdown', portfolioId: 'demo-balanced' });
    server.raiseAlert({ severity: 'critical', kind: 'price_move', title: 'Public move', assetId: 'BTC' });
    await server.push.idle();
    const titles = push.received
      .filter((r) => r.path === '/push/private')
      .map((r) => (decrypt(r.body, keys) as { alert: { title: string } }).alert.title);
    assert.deepEqual(titles, ['Public move']);
    await http(server, 'DELETE', '/api/push/subscriptions', { body: { endpoint } });
  });

  it('follows each subscription\'s rule, and forgets a subscription the push service says is gone', async () => {
    const all = browserKeys();
    const endpoint = `${push.url}/push/everything`;
    await http(server, 'POST', '/api/push/subscriptions', { body: { subscription: { endpoint, keys: all.keys }, severities: ['info', 'warning', 'critical'] } });
    push.received.length = 0;
    server.raiseAlert({ severity: 'info', title: 'FYI' });
    await server.push.idle();
    assert.deepEqual(push.received.map((r) => r.path), ['/push/everything']);
    assert.equal((decrypt(push.received[0]!.body, all) as { alert: { title: string } }).alert.title, 'FYI');

    push.gone.add('/push/everything');
    const [result] = await server.push.sender.sendAlert({ ...server.raiseAlert({ severity: 'info' }), acknowledged: false });
    await server.push.idle();
    assert.equal(result?.removed, true);
    const removed = await http(server, 'DELETE', '/api/push/subscriptions', { body: { endpoint } });
    assert.equal(removed.status, 404, 'the gone subscription was deleted');
  });

  it('unsubscribes, and refuses bad subscriptions with a clear error', async () => {
    const keys = browserKeys();
    const endpoint = `${push.url}/push/leaving`;
    await http(server, 'POST', '/api/push/subscriptions', { body: { subscription: { endpoint, keys: keys.keys } } });
    assert.equal((await http(server, 'DELETE', '/api/push/subscriptions', { body: { endpoint } })).status, 204);

    const bad = [
      { subscription: { endpoint: 'http://example.com/push', keys: keys.keys } },
      { subscription: { endpoint: 'not a url', keys: keys.keys } },
      { subscription: { endpoint, keys: { p256dh: 'AAAA', auth: keys.keys.auth } } },
      { subscription: { endpoint, keys: keys.keys }, severities: ['urgent'] },
      { subscription: { endpoint, keys: keys.keys }, severities: [] },
    ];
    for (const body of bad) {
      const answer = await http<{ error: { code: string; issues: Array<{ path: string }> } }>(server, 'POST', '/api/push/subscriptions', { body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'validation_failed');
      assert.ok(answer.body.error.issues.length > 0);
    }
  });
});
