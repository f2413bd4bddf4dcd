// The bench's fake feed: the protocol's real price_update frames, as strings, at a set rate. Used
// by the page (baselines and the library on the main thread) and by the bench's socket Worker.
export const EPOCH = 'bench';

export interface PriceData {
  assetId: string; price: number; open24h: number; high24h: number; low24h: number; volume24h: number;
  change24h: number; changePercent24h: number; marketCap: number; ts: number;
}

/** The feed: per-asset sequence numbers and prices; `frame()` writes the next price_update. */
export class Feed {
  readonly seq = new Map<string, number>();
  readonly last = new Map<string, PriceData>();
  sent = 0;
  #cursor = 0;
  #rng = 12345;
  constructor(readonly assets: string[]) {
    for (const id of assets) {
      this.seq.set(id, 0);
      this.last.set(id, this.#price(id, 100 + (this.#random() * 100)));
    }
  }
  #random() {
    this.#rng = (this.#rng * 1103515245 + 12345) & 0x7fffffff;
    return this.#rng / 0x7fffffff;
  }
  #price(assetId: string, price: number): PriceData {
    const open = 150;
    return {
      assetId, price, open24h: open, high24h: 250, low24h: 90, volume24h: 123456789.5, change24h: price - open,
      changePercent24h: ((price - open) / open) * 100, marketCap: price * 19_000_000, ts: Date.now(),
    };
  }
  next(): { assetId: string; text: string } {
    const assetId = this.assets[this.#cursor++ % this.assets.length]!;
    const seq = this.seq.get(assetId)! + 1;
    this.seq.set(assetId, seq);
    const prev = this.last.get(assetId)!;
    const price = Math.round(Math.max(1, prev.price * (1 + (this.#random() - 0.5) * 0.002)) * 100) / 100;
    const data = this.#price(assetId, price);
    this.last.set(assetId, data);
    this.sent++;
    return {
      assetId,
      text: JSON.stringify({ type: 'price_update', channel: 'price_updates', stream: `price_updates:${assetId}`, epoch: EPOCH, seq, ts: data.ts, data }),
    };
  }
}

/** Sends `rate` frames a second from a 4 ms timer, catching up at most 50 ms per tick, so an overloaded page sends less. */
export function pump(feed: Feed, rate: number, deliver: (text: string, assetId: string) => void): () => void {
  const start = performance.now();
  let due = 0;
  const timer = setInterval(() => {
    const target = Math.floor(((performance.now() - start) * rate) / 1000);
    const cap = Math.max(1, Math.ceil(rate * 0.05));
    let n = Math.min(target - due, cap);
    due = Math.max(due + n, target - cap);
    while (n-- > 0) {
      const { text, assetId } = feed.next();
      deliver(text, assetId);
    }
  }, 4);
  return () => clearInterval(timer);
}

