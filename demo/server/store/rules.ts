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

  list(): AlertRule[] {
    return (this.db.prepare('SELECT * FROM alert_rules ORDER BY created_at, id').all() as RuleRow[]).map(toRule);
  }

  create(rule: AlertRule): AlertRule {
    this.db
      .prepare('INSERT INTO alert_rules (id, asset_id, condition, price, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(rule.id, rule.assetId, rule.condition, rule.price, rule.enabled ? 1 : 0, rule.createdAt);
    return rule;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
  }
}

function toRule(r: RuleRow): AlertRule {
  return { id: r.id, assetId: r.asset_id, condition: r.condition, price: r.price, enabled: r.enabled === 1, createdAt: r.created_at };
}
