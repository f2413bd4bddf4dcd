import type { WireBatch } from './flat-batch.js';

/** What the page asks of the socket Worker. Every message names the socket it is about by `id`. */
export type ToWorker =
  | { type: 'open'; id: number; url: string; maxFrameBytes: number }
  | { type: 'send'; id: number; text: string }
  | { type: 'close'; id: number; code: number; reason: string }
  /** The page has rendered the last batch: the Worker may send the next one. */
  | { type: 'ready'; id: number };

/** What the socket Worker tells the page. */
export type FromWorker =
  /** The Worker script loaded and runs. */
  | { type: 'hello' }
  | { type: 'open'; id: number }
  /** Frames parsed, validated and coalesced since the last batch; `frames` and `bytes` count what arrived on the wire. */
  | { type: 'batch'; id: number; batch: WireBatch; frames: number; bytes: number }
  | { type: 'error'; id: number }
  | { type: 'close'; id: number; code: number; reason: string; wasClean: boolean };
