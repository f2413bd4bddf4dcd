// The socket Worker's pipeline, in process: the Worker side (serveSockets) and the page side
// (WorkerSocket, SocketTransport) talk through an in-process stand-in for a Worker that clones
// every message, as postMessage does (moving the buffers it lists). The same script runs on the main thread and in the Worker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataMessage } from '../../src/core/protocol/index.js';
import type { SocketError, StateChange, WebSocketConstructor } from '../../src/core/socket/index.js';
import { serveSockets, SocketTransport, type FromWorker, type ToWorker, type WorkerLike, type WorkerMode } from '../../src/core/worker/index.js';
import { WebSocketClient } from '../../src/core/socket/index.js';
import { FakeSocketServer, frames } from './support/fake-socket-server.js';
import { FakeTime, seededRandom } from './support/fake-timers.js';
import { DeferredSocket } from '../../src/core/worker/deferred-socket.js';
import { loadWorkerSockets } from '../../src/core/worker/worker-on-demand.js';

// The Worker side of the transport loads on first use (worker-on-demand.ts). Loading it here
// first keeps the fake clock's steps from racing the module loader; the deferred path has its own tests below.
await loadWorkerSockets();

/** A Worker stand-in running `serveSockets` in this process; messages are cloned and delivered asynchronously. */
function inProcessWorker(WebSocketImpl: WebSocketConstructor, log: { toWorker: ToWorker[]; toPage: FromWorker[] }): () => WorkerLike {
  return () => {
    const workerListeners: Array<(event: { data: ToWorker }) => void> = [];
    const pageListeners: Array<(event: { data: FromWorker }) => void> = [];
    let terminated = false;
    serveSockets(
      {
        postMessage: (message, transfer) => {
          log.toPage.push(message);
          // As postMessage does: what is listed moves (the batch's price buffer), the rest is copied.
          const copy = structuredClone(message, { transfer });
          queueMicrotask(() => !terminated && pageListeners.forEach((l) => l({ data: copy })));
        },
        addEventListener: (_type, listener) => workerListeners.push(listener),
      },
      WebSocketImpl,
    );
    return {
      postMessage: (message: ToWorker) => {
        log.toWorker.push(message);
        const copy = structuredClone(message);
        queueMicrotask(() => !terminated && workerListeners.forEach((l) => l({ data: copy })));
      },
      addEventListener: ((type: string, listener: (event: { data: FromWorker }) => void) => {
        if (type === 'message') pageListeners.push(listener);
      }) as WorkerLike['addEventListener'],
      terminate: () => {
        terminated = true;
      },
    };
  };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(2);
  }
}

/** A client on the fake feed server, its sockets placed by a transport in `mode`. */
function setup(mode: WorkerMode, extra: { threshold?: number; now?: () => number; createWorker?: () => WorkerLike } = {}) {
  const time = new FakeTime();
  const server = new FakeSocketServer(time);
  const log = { toWorker: [] as ToWorker[], toPage: [] as FromWorker[] };
  const debug: string[] = [];
  const transport = new SocketTransport({
    mode,
    maxFrameBytes: 1 << 20,
    WebSocket: server.WebSocket,
    createWorker: extra.createWorker ?? inProcessWorker(server.WebSocket, log),
    debug: (line) => debug.push(line),
    ...(extra.threshold ? { threshold: extra.threshold } : {}),
    ...(extra.now ? { now: extra.now } : {}),
  });
  const client = new WebSocketClient({
    url: 'ws://feed.test/ws', WebSocket: transport.WebSocket, pipeline: transport.pipeline,
    clock: time, timers: time, random: seededRandom(7), lifecycle: null,
  });
  transport.attach(client);
  const states: StateChange[] = [];
  const errors: SocketError[] = [];
  const messages: DataMessage[] = [];
  client.on('statechange', (change) => states.push(change));
  client.on('error', (error) => errors.push(error));
  client.on('message', (message) => messages.push(message));
  /** Lets the Worker's messages and the fake server's 0 ms timers run. */
  const settle = async (rounds = 5) => {
    for (let i = 0; i < rounds; i++) {
      time.advance(0);
      await tick(1);
    }
  };
  const live = () => server.connections.at(-1)!;
  /** Connects and waits until every subscription made so far is confirmed. */
  const start = async () => {
    const connected = client.connect();
    await settle();
    await connected;
    await until(() => client.getSubscriptions().every((s) => s.state === 'subscribed'), 'subscribed');
  };
  const close = () => {
    client.dispose();
    transport.dispose();
  };
  return { time, server, transport, client, log, debug, states, errors, messages, settle, live, start, close };
}

