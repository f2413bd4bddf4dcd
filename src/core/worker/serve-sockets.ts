import { createInThreadPipeline, type FramePipeline } from '../socket/frame-pipeline.js';
import type { CloseEventLike, MessageEventLike, WebSocketConstructor, WebSocketLike } from '../socket/seams.js';
import { BatchEncoder } from './batch-encoder.js';
import type { FromWorker, ToWorker } from './messages.js';

/** The part of a Worker's global scope the socket service uses (a `MessagePort` fits too). */
export interface WorkerScopeLike {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: ToWorker }) => void): void;
}

interface Served {
  socket: WebSocketLike;
  pipeline: FramePipeline;
  /** The page is ready for a batch. */
  credit: boolean;
  /** Delivers the open batch; set while frames wait for credit. */
  pending: (() => void) | null;
  frames: number;
  bytes: number;
}

/**
 * The Worker side of the receive path: it owns the WebSockets, and runs the same parse → validate
 * → coalesce pipeline the main thread would. Batches go to the page one at a time: after sending
 * one, the Worker waits for the page's `ready` (sent once per animation frame) and meanwhile
 * collects and coalesces, so the page gets at most one batch per frame however fast the feed is.
 * A close flushes what is held first, so no frame is lost or reordered.
 */
export function serveSockets(scope: WorkerScopeLike, WebSocketImpl: WebSocketConstructor): void {
  const served = new Map<number, Served>();
  const post = (message: FromWorker) => scope.postMessage(message);

  const release = (entry: Served) => {
    entry.credit = false;
    const deliver = entry.pending;
    entry.pending = null;
    deliver?.();
  };

  const open = (id: number, url: string, maxFrameBytes: number) => {
    let socket: WebSocketLike;
    try {
      socket = new WebSocketImpl(url);
    } catch {
      post({ type: 'close', id, code: 1006, reason: `could not open ${url}`, wasClean: false });
      return;
    }
    const encoder = new BatchEncoder();
    const entry: Served = {
      socket,
      credit: true,
      pending: null,
      frames: 0,
      bytes: 0,
      pipeline: createInThreadPipeline(
        {
          maxFrameBytes,
          schedule: (deliver) => {
            entry.pending = deliver;
            if (entry.credit) release(entry);
          },
        },
        (batch) => {
          const wire = encoder.encode(batch);
          // The prices' buffer moves to the page rather than being copied.
          scope.postMessage({ type: 'batch', id, batch: wire, frames: entry.frames, bytes: entry.bytes }, [wire.prices.buffer]);
          entry.frames = 0;
          entry.bytes = 0;
        },
      ),
    };
    served.set(id, entry);
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // Read-only in some implementations; binary frames are refused either way.
    }
    socket.onopen = () => post({ type: 'open', id });
    socket.onerror = () => post({ type: 'error', id });
    socket.onmessage = (event: MessageEventLike) => {
      const data = event.data;
      entry.frames += 1;
      entry.bytes += typeof data === 'string' ? data.length : ((data as ArrayBuffer | undefined)?.byteLength ?? 0);
      entry.pipeline.post(data);
    };
    socket.onclose = (event: CloseEventLike & { wasClean?: boolean }) => {
      served.delete(id);
      entry.pending = null;
      entry.pipeline.flush();
      entry.pipeline.dispose();
      post({ type: 'close', id, code: event.code, reason: event.reason, wasClean: event.wasClean ?? false });
    };
  };

  scope.addEventListener('message', ({ data: message }) => {
    switch (message.type) {
      case 'open':
        return open(message.id, message.url, message.maxFrameBytes);
      case 'send': {
        const entry = served.get(message.id);
        try {
          entry?.socket.send(message.text);
        } catch {
          // Not open any more: the close event is on its way, like a main-thread socket's.
        }
        return;
      }
      case 'ready': {
        const entry = served.get(message.id);
        if (!entry) return;
        entry.credit = true;
        if (entry.pending) release(entry);
        return;
      }
      case 'close': {
        const entry = served.get(message.id);
        if (!entry) return;
        served.delete(message.id);
        entry.pipeline.dispose();
        const socket = entry.socket;
        socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
        try {
          socket.close(message.code, message.reason);
        } catch {
          // Already closing; it goes away either way.
        }
        return;
      }
    }
  });
  post({ type: 'hello' });
}
