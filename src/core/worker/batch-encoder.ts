import type { ServerMessage } from '../protocol/index.js';
import type { FrameBatch } from '../socket/frame-pipeline.js';
import { PRICE_NUMBERS, PRICE_SLOTS, type WireBatch } from './flat-batch.js';

// The Worker side of the flat batches, in a module of its own so that a page's bundle (which only
// decodes) does not carry it.

/** How many strings a socket's table holds before it starts over (a feed of ever new streams or epochs stays bounded). */
export const MAX_TABLE_STRINGS = 10_000;

/** The Worker side: turns each batch into a {@link WireBatch}. One per socket. */
export class BatchEncoder {
  readonly #numbers = new Map<string, number>();
  #fresh: string[] = [];

  constructor(private readonly maxStrings = MAX_TABLE_STRINGS) {}

  encode(batch: FrameBatch): WireBatch {
    const resetStrings = this.#numbers.size >= this.maxStrings;
    if (resetStrings) this.#numbers.clear();
    let ticks = 0;
    for (const message of batch.messages) if (message.type === 'price_update') ticks++;
    const prices = new Float64Array(ticks * PRICE_SLOTS);
    const sequence: (ServerMessage | number)[] = [];
    let run = 0;
    let at = 0;
    for (const message of batch.messages) {
      if (message.type !== 'price_update') {
        if (run) sequence.push(run);
        run = 0;
        sequence.push(message);
        continue;
      }
      prices[at] = this.#number(message.stream);
      prices[at + 1] = this.#number(message.epoch);
      prices[at + 2] = this.#number(message.data.assetId);
      prices[at + 3] = message.seq;
      prices[at + 4] = message.ts;
      for (let k = 0; k < PRICE_NUMBERS.length; k++) prices[at + 5 + k] = message.data[PRICE_NUMBERS[k]!];
      at += PRICE_SLOTS;
      run++;
    }
    if (run) sequence.push(run);
    const strings = this.#fresh;
    this.#fresh = [];
    return { sequence, prices, strings, resetStrings, rejected: batch.rejected, coalesced: batch.coalesced };
  }

  #number(text: string): number {
    let number = this.#numbers.get(text);
    if (number === undefined) {
      number = this.#numbers.size;
      this.#numbers.set(text, number);
      this.#fresh.push(text);
    }
    return number;
  }
}