/** The same feed script for both modes: what a user of the client sees at the end. */
async function runScript(mode: WorkerMode) {
  const t = setup(mode);
  t.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH'] });
  t.client.subscribe('alerts');
  await t.start();
  const conn = t.live();
  for (let seq = 1; seq <= 200; seq++) conn.sendFrame(frames.price(seq % 2 ? 'BTC' : 'ETH', Math.ceil(seq / 2), 100 + seq));
  conn.sendFrame(frames.alert('a1', 1));
  conn.sendFrame('{not json');
  conn.sendFrame({ type: 'price_update', channel: 'price_updates', stream: 'price_updates:BTC', epoch: 'e1', seq: 101, ts: 1, data: { assetId: 'BTC' } } as never);
  conn.sendFrame(new ArrayBuffer(8));
  conn.sendFrame(frames.alert('a2', 2));
  conn.sendFrame(frames.price('BTC', 101, 999));
  await until(() => t.messages.some((m) => m.type === 'price_update' && m.data.price === 999), 'the last price');
  const stats = t.client.getStats();
  const last = (id: string) => [...t.messages].reverse().find((m) => m.type === 'price_update' && m.data.assetId === id);
  const result = {
    alerts: t.messages.filter((m) => m.type === 'alert').map((m) => m.type === 'alert' && m.data.id),
    btc: last('BTC')?.type === 'price_update' ? last('BTC')!.data : null,
    eth: last('ETH')?.type === 'price_update' ? last('ETH')!.data : null,
    errors: t.errors.map((e) => e.code),
    positions: t.client.getSubscriptions().map((s) => s.positions),
    counters: { framesReceived: stats.framesReceived, bytesReceived: stats.bytesReceived, invalid: stats.invalid, framesSent: stats.framesSent },
    states: t.states.map((s) => `${s.from}>${s.to}`),
  };
  const priceEvents = t.messages.filter((m) => m.type === 'price_update').length;
  t.close();
  return { result, priceEvents, coalesced: stats.coalesced, t };
}

describe('the socket Worker pipeline', () => {
  it('gives the client the same messages, errors, positions and counters as the main thread', async () => {
    const main = await runScript('off');
    const worker = await runScript('on');
    assert.equal(worker.t.transport.inWorker, true);
    assert.equal(main.t.transport.inWorker, false);
    assert.deepEqual(worker.result, main.result);
    assert.deepEqual(main.result.errors, ['bad_json', 'bad_frame', 'binary_frame']);
    assert.deepEqual(main.result.alerts, ['a1', 'a2']);
    // The Worker coalesced price ticks the main thread delivered one by one.
    assert.equal(main.priceEvents, 201);
    assert.ok(worker.priceEvents < 50, `${worker.priceEvents} price events reached the page`);
    assert.equal(worker.priceEvents + worker.coalesced, 201);
  });

  it('sends the page one batch at a time, the next only after the page has had its frame', async () => {
    const t = setup('on');
    t.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH', 'SOL'] });
    await t.start();
    const conn = t.live();
    const batchesBefore = t.log.toPage.filter((m) => m.type === 'batch').length;
    const assets = ['BTC', 'ETH', 'SOL'];
    for (let seq = 1; seq <= 3000; seq++) conn.sendFrame(frames.price(assets[seq % 3]!, seq, seq));
    await until(() => t.messages.some((m) => m.type === 'price_update' && m.data.price === 3000), 'the last tick');
    const batches = t.log.toPage.filter((m) => m.type === 'batch').slice(batchesBefore);
    // 3,000 frames sent in one go: the first goes at once, the rest wait for the page's next frame.
    assert.ok(batches.length <= 3, `${batches.length} batches`);
    assert.equal(batches.reduce((n, b) => n + (b.type === 'batch' ? b.frames : 0), 0), 3000);
    for (const b of batches) {
      if (b.type !== 'batch') continue;
      assert.ok(b.batch.sequence.every((item) => typeof item === 'number'), 'ticks cross as numbers, not objects');
      assert.equal(b.batch.prices.buffer.byteLength, 0, 'the price buffer moved to the page rather than being copied');
    }
    for (const id of assets) {
      const last = [...t.messages].reverse().find((m) => m.type === 'price_update' && m.data.assetId === id);
      assert.equal(last?.type === 'price_update' && last.seq, assets.indexOf(id) === 0 ? 3000 : assets.indexOf(id) === 1 ? 2998 : 2999);
    }
    // Every 'ready' follows a batch: never more credit than batches.
    const readies = t.log.toWorker.filter((m) => m.type === 'ready').length;
    assert.ok(readies <= t.log.toPage.filter((m) => m.type === 'batch').length);
    t.close();
  });

  it('delivers frames held for the next batch before the close that followed them', async () => {
    const t = setup('on');
    t.client.subscribe('alerts');
    await t.start();
    const conn = t.live();
    const order: string[] = [];
    t.client.on('alert', (m) => order.push(m.data.id));
    t.client.on('statechange', (s) => order.push(s.to));
    for (let seq = 1; seq <= 5; seq++) conn.sendFrame(frames.alert(`x${seq}`, seq));
    conn.serverClose(1001, 'going away');
    await until(() => order.includes('reconnecting'), 'the drop');
    assert.deepEqual(order, ['x1', 'x2', 'x3', 'x4', 'x5', 'reconnecting']);
    t.close();
  });

  it('moves into the Worker above the measured rate (auto), resuming every stream from its position', async () => {
    let now = 0;
    const t = setup('auto', { threshold: 100, now: () => now });
    t.client.subscribe('alerts');
    await t.start();
    const first = t.live();
    assert.equal(t.transport.inWorker, false);
    // Two one-second windows at 150 frames/s.
    let seq = 0;
    for (let window = 0; window < 3; window++) {
      for (let i = 0; i < 150; i++) {
        now += 1000 / 150;
        first.sendFrame(frames.alert(`r${++seq}`, seq));
      }
    }
    await until(() => t.states.some((s) => s.reason === 'worker_on'), 'the move');
    await t.settle();
    await until(() => t.client.getConnectionStatus().state === 'connected', 'connected again');
    assert.equal(t.transport.inWorker, true);
    assert.ok(t.transport.measuredRate >= 100);
    assert.deepEqual(t.states.slice(-2).map((s) => `${s.to}:${s.reason}`), ['reconnecting:worker_on', 'connected:welcome']);
    const second = t.live();
    assert.notEqual(second, first);
    const resubscribe = second.subscribes().find((m) => m.channel === 'alerts');
    assert.deepEqual(resubscribe?.since, { epoch: 'e1', seq: 450 });
    assert.ok(t.debug.some((line) => line.includes('into the socket Worker')));
    t.close();
  });

  it('stays on the main thread, and says why, when the Worker cannot start', async () => {
    const t = setup('on', { createWorker: () => { throw new Error('refused by the CSP'); } });
    t.client.subscribe('alerts');
    const connected = t.client.connect();
    await t.settle(10);
    // The first attempt (in the Worker) fails at once; the retry runs on the main thread.
    t.time.advance(2000);
    await t.settle(10);
    await connected;
    assert.equal(t.transport.inWorker, false);
    assert.equal(t.client.getConnectionStatus().state, 'connected');
    assert.ok(t.debug.some((line) => line.includes('refused by the CSP') && line.includes('main thread')), t.debug.join('\n'));
    t.close();
  });
});

