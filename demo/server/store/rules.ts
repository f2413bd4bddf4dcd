import type { AlertRule } from '../../../src/core/protocol/index.js';
import type { Db } from './db.js';

interface RuleRow {
  id: string;
  asset_id: string;
  condition: 'above' | 'below';
  price: number;
  enabled: number;
  created_at: number;
}

export class RuleStore {
  constructor(private readonly db: Db) {}

  /** One owner's rules, or every rule when `owner` is undefined (the rule engine's view). */
  list(owner?: string): AlertRule[] {
    const rows = owner === undefined
      ? this.db.prepare('SELECT * FROM alert_rules ORDER BY created_at, id').all()
      : this.db.prepare('SELECT * FROM alert_rules WHERE owner = ? ORDER BY created_at, id').all(owner);
    return (rows as RuleRow[]).map(toRule);
  }

  /** Every rule with its owner, oldest first. */
  entries(): { owner: string; rule: AlertRule }[] {
    const rows = this.db.prepare('SELECT * FROM alert_rules ORDER BY created_at, id').all() as (RuleRow & { owner: string })[];
    return rows.map((r) => ({ owner: r.owner, rule: toRule(r) }));
  }

  get(id: string): { owner: string; rule: AlertRule } | undefined {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as (RuleRow & { owner: string }) | undefined;
    return row ? { owner: row.owner, rule: toRule(row) } : undefined;
  }

  ownerOf(id: string): string | undefined {
    return (this.db.prepare('SELECT owner FROM alert_rules WHERE id = ?').get(id) as { owner: string } | undefined)?.owner;
  }

  create(rule: AlertRule, owner: string): AlertRule {
    this.db
      .prepare('INSERT INTO alert_rules (id, asset_id, condition, price, enabled, created_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(rule.id, rule.assetId, rule.condition, rule.price, rule.enabled ? 1 : 0, rule.createdAt, owner);
    return rule;
  }

  /** Deletes one of `owner`'s rules; false when `owner` has none with this id. */
  delete(owner: string, id: string): boolean {
    return this.db.prepare('DELETE FROM alert_rules WHERE id = ? AND owner = ?').run(id, owner).changes > 0;
  }
}

function toRule(r: RuleRow): AlertRule {
  return { id: r.id, assetId: r.asset_id, condition: r.condition, price: r.price, enabled: r.enabled === 1, createdAt: r.created_at };
}
