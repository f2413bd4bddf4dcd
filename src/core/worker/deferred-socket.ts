import type { WebSocketLike } from '../socket/seams.js';

/**
 * A socket whose real implementation is still loading (the socket Worker's code, fetched on
 * first use). To the client it is a WebSocket that is still connecting: once `ready` gives the
 * factory it builds the real socket and forwards its events; `close()` before then means it is
 * never built. If `ready` rejects it closes with 1006, as a socket whose Worker failed does, so
 * the client reconnects (and the transport then stays on the main thread).
 */
export class DeferredSocket implements WebSocketLike {
  binaryType = 'arraybuffer';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onopen: ((event: any) => void) | null = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onmessage: ((event: any) => void) | null = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onclose: ((event: any) => void) | null = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onerror: ((event: any) => void) | null = null;
  #socket: WebSocketLike | null = null;
  #state = 0;

  constructor(ready: Promise<() => WebSocketLike>) {
    ready.then(
      (make) => {
        if (this.#state !== 0) return;
        const socket = make();
        this.#socket = socket;
        socket.onopen = (event) => this.onopen?.(event);
        socket.onmessage = (event) => this.onmessage?.(event);
        socket.onerror = (event) => this.onerror?.(event);
        socket.onclose = (event) => this.onclose?.(event);
      },
      (error: unknown) => {
        if (this.#state !== 0) return;
        this.#state = 3;
        this.onclose?.({ code: 1006, reason: `the socket Worker code did not load: ${(error as Error)?.message ?? error}`.slice(0, 120), wasClean: false });
      },
    );
  }

  get readyState(): number {
    return this.#socket ? this.#socket.readyState : this.#state;
  }

  send(data: string): void {
    if (!this.#socket) throw new DOMException('the socket is still connecting', 'InvalidStateError');
    this.#socket.send(data);
  }

  close(code = 1000, reason = ''): void {
    if (this.#socket) this.#socket.close(code, reason);
    else if (this.#state === 0) this.#state = 3;
  }
}
