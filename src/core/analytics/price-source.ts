import type { Price } from '../protocol/index.js';

/** The parts of a protocol `Price` the analytics read. */
export type PriceLike = Pick<Price, 'assetId' | 'price'> & Partial<Pick<Price, 'changePercent24h' | 'marketCap' | 'open24h'>>;

/**
 * Current prices: a list of `Price`-shaped objects, or a map / record from asset id to a
 * `Price`-shaped object or a plain number.
 */
export type PriceSource =
  | readonly PriceLike[]
  | ReadonlyMap<string, PriceLike | number>
  | Readonly<Record<string, PriceLike | number>>;

/** A uniform view: asset id to the price entry (a number becomes `{ assetId, price }`). */
export function toPriceMap(source: PriceSource): Map<string, PriceLike> {
  const out = new Map<string, PriceLike>();
  const put = (id: string, v: PriceLike | number): void => {
    out.set(id, typeof v === 'number' ? { assetId: id, price: v } : v);
  };
  if (Array.isArray(source)) for (const p of source as readonly PriceLike[]) out.set(p.assetId, p);
  else if (source instanceof Map) for (const [id, v] of source as ReadonlyMap<string, PriceLike | number>) put(id, v);
  else for (const [id, v] of Object.entries(source as Readonly<Record<string, PriceLike | number>>)) put(id, v);
  return out;
}

/**
 * The price 24 h ago implied by a `Price`: `open24h` when given, otherwise derived from
 * `changePercent24h`; undefined when neither is known.
 */
export function price24hAgo(p: PriceLike): number | undefined {
  if (p.open24h !== undefined && p.open24h > 0) return p.open24h;
  if (p.changePercent24h !== undefined && p.changePercent24h > -100) return p.price / (1 + p.changePercent24h / 100);
  return undefined;
}
