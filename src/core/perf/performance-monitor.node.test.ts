import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { EventEmitter } from 'eventemitter3';
import type { RequestTiming } from '../api/index.js';
import type { SocketStats, WebSocketClientEvents } from '../socket/index.js';
import { PerformanceMonitor, type MonitoredSocket, type PerformanceMonitorOptions } from './index.js';

/** A clock and interval timer the test moves by hand. */
function manualTime(start = 1_700_000_000_000) {
  let now = start;
  const intervals = new Set<{ cb: () => void }>();
  return {
    now: () => now,
    advance(ms: number) { now += ms; },
    timers: {
      setInterval: (cb: () => void) => { const h = { cb }; intervals.add(h); return h; },
      clearInterval: (h: unknown) => { intervals.delete(h as { cb: () => void }); },
    },
    tick(ms: number) { now += ms; for (const h of [...intervals]) h.cb(); },
    get armed() { return intervals.size; },
  };
}

/** The public surface of a socket client, driven by the test. */
class FakeSocket implements MonitoredSocket {
  readonly emitter = new EventEmitter();
  stats = { framesReceived: 0, reconnects: 0, bytesReceived: 0 } as SocketStats;
  state: 'connected' | 'reconnecting' = 'connected';
  pings = 0;
  on<E extends keyof WebSocketClientEvents>(event: E, listener: (...args: WebSocketClientEvents[E]) => void) {
    this.emitter.on(event, listener as never);
    return () => { this.emitter.off(event, listener as never); };
  }
  getStats() { return { ...this.stats }; }
  getConnectionStatus() {
    return { state: this.state, connected: this.state === 'connected', connecting: false, attempt: 0, nextRetryAt: null, transport: 'websocket' as const, sessionId: null, lastError: null };
  }
  getSubscriptionCount() { return 2; }
  ping() { this.pings += 1; return Promise.resolve(10); }
  tick(ts: number, bytes = 200) {
    this.stats.framesReceived += 1;
    this.stats.bytesReceived += bytes;
    const message = { type: 'price_update', channel: 'price_updates', stream: 'price:BTC', epoch: 'e', seq: 1, ts, data: {} };
    this.emitter.emit('message', message, { transport: 'websocket', source: 'stream' });
  }
}

const noBrowser = { mainThread: {}, memory: {}, webVitals: false } satisfies Partial<PerformanceMonitorOptions>;
const timing = (path: string, durationMs: number, ok = true): RequestTiming => ({ method: 'GET', path, status: ok ? 200 : 500, durationMs, attempt: 1, ok });

function setup(extra: Partial<PerformanceMonitorOptions> = {}) {
  const time = manualTime();
  const queryClient = new QueryClient();
  const socket = new FakeSocket();
  const monitor = new PerformanceMonitor({ queryClient, socket, now: time.now, timers: time.timers, ...noBrowser, ...extra });
  return { time, queryClient, socket, monitor };
}

