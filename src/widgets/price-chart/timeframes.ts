import type { PriceHistoryResolution } from '../../core/protocol/index.js';

export type ChartTimeframe = '1h' | '24h' | '7d' | '30d';
export const TIMEFRAMES: readonly ChartTimeframe[] = ['1h', '24h', '7d', '30d'];

/** How far back each timeframe looks, and which history resolution serves it. */
export const TIMEFRAME_SPEC: Record<ChartTimeframe, { spanMs: number; resolution: PriceHistoryResolution; label: string }> = {
  '1h': { spanMs: 3_600_000, resolution: '1m', label: '1 hour' },
  '24h': { spanMs: 86_400_000, resolution: '1m', label: '24 hours' },
  '7d': { spanMs: 7 * 86_400_000, resolution: '1h', label: '7 days' },
  '30d': { spanMs: 30 * 86_400_000, resolution: '1h', label: '30 days' },
};

/** A growable pair of columns (seconds, price) that uPlot reads directly. */
export class SeriesBuffer {
  times: number[] = [];
  prices: number[] = [];

  /** Replaces the series with history points within the span. */
  reset(points: ReadonlyArray<{ ts: number; price: number }>, spanMs: number, now: number): void {
    const from = now - spanMs;
    const kept = points.filter((p) => p.ts >= from);
    this.times = kept.map((p) => p.ts / 1000);
    this.prices = kept.map((p) => p.price);
  }

  /** Appends a tick if it is newer than the last point; drops points older than the span. */
  append(ts: number, price: number, spanMs: number): boolean {
    const seconds = ts / 1000;
    const last = this.times[this.times.length - 1];
    if (last !== undefined && seconds <= last) {
      if (seconds === last) this.prices[this.prices.length - 1] = price;
      return seconds === last;
    }
    this.times.push(seconds);
    this.prices.push(price);
    const from = seconds - spanMs / 1000;
    let drop = 0;
    while (drop < this.times.length - 2 && this.times[drop]! < from) drop++;
    if (drop) {
      this.times.splice(0, drop);
      this.prices.splice(0, drop);
    }
    return true;
  }
}
