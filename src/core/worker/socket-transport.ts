import type { FramePipelineFactory } from '../socket/frame-pipeline.js';
import type { WebSocketConstructor, WebSocketLike } from '../socket/seams.js';
import { batchAwarePipeline } from './parsed-batch.js';
import type { SocketWorkerHost, WorkerLike } from './worker-host.js';
import { loadWorkerSockets, openWorkerSocket, type WorkerSockets } from './worker-on-demand.js';

/** `on`: always in the Worker; `off`: always on the main thread; `auto`: switch by the measured rate. */
export type WorkerMode = 'auto' | 'on' | 'off';

/** Reads the `worker` attribute: absent → `auto`; present with no value (or `on`) → `on`; `off` → `off`. Anything else is reported and read as `auto`. */
export function parseWorkerMode(value: string | null): WorkerMode {
  if (value === null || value === 'auto') return 'auto';
  if (value === '' || value === 'on' || value === 'true') return 'on';
  if (value === 'off' || value === 'false') return 'off';
  console.error(`worker="${value}" is not one of auto, on, off; using auto.`);
  return 'auto';
}

/** Above this many inbound frames a second, sustained, `auto` moves the socket into the Worker. */
export const DEFAULT_WORKER_THRESHOLD = 3000;
/** How many consecutive one-second windows must be over the threshold before `auto` switches. */
export const WORKER_SUSTAIN_WINDOWS = 2;
/** `auto` moves back to the main thread after this many consecutive windows under a quarter of the threshold. */
export const MAIN_THREAD_RETURN_WINDOWS = 30;

export interface SocketTransportOptions {
  mode?: WorkerMode;
  /** Frames per second above which `auto` switches to the Worker. Default {@link DEFAULT_WORKER_THRESHOLD}. */
  threshold?: number;
  /** Largest inbound frame accepted in the Worker, in bytes (the client's `maxFrameBytes`). */
  maxFrameBytes: number;
  /** Starts the Worker. Default: the library's socket Worker script (see `setSocketWorkerScript`). */
  createWorker?: () => WorkerLike;
  /** WebSocket for the main thread. Default: the global one. */
  WebSocket?: WebSocketConstructor;
  /** Diagnostic lines (the client's debug log). */
  debug?: (message: string) => void;
  /** Monotonic clock in ms. */
  now?: () => number;
}

/** What the transport needs of the client: a way to move its connection onto a fresh socket. */
export interface ReopenableClient {
  reopen(reason: string): void;
}

const transports = new WeakMap<object, SocketTransport>();

/** The transport attached to `client`, if it was built with one. */
export function socketTransportOf(client: object | null | undefined): SocketTransport | undefined {
  return client ? transports.get(client) : undefined;
}

let sharedHost: SocketWorkerHost | null = null;
const hostListeners = new Set<(reason: string) => void>();

function defaultHost({ SocketWorkerHost, createSocketWorker }: WorkerSockets): SocketWorkerHost {
  if (!sharedHost || sharedHost.failed) {
    sharedHost = new SocketWorkerHost(createSocketWorker, (reason) => {
      for (const listener of hostListeners) listener(reason);
    });
  }
  return sharedHost;
}

/**
 * Chooses, for each socket the client opens, whether it lives on the main thread or in the socket
 * Worker. Give the client its `WebSocket` and `pipeline`, then `attach` the client.
 *
 * The rate is measured on every inbound frame (counted in the Worker while there): frames are
 * counted over one-second windows of the monotonic clock. In `auto`, {@link WORKER_SUSTAIN_WINDOWS}
 * windows in a row at or above the threshold move the connection into the Worker, and
 * {@link MAIN_THREAD_RETURN_WINDOWS} windows under a quarter of it move it back. A move reopens
 * the connection (`reconnecting` → `connected`, reason `worker_on` / `worker_off`); every stream
 * resumes from its position, so nothing is lost. When the Worker can't start, the client stays on
 * (or returns to) the main thread and says why in its debug log.
 */
export class SocketTransport {
  readonly WebSocket: WebSocketConstructor;
  readonly pipeline: FramePipelineFactory;
  #mode: WorkerMode;
  readonly #threshold: number;
  readonly #now: () => number;
  readonly #debug: (message: string) => void;
  readonly #host: (module: WorkerSockets) => SocketWorkerHost;
  #client: ReopenableClient | null = null;
  #wantWorker: boolean;
  #inWorker = false;
  #workerBroken = false;
  #windowStart = NaN;
  #windowFrames = 0;
  #highWindows = 0;
  #lowWindows = 0;
  #rate = 0;
  #switchPending = false;
  readonly #stopHostListener: () => void;