describe('PerformanceMonitor', () => {
  test('groups response times per endpoint, with ids generalised and the query string dropped', () => {
    const { monitor } = setup();
    monitor.start();
    for (const ms of [100, 200, 300, 400, 500]) monitor.recordRequest(timing(`/api/portfolios/p${ms}/live`, ms));
    monitor.recordRequest(timing('/api/prices/live?ids=BTC', 50, false));
    const { api } = monitor.getPerformanceSummary();
    assert.equal(api.requests, 6);
    assert.equal(api.errors, 1);
    const live = api.endpoints.find((e) => e.endpoint === 'GET /api/portfolios/:id/live')!;
    assert.deepEqual([live.count, live.errors, live.p50Ms, live.p95Ms, live.maxMs, live.meanMs], [5, 0, 300, 500, 500, 300]);
    assert.equal(api.endpoints.find((e) => e.endpoint === 'GET /api/prices/live')?.errors, 1);
  });

  test('ignores timings while stopped', () => {
    const { monitor } = setup();
    monitor.recordRequest(timing('/api/assets', 10));
    assert.equal(monitor.getPerformanceSummary().api.requests, 0);
  });

  test('counts cache hits and misses on a scripted sequence of lookups', async () => {
    const { monitor, queryClient } = setup();
    monitor.start();
    const look = (key: string) => {
      const observer = new QueryObserver(queryClient, { queryKey: [key], queryFn: () => key, staleTime: Infinity });
      return observer.subscribe(() => {});
    };
    queryClient.setQueryData(['a'], 'A');                  // cached before anyone asks
    const off1 = look('a');                                 // hit
    const off2 = look('b');                                 // miss: has to fetch
    await queryClient.getQueryCache().find({ queryKey: ['b'] })!.promise;
    const off3 = look('b');                                 // hit: fetched a moment ago
    const off4 = look('c');                                 // miss
    off1(); off2(); off3(); off4();
    const cache = monitor.sampleNow().queryCache;
    assert.deepEqual([cache.hits, cache.misses, cache.hitRate], [2, 2, 0.5]);
    assert.equal(cache.entries, 3);
    assert.equal(cache.observers, 0);
    assert.ok(cache.estimatedBytes >= 6, 'three one-letter JSON strings');
  });

  test('an API alert fires when p95 crosses its threshold and clears when it no longer does', () => {
    const { monitor, time } = setup({ thresholds: { apiP95Ms: 1000 } });
    const fired: string[] = [];
    const cleared: string[] = [];
    monitor.on('alert', (a) => fired.push(a.id));
    monitor.on('alertcleared', (a) => cleared.push(a.id));
    monitor.start();
    for (let i = 0; i < 5; i++) monitor.recordRequest(timing('/api/assets', 1500));
    time.tick(5000);
    assert.deepEqual(fired, ['api-p95:GET /api/assets']);
    const [alert] = monitor.getActiveAlerts();
    assert.equal(alert?.severity, 'warning');
    assert.equal(alert?.value, 1500);
    time.tick(5000);
    assert.equal(fired.length, 1, 'a held alert does not fire again');
    assert.equal(monitor.getActiveAlerts()[0]?.samples, 2);
    for (let i = 0; i < 200; i++) monitor.recordRequest(timing('/api/assets', 20));
    time.tick(5000);
    assert.deepEqual(cleared, ['api-p95:GET /api/assets']);
    assert.equal(monitor.getActiveAlerts().length, 0);
    assert.equal(monitor.getPerformanceSummary().alerts.cleared[0]?.clearedAt, time.now());
  });

  test('stopping clears the active alerts', () => {
    const { monitor, time } = setup({ thresholds: { apiP95Ms: 100 } });
    const cleared: string[] = [];
    monitor.on('alertcleared', (a) => cleared.push(a.id));
    monitor.start();
    for (let i = 0; i < 3; i++) monitor.recordRequest(timing('/api/assets', 500));
    time.tick(5000);
    assert.equal(monitor.getActiveAlerts().length, 1);
    monitor.stop();
    assert.deepEqual([monitor.getActiveAlerts().length, cleared], [0, ['api-p95:GET /api/assets']]);
  });

  test('thresholds can be changed and turned off, and bad ones are refused', () => {
    const { monitor, time } = setup();
    monitor.start();
    for (let i = 0; i < 5; i++) monitor.recordRequest(timing('/api/assets', 300));
    time.tick(5000);
    assert.equal(monitor.getActiveAlerts().length, 0);
    monitor.setThresholds({ apiP95Ms: 100 });
    time.tick(5000);
    assert.equal(monitor.getActiveAlerts()[0]?.severity, 'critical', '300 ms is three times the threshold');
    monitor.setThresholds({ apiP95Ms: null });
    time.tick(5000);
    assert.equal(monitor.getActiveAlerts().length, 0);
    assert.throws(() => monitor.setThresholds({ minHitRate: 2 }), /between 0 and 1/);
    assert.throws(() => monitor.setThresholds({ lagMs: -1 }), /at least 0/);
    assert.throws(() => monitor.setThresholds({ nope: 1 } as never), /Unknown performance threshold "nope"/);
  });

  test('socket lag is measured from the server ts, corrected by the clock offset from pings', async () => {
    const { monitor, socket, time } = setup();
    monitor.start();
    // The server clock runs 10 s ahead of this page's; a ping round trip takes 40 ms.
    socket.emitter.emit('pong', { rttMs: 40, serverTime: time.now() + 10_000 - 20, receivedAt: time.now() });
    socket.tick(time.now() + 10_000 - 150); // sent 150 ms ago by the server's clock
    socket.tick(time.now() + 10_000 - 250);
    time.advance(1000);
    const sample = monitor.sampleNow().socket!;
    assert.equal(sample.clockOffsetMs, 10_000);
    assert.deepEqual([sample.lagP50Ms, sample.lagMaxMs], [150, 250], "lag is taken on receipt, not when sampled");
    assert.equal(sample.messagesPerSec, 2);
    assert.equal(sample.bytesPerSec, 400);
    assert.ok(socket.pings >= 1, 'each sample pings a live socket');
  });

  test('a lag alert fires and clears; reconnects count from start', () => {
    const { monitor, socket, time } = setup({ thresholds: { lagMs: 2000 } });
    monitor.start();
    socket.emitter.emit('pong', { rttMs: 0, serverTime: time.now(), receivedAt: time.now() });
    socket.tick(time.now() - 3000);
    socket.stats.reconnects += 1;
    time.tick(5000);
    assert.deepEqual(monitor.getActiveAlerts().map((a) => a.id), ['socket-lag']);
    assert.equal(monitor.getHistory().at(-1)?.socket?.reconnects, 1);
    socket.tick(time.now() - 100);
    time.tick(5000);
    assert.deepEqual(monitor.getActiveAlerts(), []);
  });

  test('steady memory growth raises an alert and, when sustained, optimises the cache by itself', () => {
    let used = 50e6;
    const { monitor, time, queryClient } = setup({ memory: { memory: () => ({ usedJSHeapSize: used, jsHeapSizeLimit: 4e9 }) }, autoOptimizeAfterSamples: 3 });
    queryClient.setQueryData(['old'], { big: 'x'.repeat(1000) }); // nobody observes it
    const optimized: string[] = [];
    monitor.on('optimized', (r) => optimized.push(r.reason));
    monitor.start();
    for (let i = 0; i < 6; i++) { time.tick(5000); used += 2e6; }   // 6 readings over 25 s: too short for a trend
    assert.equal(monitor.getActiveAlerts().length, 0);
    time.tick(5000); used += 2e6;                                        // 7th reading, 30 s: 24 MB/min
    assert.deepEqual(monitor.getActiveAlerts().map((a) => a.id), ['memory-growth']);
    time.tick(5000); used += 2e6;
    assert.deepEqual(optimized, []);
    time.tick(5000); used += 2e6;                                        // third sample with the alert on
    assert.deepEqual(optimized, ['memory-alert']);
    assert.equal(queryClient.getQueryCache().find({ queryKey: ['old'] }), undefined);
    time.tick(5000);
    assert.deepEqual(optimized, ['memory-alert'], 'once per alert episode');
    for (let i = 0; i < 12; i++) time.tick(5000);                        // flat memory
    assert.equal(monitor.getActiveAlerts().length, 0);
  });

  test('memory is reported as unavailable where the page offers no reading', () => {
    const { monitor } = setup();
    monitor.start();
    assert.deepEqual(monitor.sampleNow().memory, { source: 'unavailable', usedBytes: null, limitBytes: null, measuredAt: null });
  });

  test('optimizeCache removes inactive queries only, and trims the series', () => {
    const { monitor, queryClient, time } = setup();
    queryClient.setQueryData(['inactive'], [1, 2, 3]);
    const observer = new QueryObserver(queryClient, { queryKey: ['active'], queryFn: () => 'live', staleTime: Infinity });
    queryClient.setQueryData(['active'], 'live');
    const off = observer.subscribe(() => {});
    monitor.start();
    for (let i = 0; i < 10; i++) time.tick(5000);
    for (let i = 0; i < 120; i++) monitor.recordRequest(timing('/api/assets', 10));
    const result = monitor.optimizeCache();
    assert.deepEqual([result.removedQueries, result.freedBytesEstimate, result.trimmedSamples, result.trimmedTimings, result.reason], [1, 7, 5, 70, 'manual']);
    assert.deepEqual(queryClient.getQueryCache().getAll().map((q) => q.queryKey), [['active']]);
    assert.equal(monitor.getHistory().length, 5);
    assert.deepEqual(monitor.getPerformanceSummary().lastOptimization, result);
    off();
  });

  test('start and stop leave the query cache alone, and history is bounded', () => {
    const { monitor, queryClient, time } = setup({ historySize: 4 });
    queryClient.setQueryData(['x'], 1);
    const events: string[] = [];
    queryClient.getQueryCache().subscribe((e) => events.push(e.type));
    monitor.start();
    for (let i = 0; i < 10; i++) time.tick(5000);
    monitor.stop();
    assert.equal(time.armed, 0, 'no timer left');
    assert.deepEqual(events, []);
    assert.equal(queryClient.getQueryData(['x']), 1);
    assert.equal(monitor.getHistory().length, 4);
    assert.equal(monitor.running, false);
  });

  test('the summary survives JSON unchanged and uses the default sample rate', () => {
    const { monitor, time, socket } = setup();
    monitor.start();
    monitor.recordRequest(timing('/api/assets', 12));
    socket.tick(time.now());
    time.tick(5000);
    const summary = monitor.getPerformanceSummary();
    assert.equal(summary.sampleRateMs, 5000);
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
    assert.equal(summary.history.length, 1);
    assert.equal(summary.webVitals.supported, false);
  });

  test('refuses a bad sample rate with a clear error', () => {
    assert.throws(() => setup({ sampleRateMs: 0 }), /sampleRateMs must be a number of at least 100/);
  });
});

