import type { CloseEventLike, MessageEventLike, WebSocketLike } from '../socket/seams.js';
import type { FromWorker, ToWorker } from './messages.js';
import { BatchDecoder } from './flat-batch.js';
import { ParsedBatch } from './parsed-batch.js';

/** The part of `Worker` the host uses. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: { data: FromWorker }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

/** Runs `callback` after the next rendered frame (a slow timer when there are no frames, as in a hidden tab). */
function afterNextFrame(callback: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    callback();
  };
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  if (typeof raf === 'function') raf(run);
  globalThis.setTimeout(run, raf ? 250 : 16);
}

/**
 * A WebSocket that lives in the socket Worker. It looks like a browser WebSocket to the client,
 * except that each `message` event carries a {@link ParsedBatch} (with `frames` and `bytes`
 * counting what arrived on the wire) instead of one raw frame.
 */
export class WorkerSocket implements WebSocketLike {
  readyState = 0;
  binaryType = 'arraybuffer';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onopen: ((event: any) => void) | null = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onmessage: ((event: any) => void) | null = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onclose: ((event: any) => void) | null = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onerror: ((event: any) => void) | null = null;
  readonly #id: number;
  readonly #decoder = new BatchDecoder();

  constructor(
    private readonly host: SocketWorkerHost,
    readonly url: string,
    maxFrameBytes: number,
  ) {
    this.#id = host.open(this, url, maxFrameBytes);
  }

  send(data: string): void {
    if (this.readyState === 0) throw new DOMException('the socket is still connecting', 'InvalidStateError');
    if (this.readyState !== 1) return;
    this.host.post({ type: 'send', id: this.#id, text: data });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    this.host.close(this.#id, code, reason);
  }

  /** @internal */
  receive(message: FromWorker): void {
    switch (message.type) {
      case 'open':
        this.readyState = 1;
        this.onopen?.({ type: 'open' });
        return;
      case 'batch': {
        const event: MessageEventLike = { data: new ParsedBatch(this.#decoder.decode(message.batch), message.frames, message.bytes), frames: message.frames, bytes: message.bytes };
        try {
          this.onmessage?.(event);
        } finally {
          // The next batch once this one has had its frame; the Worker coalesces meanwhile.
          if (this.readyState === 1) afterNextFrame(() => this.host.post({ type: 'ready', id: this.#id }));
        }
        return;
      }
      case 'error':
        this.onerror?.({ type: 'error' });
        return;
      case 'close': {
        this.readyState = 3;
        const event: CloseEventLike & { wasClean: boolean } = { code: message.code, reason: message.reason, wasClean: message.wasClean };
        this.onclose?.(event);
        return;
      }
    }
  }
}

/**
 * One socket Worker, shared by every Worker socket on the page. It is started on first use and
 * stopped a few seconds after its last socket closes. When the Worker can't start (the script is
 * missing, or the page's CSP refuses it), every socket on it closes with 1006 and `onFailure` is
 * called once, so the caller can carry on without it.
 */
export class SocketWorkerHost {
  #worker: WorkerLike | null = null;
  #nextId = 1;
  #alive = false;
  #failed = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #sockets = new Map<number, WorkerSocket>();

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly onFailure: (reason: string) => void,
    private readonly idleMs = 5000,
  ) {}

  /** True once the Worker could not start; no socket should be opened on it any more. */
  get failed(): boolean {
    return this.#failed;
  }

  open(socket: WorkerSocket, url: string, maxFrameBytes: number): number {
    const id = this.#nextId++;
    this.#sockets.set(id, socket);
    clearTimeout(this.#idleTimer);
    if (this.#failed) {
      queueMicrotask(() => this.#closeOne(id, 'the socket Worker is not available'));
      return id;
    }
    this.#ensureWorker();
    this.post({ type: 'open', id, url, maxFrameBytes });
    return id;
  }

  post(message: ToWorker): void {
    this.#worker?.postMessage(message);
  }

  close(id: number, code: number, reason: string): void {
    if (!this.#sockets.delete(id)) return;
    this.post({ type: 'close', id, code, reason });
    this.#maybeIdle();
  }

  #ensureWorker(): void {
    if (this.#worker) return;
    let worker: WorkerLike;
    try {
      worker = this.createWorker();
    } catch (err) {
      this.#fail(`the socket Worker could not be created: ${(err as Error).message}`);
      return;
    }
    this.#worker = worker;
    worker.addEventListener('message', ({ data }) => {
      if (this.#worker !== worker) return;
      if (data.type === 'hello') {
        this.#alive = true;
        return;
      }
      this.#sockets.get(data.id)?.receive(data);
      if (data.type === 'close') {
        this.#sockets.delete(data.id);
        this.#maybeIdle();
      }
    });
    worker.addEventListener('error', (event) => {
      if (this.#worker !== worker) return;
      // Before `hello` the script never ran (404, CSP, syntax); after it, the Worker crashed.
      this.#fail(this.#alive ? `the socket Worker failed: ${event.message ?? 'error'}` : `the socket Worker script did not load${event.message ? `: ${event.message}` : ''}`);
    });
  }

  #fail(reason: string): void {
    this.#failed = true;
    this.#worker?.terminate();
    this.#worker = null;
    this.onFailure(reason);
    // Later, not from inside a socket's constructor: its owner sets `onclose` once it returns.
    const ids = [...this.#sockets.keys()];
    queueMicrotask(() => ids.forEach((id) => this.#closeOne(id, reason)));
  }

  #closeOne(id: number, reason: string): void {
    const socket = this.#sockets.get(id);
    this.#sockets.delete(id);
    socket?.receive({ type: 'close', id, code: 1006, reason: reason.slice(0, 120), wasClean: false });
  }

  #maybeIdle(): void {
    if (this.#sockets.size || !this.#worker) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#sockets.size || !this.#worker) return;
      this.#worker.terminate();
      this.#worker = null;
      this.#alive = false;
    }, this.idleMs);
    // An idle Worker must not keep a Node process alive (tests, server-side rendering).
    (this.#idleTimer as { unref?: () => void }).unref?.();
  }
}
