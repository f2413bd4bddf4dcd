import { createInThreadPipeline, type FrameBatch, type FramePipelineFactory } from '../socket/frame-pipeline.js';

/** A batch the socket Worker already parsed, validated and coalesced, as a socket `message` event's `data`. */
export class ParsedBatch {
  constructor(
    readonly batch: FrameBatch,
    /** Frames that arrived on the wire for this batch (before coalescing). */
    readonly frames: number,
    readonly bytes: number,
  ) {}
}

/**
 * The client's pipeline when its socket may live in the Worker: a {@link ParsedBatch} is handed
 * on as it is; raw frames (a main-thread socket) go through the usual in-thread pipeline.
 * `onFrames` sees how many wire frames each post stands for, to measure the rate.
 */
export function batchAwarePipeline(onFrames: (frames: number) => void): FramePipelineFactory {
  return (options, deliver) => {
    const inThread = createInThreadPipeline(options, deliver);
    return {
      post(raw) {
        if (raw instanceof ParsedBatch) {
          onFrames(raw.frames);
          inThread.flush(); // whatever the main thread still holds came first
          deliver(raw.batch);
          return;
        }
        onFrames(1);
        inThread.post(raw);
      },
      flush: () => inThread.flush(),
      dispose: () => inThread.dispose(),
    };
  };
}
