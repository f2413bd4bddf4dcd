import { ApiClient } from '../../../src/core/api/index.js';
import { WebSocketClient, type LifecycleSource, type SocketError, type StateChange, type WakeReason, type WebSocketClientOptions } from '../../../src/core/socket/index.js';
import { FakeSocketServer, type FakeServerOptions } from './fake-socket-server.js';
import { FakeTime, seededRandom } from './fake-timers.js';

/** A lifecycle source the test fires by hand. */
export function manualLifecycle(): LifecycleSource & { fire(reason: WakeReason): void } {
  let listener: ((reason: WakeReason) => void) | null = null;
  return {
    listen(onWake) {
      listener = onWake;
      return () => (listener = null);
    },
    fire(reason) {
      listener?.(reason);
    },
  };
}

export interface Harness {
  time: FakeTime;
  server: FakeSocketServer;
  client: WebSocketClient;
  errors: SocketError[];
  states: StateChange[];
  lifecycle: ReturnType<typeof manualLifecycle>;
  /** Connects and runs the fake server's open timer. */
  connect(): Promise<void>;
}

export function createHarness(options: Partial<WebSocketClientOptions> & { server?: FakeServerOptions; fetch?: typeof fetch } = {}): Harness {
  const time = new FakeTime();
  const server = new FakeSocketServer(time, options.server);
  const lifecycle = manualLifecycle();
  const { server: _s, fetch: fetchImpl, ...rest } = options;
  const api = fetchImpl ? new ApiClient({ baseUrl: 'http://feed.test', fetch: fetchImpl, retries: 0 }) : undefined;
  const client = new WebSocketClient({
    url: 'ws://feed.test/ws',
    WebSocket: server.WebSocket,
    clock: time,
    timers: time,
    random: seededRandom(7),
    lifecycle,
    api,
    ...rest,
  });
  const errors: SocketError[] = [];
  const states: StateChange[] = [];
  client.on('error', (e) => errors.push(e));
  client.on('statechange', (s) => states.push(s));
  return {
    time,
    server,
    client,
    errors,
    states,
    lifecycle,
    async connect() {
      const done = client.connect();
      time.advance(0);
      await done;
    },
  };
}
