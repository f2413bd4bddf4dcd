import type { Position } from '../protocol/index.js';

/**
 * How one data message relates to what the client already has from its stream.
 * - `first`: nothing known yet; accepted as the start.
 * - `next`: the expected message; accepted.
 * - `duplicate`: already seen (`seq <= last` in the same epoch); drop it.
 * - `gap`: messages are missing (`seq > last + 1`).
 * - `epoch_changed`: the server lost the stream's history; continuity is broken.
 */
export type StreamVerdict = 'first' | 'next' | 'duplicate' | 'gap' | 'epoch_changed';

interface Stored extends Position {
  /** A baseline from `subscribed.positions`: a message *at* it is still welcome (it may be the snapshot). */
  inclusive: boolean;
}

/**
 * The last `(epoch, seq)` the client holds for each stream, stored as one value so the two can
 * never disagree. Judging a message never changes state; {@link StreamPositions.advance} does.
 */
export class StreamPositions {
  readonly #streams = new Map<string, Stored>();

  get(stream: string): Position | undefined {
    const stored = this.#streams.get(stream);
    return stored && { epoch: stored.epoch, seq: stored.seq };
  }

  judge(stream: string, epoch: string, seq: number): StreamVerdict {
    const stored = this.#streams.get(stream);
    if (!stored) return 'first';
    if (stored.epoch !== epoch) return 'epoch_changed';
    if (seq < stored.seq || (seq === stored.seq && !stored.inclusive)) return 'duplicate';
    if (seq <= stored.seq + 1) return 'next';
    return 'gap';
  }

  /** Records that the message at `(epoch, seq)` was delivered. */
  advance(stream: string, epoch: string, seq: number): void {
    const stored = this.#streams.get(stream);
    // In place: this runs per frame, and `get` hands out copies, so nobody sees a half-written pair.
    if (stored) {
      stored.epoch = epoch;
      stored.seq = seq;
      stored.inclusive = false;
    } else this.#streams.set(stream, { epoch, seq, inclusive: false });
  }

  /** Starts the stream from the server's position; the message at that position is still accepted. */
  setBaseline(stream: string, position: Position): void {
    this.#streams.set(stream, { epoch: position.epoch, seq: position.seq, inclusive: true });
  }

  delete(stream: string): void {
    this.#streams.delete(stream);
  }

  streams(): string[] {
    return [...this.#streams.keys()];
  }

  clear(): void {
    this.#streams.clear();
  }
}
