import type { FieldIssue, ServerMessage } from '../protocol/index.js';
import { frameTypeLabel } from '../protocol/names.js';
import { loadSchemas } from '../protocol/schemas-on-demand.js';
import { parseHotFrame, parseInboundFrame } from './frame-parser.js';

/** A frame the pipeline refused, with why. */
export interface FrameRejection {
  code: 'bad_json' | 'bad_frame' | 'frame_too_large' | 'binary_frame';
  message: string;
  issues?: FieldIssue[];
  /** Size of the refused frame, when known. */
  bytes?: number;
}

/** What one flush of the pipeline hands back: validated messages in arrival order, and rejections. */
export interface FrameBatch {
  messages: ServerMessage[];
  rejected: FrameRejection[];
  /** Price ticks replaced by a newer tick of the same asset in this batch. */
  coalesced: number;
}

/**
 * The parse → validate → coalesce stage, behind a message-passing seam: raw frames go in with
 * `post`, batches come out through the callback given at creation. Nothing here touches the DOM or
 * assumes the main thread, so a Worker-backed implementation can replace the in-thread one
 * without the client noticing (raw strings in, plain objects out, both structured-cloneable).
 */
export interface FramePipeline {
  post(raw: unknown): void;
  /** Delivers anything still held. */
  flush(): void;
  dispose(): void;
}

export interface FramePipelineOptions {
  /** Largest frame accepted, in bytes. */
  maxFrameBytes: number;
  /**
   * When given, frames are held and delivered in one batch when the scheduled callback runs
   * (price ticks for the same asset within a batch then collapse to the newest). When absent,
   * every frame is delivered at once, in its own batch.
   */
  schedule?: (flush: () => void) => void;
}

export type FramePipelineFactory = (options: FramePipelineOptions, deliver: (batch: FrameBatch) => void) => FramePipeline;

/** The `rejected` of a batch that refused nothing: shared, so a batch of valid frames allocates no second array. */
const NO_REJECTIONS: FrameRejection[] = Object.freeze([]) as unknown as FrameRejection[];

/** The in-thread pipeline; the default. */
export const createInThreadPipeline: FramePipelineFactory = (options, deliver) => {
  // The open batch, as loose parts: at one frame per batch (no schedule) every allocation is per frame.
  let messages: ServerMessage[] = [];
  let rejected: FrameRejection[] = NO_REJECTIONS;
  let coalesced = 0;
  // Index of each price stream's tick in the open batch (only when batching); reset by any other
  // frame so that price ticks never move across a control frame (a `subscribed`, say) that they followed.
  const priceIndex = new Map<string, number>();
  const batching = options.schedule !== undefined;
  let scheduled = false;
  let disposed = false;

  const reject = (rejection: FrameRejection): void => {
    if (rejected === NO_REJECTIONS) rejected = [];
    rejected.push(rejection);
  };

  const flush = () => {
    scheduled = false;
    if (!messages.length && !rejected.length) return;
    const out: FrameBatch = { messages, rejected, coalesced };
    messages = [];
    rejected = NO_REJECTIONS;
    coalesced = 0;
    if (priceIndex.size) priceIndex.clear();
    deliver(out);
  };

  // Frames held, in arrival order, while the schemas load for the first of them that needs one.
  let waiting: unknown[] | null = null;

  const accept = (raw: unknown): void => {
    if (typeof raw !== 'string') {
      const bytes = raw instanceof ArrayBuffer ? raw.byteLength : ArrayBuffer.isView(raw) ? raw.byteLength : undefined;
      reject({ code: 'binary_frame', message: 'binary frames are not part of the protocol', bytes });
      return;
    }
    // The common case without the result object `parseInboundFrame` builds; anything else goes there.
    const message = parseHotFrame(raw, options.maxFrameBytes);
    if (message) return add(message);
    const result = parseInboundFrame(raw, options.maxFrameBytes);
    if (!result) {
      waiting = [raw];
      loadSchemas().then(() => resume(), (err: unknown) => resume({ err }));
    } else if (!result.ok) {
      reject({ code: result.code, message: result.message, issues: result.issues, bytes: raw.length });
    } else add(result.message);
  };

  const add = (message: ServerMessage): void => {
    if (!batching) {
      // One frame, one batch: straight out, in an array of its own size (an empty one grown by push holds 17).
      if (!messages.length && !rejected.length) deliver({ messages: [message], rejected: NO_REJECTIONS, coalesced: 0 });
      else messages.push(message);
    } else if (message.type === 'price_update') {
      const at = priceIndex.get(message.stream);
      if (at === undefined) {
        priceIndex.set(message.stream, messages.length);
        messages.push(message);
      } else {
        messages[at] = message;
        coalesced += 1;
      }
    } else {
      if (priceIndex.size) priceIndex.clear();
      messages.push(message);
    }
  };

  const deliverOrSchedule = (): void => {
    // Nothing new (the frame went on hold): a scheduled flush of nothing would use up a Worker's send credit.
    if (!messages.length && !rejected.length) return;
    if (!options.schedule) flush();
    else if (!scheduled) {
      scheduled = true;
      options.schedule(() => {
        if (!disposed) flush();
      });
    }
  };

  /** The schemas arrived (or failed to): go through the held frames in order. */
  const resume = (failure?: { err: unknown }): void => {
    if (disposed || !waiting) return;
    const held = waiting;
    waiting = null;
    if (failure) {
      // Without the schemas the first held frame cannot be judged; say so, and carry on with the rest.
      const raw = held.shift() as string;
      let label = '?';
      try {
        label = frameTypeLabel(JSON.parse(raw));
      } catch {
        // parseInboundFrame parsed it already
      }
      reject({ code: 'bad_frame', message: `could not load the protocol schemas to check a "${label}" frame: ${String(failure.err)}`, bytes: raw.length });
    }
    for (const raw of held) {
      if (disposed) return; // a listener of a frame delivered just now disposed the client
      if (waiting) (waiting as unknown[]).push(raw);
      else accept(raw);
    }
    deliverOrSchedule();
  };

  return {
    post(raw) {
      if (disposed) return;
      if (waiting) {
        waiting.push(raw);
        return;
      }
      accept(raw);
      deliverOrSchedule();
    },
    flush,
    dispose() {
      disposed = true;
      waiting = null;
      messages = [];
      rejected = NO_REJECTIONS;
      coalesced = 0;
      priceIndex.clear();
    },
  };
};