describe('a socket whose Worker code is still loading', () => {
  const fakeSocket = () => {
    const sent: string[] = [];
    const closed: number[] = [];
    const socket = {
      readyState: 0, onopen: null, onmessage: null, onclose: null, onerror: null,
      send: (text: string) => sent.push(text),
      close: (code = 1000) => closed.push(code),
    } as { readyState: number; send(text: string): void; close(code?: number): void; onopen: ((e: unknown) => void) | null; onmessage: ((e: unknown) => void) | null; onclose: ((e: unknown) => void) | null; onerror: ((e: unknown) => void) | null };
    return { socket, sent, closed };
  };

  it('connects once the code is there, and forwards what happens on the real socket', async () => {
    const real = fakeSocket();
    const deferred = new DeferredSocket(Promise.resolve(() => real.socket));
    const seen: string[] = [];
    deferred.onopen = () => seen.push('open');
    deferred.onmessage = (event: { data: string }) => seen.push(`message ${event.data}`);
    deferred.onclose = (event: { code: number }) => seen.push(`close ${event.code}`);
    assert.equal(deferred.readyState, 0);
    assert.throws(() => deferred.send('early'), /still connecting/);
    await tick();
    real.socket.readyState = 1;
    real.socket.onopen!({ type: 'open' });
    real.socket.onmessage!({ data: 'a frame' });
    assert.equal(deferred.readyState, 1);
    deferred.send('subscribe');
    real.socket.readyState = 3;
    real.socket.onclose!({ code: 1001 });
    assert.deepEqual(seen, ['open', 'message a frame', 'close 1001']);
    assert.deepEqual(real.sent, ['subscribe']);
  });

  it('closed before the code arrives: the real socket is never opened', async () => {
    let built = 0;
    const deferred = new DeferredSocket(Promise.resolve(() => {
      built++;
      return fakeSocket().socket;
    }));
    deferred.close();
    await tick();
    assert.equal(built, 0);
    assert.equal(deferred.readyState, 3);
  });

  it('the code fails to load: it closes abnormally, so the client reconnects', async () => {
    const deferred = new DeferredSocket(Promise.reject(new Error('404 worker-sockets.js')));
    const closes: { code: number; reason: string }[] = [];
    deferred.onclose = (event: { code: number; reason: string }) => closes.push(event);
    await tick();
    assert.equal(deferred.readyState, 3);
    assert.equal(closes.length, 1);
    assert.equal(closes[0]!.code, 1006);
    assert.match(closes[0]!.reason, /did not load: 404 worker-sockets\.js/);
  });
});
