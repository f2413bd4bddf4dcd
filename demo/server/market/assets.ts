import type { Asset } from '../../../src/core/protocol/index.js';

/** One simulated asset: what goes on the wire plus the parameters that drive its price. */
export interface AssetSpec extends Asset {
  /** Price at start-up, USD. */
  readonly startPrice: number;
  /** Annualised volatility of log returns, e.g. 0.55 for 55 %. */
  readonly volatility: number;
  /** Loading on the common market factor; correlation(i, j) = βi·βj. */
  readonly beta: number;
  /** Typical 24 h quote volume, USD. */
  readonly volume24h: number;
}

const spec = (
  id: string,
  name: string,
  category: Asset['category'],
  startPrice: number,
  circulatingSupply: number,
  volume24h: number,
  volatility: number,
  beta: number,
): AssetSpec => ({ id, name, category, startPrice, circulatingSupply, volume24h, volatility, beta });

/**
 * The simulated universe. BTC's loading of 0.95 with the others' 0.65–0.9 gives correlations with
 * BTC of about 0.6–0.85; stablecoins load 0 and only wobble around their peg.
 */
export const ASSETS: readonly AssetSpec[] = [
  spec('BTC', 'Bitcoin', 'currency', 95_000, 19_800_000, 35e9, 0.55, 0.95),
  spec('ETH', 'Ethereum', 'platform', 3_400, 120_400_000, 18e9, 0.7, 0.9),
  spec('SOL', 'Solana', 'platform', 180, 480_000_000, 4e9, 0.95, 0.82),
  spec('BNB', 'BNB', 'exchange', 650, 145_000_000, 1.8e9, 0.8, 0.75),
  spec('XRP', 'XRP', 'currency', 2.3, 57_000_000_000, 3e9, 1.0, 0.7),
  spec('ADA', 'Cardano', 'platform', 0.75, 35_500_000_000, 0.8e9, 1.0, 0.8),
  spec('DOGE', 'Dogecoin', 'meme', 0.25, 147_000_000_000, 2e9, 1.2, 0.72),
  spec('AVAX', 'Avalanche', 'platform', 28, 410_000_000, 0.5e9, 1.05, 0.82),
  spec('DOT', 'Polkadot', 'infrastructure', 5.5, 1_520_000_000, 0.3e9, 1.0, 0.8),
  spec('LINK', 'Chainlink', 'infrastructure', 18, 630_000_000, 0.6e9, 0.95, 0.8),
  spec('POL', 'Polygon', 'infrastructure', 0.35, 10_400_000_000, 0.2e9, 1.05, 0.78),
  spec('LTC', 'Litecoin', 'currency', 95, 75_500_000, 0.5e9, 0.85, 0.78),
  spec('TRX', 'TRON', 'platform', 0.25, 86_000_000_000, 0.6e9, 0.8, 0.65),
  spec('ATOM', 'Cosmos', 'infrastructure', 6.5, 390_000_000, 0.15e9, 1.0, 0.78),
  spec('UNI', 'Uniswap', 'defi', 9, 600_000_000, 0.3e9, 1.05, 0.78),
  spec('XLM', 'Stellar', 'currency', 0.35, 30_500_000_000, 0.25e9, 0.95, 0.7),
  spec('NEAR', 'NEAR Protocol', 'platform', 4.5, 1_200_000_000, 0.35e9, 1.1, 0.8),
  spec('APT', 'Aptos', 'platform', 8, 560_000_000, 0.25e9, 1.1, 0.76),
  spec('ARB', 'Arbitrum', 'infrastructure', 0.6, 4_200_000_000, 0.3e9, 1.15, 0.8),
  spec('OP', 'Optimism', 'infrastructure', 1.5, 1_500_000_000, 0.25e9, 1.15, 0.8),
  spec('USDT', 'Tether', 'stablecoin', 1, 140_000_000_000, 60e9, 0.005, 0),
  spec('USDC', 'USD Coin', 'stablecoin', 1, 60_000_000_000, 8e9, 0.005, 0),
  spec('DAI', 'Dai', 'stablecoin', 1, 5_300_000_000, 0.2e9, 0.005, 0),
];

/** The wire shape of an asset. */
export function toAsset(a: AssetSpec): Asset {
  return { id: a.id, name: a.name, category: a.category, circulatingSupply: a.circulatingSupply };
}