  constructor(options: SocketTransportOptions) {
    this.#mode = options.mode ?? 'auto';
    this.#threshold = options.threshold ?? DEFAULT_WORKER_THRESHOLD;
    this.#now = options.now ?? (() => globalThis.performance?.now() ?? Date.now());
    this.#debug = options.debug ?? (() => {});
    this.#wantWorker = this.#mode === 'on';
    const createWorker = options.createWorker;
    this.#host = createWorker ? (() => {
      let host: SocketWorkerHost | null = null;
      return ({ SocketWorkerHost }: WorkerSockets) => {
        if (!host || host.failed) host = new SocketWorkerHost(createWorker, (reason) => this.#onWorkerFailed(reason));
        return host;
      };
    })() : defaultHost;
    const onShared = (reason: string) => this.#onWorkerFailed(reason);
    if (!createWorker) hostListeners.add(onShared);
    this.#stopHostListener = () => hostListeners.delete(onShared);

    const transport = this;
    const canStartWorker = createWorker !== undefined || typeof Worker !== 'undefined';
    // A plain function: `new` returns whichever socket it builds.
    this.WebSocket = function TransportSocket(url: string): WebSocketLike {
      const useWorker = transport.#wantWorker && !transport.#workerBroken && canStartWorker;
      transport.#inWorker = useWorker;
      if (useWorker) {
        return openWorkerSocket(
          (module) => new module.WorkerSocket(transport.#host(module), url, options.maxFrameBytes),
          (reason) => transport.#onWorkerFailed(reason),
        );
      }
      // Read at each attempt, like the client does, so a page's own WebSocket (or a mock) is used.
      const MainWebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!MainWebSocket) throw new Error('no WebSocket implementation available');
      return new MainWebSocket(url);
    } as unknown as WebSocketConstructor;
    this.pipeline = batchAwarePipeline((frames) => this.#count(frames));
    if (this.#mode === 'on' && canStartWorker) void loadWorkerSockets().catch(() => {});
  }

  /** The client whose connection this transport moves. */
  attach(client: ReopenableClient): void {
    this.#client = client;
    transports.set(client, this);
  }

  get mode(): WorkerMode {
    return this.#mode;
  }

  /** Whether the current (or last) socket lives in the Worker. */
  get inWorker(): boolean {
    return this.#inWorker;
  }

  /** Inbound frames a second over the last complete one-second window. */
  get measuredRate(): number {
    return this.#rate;
  }

  /** Changes the mode; a live connection moves at once when the new mode says so. */
  setMode(mode: WorkerMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.#highWindows = this.#lowWindows = 0;
    if (mode === 'on') void loadWorkerSockets().catch(() => {});
    if (mode === 'on') this.#want(true, 'worker_on');
    else if (mode === 'off') this.#want(false, 'worker_off');
  }

  dispose(): void {
    this.#stopHostListener();
    this.#client = null;
  }

  #count(frames: number): void {
    const now = this.#now();
    if (Number.isNaN(this.#windowStart)) this.#windowStart = now;
    this.#windowFrames += frames;
    const elapsed = now - this.#windowStart;
    if (elapsed < 1000) return;
    this.#rate = (this.#windowFrames * 1000) / elapsed;
    this.#windowStart = now;
    this.#windowFrames = 0;
    if (this.#mode !== 'auto') return;
    if (!this.#wantWorker) {
      this.#highWindows = this.#rate >= this.#threshold ? this.#highWindows + 1 : 0;
      // Fetch the Worker's code at the first busy window, so it is there when the move comes.
      if (this.#highWindows === 1) void loadWorkerSockets().catch(() => {});
      if (this.#highWindows >= WORKER_SUSTAIN_WINDOWS) this.#want(true, 'worker_on');
    } else {
      this.#lowWindows = this.#rate < this.#threshold / 4 ? this.#lowWindows + 1 : 0;
      if (this.#lowWindows >= MAIN_THREAD_RETURN_WINDOWS) this.#want(false, 'worker_off');
    }
  }

  #want(worker: boolean, reason: string): void {
    this.#wantWorker = worker;
    this.#highWindows = this.#lowWindows = 0;
    if (worker && this.#workerBroken) return;
    if (this.#inWorker === worker || this.#switchPending) return;
    this.#switchPending = true;
    // Not from inside the socket's own message handler: the move replaces that socket.
    globalThis.setTimeout(() => {
      this.#switchPending = false;
      if (this.#inWorker === (this.#wantWorker && !this.#workerBroken)) return;
      this.#debug(`moving the connection ${this.#wantWorker ? 'into the socket Worker' : 'to the main thread'} (${reason}, ${Math.round(this.#rate)} frames/s)`);
      this.#client?.reopen(reason);
    }, 0);
  }

  #onWorkerFailed(reason: string): void {
    if (this.#workerBroken) return;
    this.#workerBroken = true;
    this.#debug(`${reason}; the connection stays on the main thread`);
    if (this.#mode === 'on' && typeof console !== 'undefined') console.warn(`crypto-risk-widgets: ${reason}; the connection stays on the main thread.`);
  }
}
