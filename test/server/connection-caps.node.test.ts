import assert from 'node:assert/strict';
import { createConnection, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import { OutgoingBudget } from '../../demo/server/limits/outgoing-budget.js';
import { tcpConnectionCap } from '../../demo/server/limits/tcp-gate.js';
import { parseCli } from '../../demo/server/options.js';
import { FakeSocket } from '../support/fake-socket.js';
import { http, Probe, startServer, waitUntil } from './helpers.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('outgoing buffers capped in total', () => {
  test('over the total, the largest backlogs are dropped first until the rest fits', () => {
    const dropped: string[] = [];
    const client = (name: string, bytes: number) => ({ name, closed: false, socket: { bufferedAmount: bytes } });
    const budget = new OutgoingBudget<ReturnType<typeof client>>(1000, (c) => dropped.push(c.name));
    const [a, b, c, idle] = [client('a', 300), client('b', 700), client('c', 500), client('idle', 0)];
    for (const x of [a, b, c, idle]) budget.note(x);
    assert.equal(budget.check(), 800, 'b (700) goes, then 300 + 500 fits');
    assert.deepEqual(dropped, ['b']);
    assert.equal(budget.dropped, 1);
    a.socket.bufferedAmount = 0;
    assert.equal(budget.check(), 500, 'a drained: no longer counted');
    assert.deepEqual(dropped, ['b']);
  });

  test('the feed server closes the slowest readers with 1013 when the sum passes the cap, and keeps serving the rest', async () => {
    const server = await startServer({ maxBufferedBytes: 1024 * 1024, maxTotalBufferedBytes: 64 * 1024 });
    try {
      const sockets = [0, 1, 2].map(() => new FakeSocket());
      for (const socket of sockets) server.hub.accept(socket as unknown as WebSocket, '198.51.100.1');
      // Each is under its own cap (1 MiB); together they pass the total (64 KiB).
      const [fast, slow, slower] = sockets as [FakeSocket, FakeSocket, FakeSocket];
      fast.bufferedAmount = 10 * 1024;
      slow.bufferedAmount = 30 * 1024;
      slower.bufferedAmount = 40 * 1024;
      for (const socket of sockets) socket.deliver(JSON.stringify({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['BTC'] } }));
      server.step(1);
      await tick();
      assert.equal(slower.closeCode, 1013);
      assert.match(slower.closeReason, /server send buffers full/);
      assert.equal(slow.closeCode, undefined, 'after the largest went, 40 KiB is within the cap');
      assert.equal(fast.closeCode, undefined);
      assert.equal(server.hub.outgoing.dropped, 1);
      assert.equal(server.clientCount(), 2);
      // The others keep receiving.
      fast.sent.length = 0;
      server.step(1);
      assert.ok(fast.sent.some((f) => f.includes('"price_update"')));
    } finally {
      await server.close();
    }
  });
});

function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one request on a fresh TCP connection and reads the answer until the server closes. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = createConnection(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('TCP connections capped before HTTP and WebSocket', () => {
  test('beyond the cap a connection gets a 503 in the shared error shape; a freed slot serves again', async () => {
    const server = await startServer({ maxTcpConnections: 3 });
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 3; i += 1) held.push(await rawConnect(server.port));
      await waitUntil(() => server.tcp.open() === 3, 5000, 'three open connections');
      const answer = await rawRequest(server.port, 'GET /api/health HTTP/1.1\r\nhost: localhost\r\n\r\n');
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      assert.match(head, /^HTTP\/1\.1 503 /);
      assert.match(head, /retry-after: 5/i);
      assert.equal(JSON.parse(body).error.code, 'rate_limited');
      // A WebSocket handshake is refused the same way.
      await assert.rejects(new Probe(server.wsUrl).opened, /503/);
      assert.ok(server.tcp.refused() >= 2);

      const closed = new Promise((resolve) => held[0]?.once('close', resolve));
      held.shift()?.destroy();
      await closed;
      await waitUntil(() => server.tcp.open() === 2, 5000, 'a freed slot');
      const health = await http(server, 'GET', '/api/health', { token: null, headers: { connection: 'close' } });
      assert.equal(health.status, 200);
    } finally {
      for (const s of held) s.destroy();
      await server.close();
    }
  });

  test('the cap is lowered to fit the open-file limit, and is a command-line flag', () => {
    assert.equal(tcpConnectionCap(12_000, 1024), 1024 - 128);
    assert.equal(tcpConnectionCap(500, 20_000), 500);
    assert.equal(tcpConnectionCap(500, undefined), 500);
    const cli = parseCli(['--max-tcp-connections', '50', '--max-total-buffered-bytes', '1048576']);
    assert.equal(cli.kind, 'run');
    if (cli.kind === 'run') {
      assert.equal(cli.options.maxTcpConnections, 50);
      assert.equal(cli.options.maxTotalBufferedBytes, 1048576);
    }
    assert.equal(parseCli(['--max-tcp-connections', '0']).kind, 'error');
  });
});