describe('MainThreadProbe frame rate', () => {
  test('asks for animation frames for one second per sample, not all the time', async () => {
    const { MainThreadProbe, FPS_WINDOW_MS } = await import('./main-thread-probe.js');
    let pending: Array<(time: number) => void> = [];
    let asked = 0;
    const probe = new MainThreadProbe({
      requestAnimationFrame: (cb) => { asked += 1; pending.push(cb); return asked; },
      cancelAnimationFrame: () => { pending = []; },
      hidden: () => false,
    });
    /** Runs frames at 60 per second, from `from` ms, for `ms` ms of page time. */
    const frames = (from: number, ms: number) => {
      for (let t = from; t <= from + ms; t += 1000 / 60) {
        const run = pending;
        pending = [];
        for (const cb of run) cb(t);
      }
    };
    probe.start();
    frames(0, 5000);
    const askedInFirstInterval = asked;
    assert.ok(askedInFirstInterval >= 60 && askedInFirstInterval <= 63, `one second of frames asked for, not five: ${askedInFirstInterval}`);
    assert.equal(pending.length, 0, 'no frame asked for after the window');
    const sample = probe.sample(5000);
    assert.ok(Math.abs(sample.fps! - 60) < 1, `fps ${sample.fps}`);
    assert.equal(pending.length, 1, 'the next window opens at the sample');
    frames(5000, FPS_WINDOW_MS / 2);
    // Blocked after half a window: what was counted still gives the rate.
    assert.ok(Math.abs(probe.sample(5000).fps! - 60) < 1);
    probe.stop();
    assert.equal(pending.length, 0, 'stop cancels the window');
    const none = new MainThreadProbe({ requestAnimationFrame: () => 1, cancelAnimationFrame: () => {}, hidden: () => false });
    none.start();
    assert.equal(none.sample(5000).fps, 0, 'no frame at all: 0 fps');
  });
});
