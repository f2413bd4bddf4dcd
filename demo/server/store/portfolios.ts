import type { Holding, Portfolio } from '../../../src/core/protocol/index.js';
import type { Db } from './db.js';

interface PortfolioRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

interface HoldingRow {
  portfolio_id: string;
  asset_id: string;
  quantity: number;
  cost_basis: number;
}

export class PortfolioStore {
  constructor(private readonly db: Db) {}

  /** One owner's portfolios, or every portfolio when `owner` is undefined (the server's own view). */
  list(owner?: string): Portfolio[] {
    const rows = (
      owner === undefined
        ? this.db.prepare('SELECT * FROM portfolios ORDER BY created_at, id').all()
        : this.db.prepare('SELECT * FROM portfolios WHERE owner = ? ORDER BY created_at, id').all(owner)
    ) as PortfolioRow[];
    const holdings = (
      owner === undefined
        ? this.db.prepare('SELECT * FROM holdings ORDER BY portfolio_id, position').all()
        : this.db
            .prepare('SELECT h.* FROM holdings h JOIN portfolios p ON p.id = h.portfolio_id WHERE p.owner = ? ORDER BY h.portfolio_id, h.position')
            .all(owner)
    ) as HoldingRow[];
    const byPortfolio = new Map<string, Holding[]>();
    for (const h of holdings) {
      const list = byPortfolio.get(h.portfolio_id) ?? [];
      list.push(toHolding(h));
      byPortfolio.set(h.portfolio_id, list);
    }
    return rows.map((r) => toPortfolio(r, byPortfolio.get(r.id) ?? []));
  }

  /** Every portfolio with its owner, oldest first. */
  entries(): { owner: string; portfolio: Portfolio }[] {
    const owners = new Map(
      (this.db.prepare('SELECT id, owner FROM portfolios').all() as { id: string; owner: string }[]).map((r) => [r.id, r.owner]),
    );
    return this.list().map((portfolio) => ({ owner: owners.get(portfolio.id) as string, portfolio }));
  }

  get(id: string): Portfolio | undefined {
    const row = this.db.prepare('SELECT * FROM portfolios WHERE id = ?').get(id) as PortfolioRow | undefined;
    if (!row) return undefined;
    const holdings = this.db.prepare('SELECT * FROM holdings WHERE portfolio_id = ? ORDER BY position').all(id) as HoldingRow[];
    return toPortfolio(row, holdings.map(toHolding));
  }

  has(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM portfolios WHERE id = ?').get(id) !== undefined;
  }

  /** Who owns the portfolio; undefined when there is none with this id. */
  ownerOf(id: string): string | undefined {
    return (this.db.prepare('SELECT owner FROM portfolios WHERE id = ?').get(id) as { owner: string } | undefined)?.owner;
  }

  create(portfolio: Portfolio, owner: string): Portfolio {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO portfolios (id, name, created_at, updated_at, owner) VALUES (?, ?, ?, ?, ?)')
        .run(portfolio.id, portfolio.name, portfolio.createdAt, portfolio.updatedAt, owner);
      this.#writeHoldings(portfolio.id, portfolio.holdings);
    })();
    return portfolio;
  }

  /** Applies a patch; answers the updated portfolio, or undefined when there is none with this id. */
  update(id: string, patch: { name?: string; holdings?: Holding[] }, now: number): Portfolio | undefined {
    return this.db.transaction(() => {
      const info = this.db
        .prepare('UPDATE portfolios SET name = COALESCE(?, name), updated_at = ? WHERE id = ?')
        .run(patch.name ?? null, now, id);
      if (info.changes === 0) return undefined;
      if (patch.holdings) {
        this.db.prepare('DELETE FROM holdings WHERE portfolio_id = ?').run(id);
        this.#writeHoldings(id, patch.holdings);
      }
      return this.get(id);
    })();
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM portfolios WHERE id = ?').run(id).changes > 0;
  }

  /** How many portfolios there are in all, or of one owner. */
  count(owner?: string): number {
    const row = owner === undefined
      ? this.db.prepare('SELECT COUNT(*) AS n FROM portfolios').get()
      : this.db.prepare('SELECT COUNT(*) AS n FROM portfolios WHERE owner = ?').get(owner);
    return (row as { n: number }).n;
  }

  #writeHoldings(id: string, holdings: readonly Holding[]): void {
    const insert = this.db.prepare(
      'INSERT INTO holdings (portfolio_id, position, asset_id, quantity, cost_basis) VALUES (?, ?, ?, ?, ?)',
    );
    holdings.forEach((h, i) => insert.run(id, i, h.assetId, h.quantity, h.costBasis));
  }
}

function toHolding(h: HoldingRow): Holding {
  return { assetId: h.asset_id, quantity: h.quantity, costBasis: h.cost_basis };
}

function toPortfolio(r: PortfolioRow, holdings: Holding[]): Portfolio {
  return { id: r.id, name: r.name, holdings, createdAt: r.created_at, updatedAt: r.updated_at };
}
