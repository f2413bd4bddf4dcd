import { RollingValueRisk } from '../../../src/core/analytics/index.js';
import { RiskHistoryStore } from './risk-history.js';

/** One holding as the engine sees it: an asset and a quantity (same-asset holdings merged). */
export interface TrackedHolding {
  readonly assetId: string;
  readonly quantity: number;
}

/** Per-portfolio state: the rolling risk of its value series and its risk history. */
export class PortfolioTrack {
  risk: RollingValueRisk;
  readonly history = new RiskHistoryStore();
  /** The rolling series must be rebuilt from the stored closes before use. */
  stale = true;
  /** The history must be replayed from the stored closes before use. */
  historyStale = true;
  /** Value at each recent reading, so alerts can express value at risk as a fraction. */
  readonly #valueAt = new Map<number, number>();
  lastValue = 0;

  constructor(
    readonly id: string,
    readonly holdings: readonly TrackedHolding[],
    readonly windowSize: number,
  ) {
    this.risk = new RollingValueRisk(windowSize);
  }

  /** The value of the holdings at the given prices; unpriced assets count 0. */
  valueAt(price: (assetId: string) => number | undefined): { value: number; values: number[] } {
    const values = this.holdings.map((h) => h.quantity * (price(h.assetId) ?? 0));
    return { value: values.reduce((a, b) => a + b, 0), values };
  }

  /** Starts the rolling window again, empty. */
  resetRisk(): void {
    this.risk = new RollingValueRisk(this.windowSize);
  }

  rememberValue(ts: number, value: number): void {
    this.lastValue = value;
    this.#valueAt.set(ts, value);
    if (this.#valueAt.size > 16) this.#valueAt.delete(this.#valueAt.keys().next().value as number);
  }

  valueRecordedAt(ts: number): number {
    return this.#valueAt.get(ts) ?? this.lastValue;
  }
}

/** Same-asset holdings merged, zero quantities dropped; a stable key to spot real changes. */
export function normalizeHoldings(holdings: readonly TrackedHolding[]): { holdings: TrackedHolding[]; key: string } {
  const merged = new Map<string, number>();
  for (const h of holdings) if (h.quantity > 0) merged.set(h.assetId, (merged.get(h.assetId) ?? 0) + h.quantity);
  const list = [...merged].map(([assetId, quantity]) => ({ assetId, quantity }));
  return { holdings: list, key: JSON.stringify(list) };
}
