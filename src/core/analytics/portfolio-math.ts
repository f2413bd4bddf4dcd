/** An asset and how many units of it are held (a protocol `Holding` fits). */
export interface PositionLike {
  readonly assetId: string;
  readonly quantity: number;
}

/** Closing prices per asset, oldest first, sampled at one common interval. */
export type PriceHistories = ReadonlyMap<string, readonly number[]> | Readonly<Record<string, readonly number[]>>;

export function historyOf(histories: PriceHistories, assetId: string): readonly number[] | undefined {
  return histories instanceof Map
    ? (histories as ReadonlyMap<string, readonly number[]>).get(assetId)
    : (histories as Readonly<Record<string, readonly number[]>>)[assetId];
}

/** Period-over-period simple returns `p[t] / p[t-1] - 1` (empyrical `simple_returns`). */
export function simpleReturns(prices: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i += 1) out.push((prices[i] as number) / (prices[i - 1] as number) - 1);
  return out;
}

/**
 * The value of today's holdings at each past close: `V[t] = sum_i q_i * P_i[t]`. Histories of
 * different lengths are aligned on their most recent end and cut to the shortest; an asset with no
 * history makes the series empty (its past value is unknown).
 */
export function portfolioValues(holdings: readonly PositionLike[], histories: PriceHistories): number[] {
  if (holdings.length === 0) return [];
  const series = holdings.map((h) => historyOf(histories, h.assetId) ?? []);
  const length = Math.min(...series.map((s) => s.length));
  const out = new Array<number>(length).fill(0);
  holdings.forEach((h, k) => {
    const s = series[k] as readonly number[];
    const offset = s.length - length;
    for (let t = 0; t < length; t += 1) out[t] = (out[t] as number) + h.quantity * (s[offset + t] as number);
  });
  return out;
}

/** Simple returns of {@link portfolioValues}: a buy-and-hold of today's quantities. */
export function portfolioReturns(holdings: readonly PositionLike[], histories: PriceHistories): number[] {
  return simpleReturns(portfolioValues(holdings, histories));
}

/**
 * Sample covariance matrix (`ddof` 1 by default) of equally long series. A period where any series
 * is NaN is dropped for all of them, so the matrix stays positive semi-definite.
 */
export function covarianceMatrix(series: readonly (readonly number[])[], ddof = 1): number[][] {
  const k = series.length;
  const length = k === 0 ? 0 : Math.min(...series.map((s) => s.length));
  const rows: number[] = [];
  for (let t = 0; t < length; t += 1) if (series.every((s) => !Number.isNaN(s[t] as number))) rows.push(t);
  const n = rows.length;
  const means = series.map((s) => rows.reduce((acc, t) => acc + (s[t] as number), 0) / n);
  const out: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
  if (n - ddof <= 0) return out;
  for (let i = 0; i < k; i += 1) {
    for (let j = i; j < k; j += 1) {
      let acc = 0;
      for (const t of rows) acc += ((series[i] as readonly number[])[t]! - means[i]!) * ((series[j] as readonly number[])[t]! - means[j]!);
      const c = acc / (n - ddof);
      (out[i] as number[])[j] = c;
      (out[j] as number[])[i] = c;
    }
  }
  return out;
}

/** Pearson correlation from a covariance matrix; NaN off the diagonal for a flat series, 1 on it. */
export function correlationFromCovariance(covariance: readonly (readonly number[])[]): number[][] {
  return covariance.map((row, i) =>
    row.map((c, j) => {
      if (i === j) return 1;
      const d = Math.sqrt((covariance[i]![i] as number) * (covariance[j]![j] as number));
      return d > 0 ? Math.max(-1, Math.min(1, c / d)) : Number.NaN;
    }),
  );
}

/** Correlation matrix of equally long return series (periods with a NaN anywhere are dropped). */
export function correlationMatrix(series: readonly (readonly number[])[]): number[][] {
  return correlationFromCovariance(covarianceMatrix(series));
}

/** Weights scaled to sum to 1; all NaN when they sum to 0. */
export function normalizeWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total === 0 ? Number.NaN : w / total));
}

/** Herfindahl–Hirschman index `sum w_i^2` of the normalised weights: 1/n (even) to 1 (one asset). */
export function herfindahlIndex(weights: readonly number[]): number {
  if (weights.length === 0) return Number.NaN;
  return normalizeWeights(weights).reduce((acc, w) => acc + w * w, 0);
}

/**
 * Weighted mean pairwise correlation `sum_{i != j} w_i w_j rho_ij / sum_{i != j} w_i w_j`, a
 * measure of how little the holdings diversify one another. Pairs with an undefined correlation
 * are left out. With one weighted holding there is nothing to diversify: 1; with none, NaN.
 */
export function averageCorrelation(weights: readonly number[], correlation: readonly (readonly number[])[]): number {
  if (weights.length === 0) return Number.NaN;
  let num = 0;
  let den = 0;
  for (let i = 0; i < weights.length; i += 1) {
    for (let j = i + 1; j < weights.length; j += 1) {
      const rho = (correlation[i] as readonly number[])[j] as number;
      const ww = (weights[i] as number) * (weights[j] as number);
      if (Number.isNaN(rho) || ww === 0) continue;
      num += ww * rho;
      den += ww;
    }
  }
  return den === 0 ? 1 : num / den;
}

/** Each asset's share of portfolio volatility. */
export interface ComponentRisk {
  /** Portfolio volatility `sqrt(w' S w)`, in the units of the covariance (per period). */
  readonly volatility: number;
  /** `w_i (S w)_i / volatility`, summing to `volatility` (all 0 when it is 0). */
  readonly contributions: number[];
  /** `contributions / volatility`, summing to 1 (all 0 when the volatility is 0). */
  readonly shares: number[];
}

/** Euler decomposition of portfolio volatility into per-asset component risk. */
export function componentRisk(weights: readonly number[], covariance: readonly (readonly number[])[]): ComponentRisk {
  const marginal = weights.map((_, i) =>
    weights.reduce((acc, w, j) => acc + ((covariance[i] as readonly number[])[j] as number) * w, 0),
  );
  const variance = weights.reduce((acc, w, i) => acc + w * (marginal[i] as number), 0);
  const volatility = Math.sqrt(Math.max(variance, 0));
  if (!(volatility > 0)) return { volatility, contributions: weights.map(() => 0), shares: weights.map(() => 0) };
  const contributions = weights.map((w, i) => (w * (marginal[i] as number)) / volatility);
  return { volatility, contributions, shares: contributions.map((c) => c / volatility) };
}
