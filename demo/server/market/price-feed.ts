import { streamKey } from '../../../src/core/protocol/index.js';
import type { Stream, StreamRegistry } from '../streams/stream-registry.js';
import type { MarketSimulator } from './simulator.js';

export interface PriceFeedOptions {
  /** price_update messages per second, all assets together. */
  rate: number;
  now?: () => number;
  /** Called after every batch of messages, with how many simulator steps it took. */
  onBatch?: (steps: number) => void;
  /** Wraps each timed batch, e.g. to cork every socket so a batch leaves in few writes. */
  around?: (run: () => void) => void;
}

/**
 * Turns the simulator into `rate` price_update messages a second.
 *
 * Messages go round-robin over the assets, one asset per message; each time the round starts
 * again the simulator takes one step of `assets / rate` seconds (times the time scale). So at
 * the default 20/s with 23 assets every asset updates about every 1.15 s, and at 50,000/s the
 * market steps about 2,170 times a second in small steps. The step size is fixed, not measured,
 * so the series depends only on the seed and the number of messages.
 */
export class PriceFeed {
  readonly streams: Stream[];
  readonly stepMs: number;
  #cursor = 0;
  #timer: NodeJS.Timeout | undefined;
  #carry = 0;
  #last = 0;
  readonly #now: () => number;

  constructor(
    private readonly simulator: MarketSimulator,
    private readonly registry: StreamRegistry,
    private readonly options: PriceFeedOptions,
  ) {
    this.#now = options.now ?? Date.now;
    this.streams = simulator.assets.map((a) =>
      registry.ensure(streamKey('price_updates', a.id), { channel: 'price_updates', type: 'price_update', replaySize: 0 }),
    );
    this.stepMs = (simulator.assets.length / options.rate) * 1000;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Publishes every asset's current price once, so each stream has a latest value to hand out. */
  prime(): void {
    const ts = this.#now();
    this.streams.forEach((s, i) => this.registry.publish(s, this.simulator.quoteAt(i, ts), ts));
  }

  /** Publishes the next `count` messages, stepping the market at the start of each round. */
  publish(count: number): number {
    const ts = this.#now();
    const n = this.streams.length;
    let steps = 0;
    for (let k = 0; k < count; k += 1) {
      if (this.#cursor === 0) {
        this.simulator.step(this.stepMs);
        steps += 1;
      }
      const i = this.#cursor;
      this.registry.publish(this.streams[i] as Stream, this.simulator.quoteAt(i, ts), ts);
      this.#cursor = (i + 1) % n;
    }
    this.options.onBatch?.(steps);
    return steps;
  }

  /** One full round: one simulator step and one message per asset. */
  round(): void {
    if (this.#cursor !== 0) this.publish(this.streams.length - this.#cursor);
    this.publish(this.streams.length);
  }

  start(): void {
    if (this.#timer) return;
    const tickMs = Math.min(100, Math.max(10, 1000 / this.options.rate));
    this.#last = this.#now();
    this.#timer = setInterval(() => {
      const now = this.#now();
      const elapsed = Math.max(0, now - this.#last);
      this.#last = now;
      // After a stall (GC, a busy machine) catch up at most one second's worth, not a flood.
      this.#carry = Math.min(this.#carry + (elapsed / 1000) * this.options.rate, this.options.rate);
      const due = Math.floor(this.#carry);
      this.#carry -= due;
      if (due === 0) return;
      if (this.options.around) this.options.around(() => this.publish(due));
      else this.publish(due);
    }, tickMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