describe('client frames capped per second', () => {
  test('a socket that floods frames is told rate_limited and closed with 1008; the others are untouched', async () => {
    // A still clock: on a busy machine the bucket would otherwise refill while the burst is delivered.
    const startedAt = Date.now();
    const server = await startServer({ maxClientFramesPerSecond: 20, now: () => startedAt });
    try {
      const [flooder, quiet] = [new FakeSocket(), new FakeSocket()];
      server.hub.accept(flooder as unknown as WebSocket, '198.51.100.2');
      server.hub.accept(quiet as unknown as WebSocket, '198.51.100.3');
      for (let i = 0; i < 40; i += 1) flooder.deliver(JSON.stringify({ type: 'ping', id: i }));
      assert.equal(flooder.closeCode, undefined, 'a burst of twice the rate is allowed');
      flooder.deliver(JSON.stringify({ type: 'ping', id: 'one too many' }));
      assert.equal(flooder.closeCode, 1008);
      assert.ok(flooder.sent.some((f) => f.includes('"rate_limited"')));
      // Frames it had already queued are not read, and the connection is dropped soon after.
      assert.ok(flooder.paused, 'the server stops reading a flooding socket');
      const answered = flooder.sent.length;
      flooder.deliver(JSON.stringify({ type: 'ping', id: 'queued' }));
      assert.equal(flooder.sent.length, answered);
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.ok(flooder.terminated, 'the flooding socket is dropped after its close frame had time to leave');
      quiet.deliver(JSON.stringify({ type: 'ping', id: 'still here' }));
      assert.ok(quiet.sent.some((f) => f.includes('still here')));
      assert.equal(server.clientCount(), 1);
    } finally {
      await server.close();
    }
  });

  test('a subscribe answering every price costs its sender more of the allowance than a small one', async () => {
    const server = await startServer({ maxClientFramesPerSecond: 200 });
    try {
      const [page, flooder] = [new FakeSocket(), new FakeSocket()];
      server.hub.accept(page as unknown as WebSocket, '198.51.100.4');
      server.hub.accept(flooder as unknown as WebSocket, '198.51.100.5');
      // What a dashboard sends: a few small subscribes and the all-prices one, twice (a reconnect's worth).
      for (let round = 0; round < 2; round += 1) {
        for (const assetId of ['BTC', 'ETH', 'SOL', 'ADA', 'XRP']) page.deliver(JSON.stringify({ type: 'subscribe', channel: 'price_updates', params: { assetIds: [assetId] } }));
        page.deliver(JSON.stringify({ type: 'subscribe', channel: 'price_updates' }));
      }
      assert.equal(page.closeCode, undefined, 'a page\'s subscribes stay inside the allowance');
      let sent = 0;
      while (flooder.closeCode === undefined && sent < 400) {
        flooder.deliver(JSON.stringify({ type: 'subscribe', channel: 'price_updates' }));
        sent += 1;
      }
      assert.equal(flooder.closeCode, 1008);
      assert.ok(sent < 100, `repeating the all-prices subscribe is cut off well before the 400-frame burst (after ${sent})`);
    } finally {
      await server.close();
    }
  });
});
