import { DEMO_USER } from '../auth/principal.js';
import type { Portfolio } from '../../../src/core/protocol/index.js';
import { getMeta, setMeta, type Db } from './db.js';
import { PortfolioStore } from './portfolios.js';
import { WatchlistStore } from './watchlist.js';

const SEEDED_KEY = 'seeded';

/** Holdings are sized in USD at roughly today's simulated prices, with a cost basis a little off. */
export const DEMO_PORTFOLIOS: readonly Omit<Portfolio, 'createdAt' | 'updatedAt'>[] = [
  {
    id: 'demo-balanced',
    name: 'Balanced',
    holdings: [
      { assetId: 'BTC', quantity: 0.5, costBasis: 41_000 },
      { assetId: 'ETH', quantity: 6, costBasis: 18_500 },
      { assetId: 'SOL', quantity: 40, costBasis: 6_400 },
      { assetId: 'LINK', quantity: 250, costBasis: 4_100 },
      { assetId: 'USDC', quantity: 15_000, costBasis: 15_000 },
    ],
  },
  {
    id: 'demo-aggressive',
    name: 'Aggressive',
    holdings: [
      { assetId: 'SOL', quantity: 150, costBasis: 24_000 },
      { assetId: 'DOGE', quantity: 80_000, costBasis: 16_000 },
      { assetId: 'AVAX', quantity: 400, costBasis: 12_500 },
      { assetId: 'ARB', quantity: 20_000, costBasis: 14_000 },
      { assetId: 'NEAR', quantity: 2_000, costBasis: 9_800 },
    ],
  },
  {
    id: 'demo-bitcoin',
    name: 'Bitcoin only',
    holdings: [{ assetId: 'BTC', quantity: 1.2, costBasis: 72_000 }],
  },
];

export const DEMO_WATCHLIST = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'LINK'];

/** Writes the demo user's portfolios and watchlist the first time a database is opened, never again. */
export function seedDemoData(db: Db, now: number): void {
  if (getMeta(db, SEEDED_KEY)) return;
  db.transaction(() => {
    const portfolios = new PortfolioStore(db);
    for (const p of DEMO_PORTFOLIOS) portfolios.create({ ...p, holdings: p.holdings.map((h) => ({ ...h })), createdAt: now, updatedAt: now }, DEMO_USER);
    const watchlist = new WatchlistStore(db);
    DEMO_WATCHLIST.forEach((id, i) => watchlist.add(DEMO_USER, id, now + i));
    setMeta(db, SEEDED_KEY, String(now));
  })();
}
