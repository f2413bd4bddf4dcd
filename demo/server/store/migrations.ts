/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Never edit a shipped migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE portfolios (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE holdings (
    portfolio_id TEXT NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    asset_id TEXT NOT NULL,
    quantity REAL NOT NULL,
    cost_basis REAL NOT NULL,
    PRIMARY KEY (portfolio_id, position)
  );
  CREATE TABLE watchlist (
    asset_id TEXT PRIMARY KEY,
    added_at INTEGER NOT NULL
  );
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    epoch TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    asset_id TEXT,
    portfolio_id TEXT,
    rule_id TEXT,
    created_at INTEGER NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0,
    UNIQUE (epoch, seq)
  );
  CREATE TABLE alert_rules (
    id TEXT PRIMARY KEY,
    asset_id TEXT NOT NULL,
    condition TEXT NOT NULL CHECK (condition IN ('above', 'below')),
    price REAL NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
  );
  CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
  `,
  // Per-user data: everything a user writes carries its owner. Rows from before belong to the demo
  // user, who owned the seeded data. Alerts are numbered per owner ('' is the public stream); a
  // market alert keeps one id in every owner's copy.
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
  );
  INSERT INTO users (id, created_at) SELECT 'demo', COALESCE(MIN(created_at), 0) FROM portfolios;
  ALTER TABLE portfolios ADD COLUMN owner TEXT NOT NULL DEFAULT 'demo';
  CREATE INDEX portfolios_owner ON portfolios(owner, created_at);
  ALTER TABLE alert_rules ADD COLUMN owner TEXT NOT NULL DEFAULT 'demo';
  CREATE TABLE alerts_by_owner (
    owner TEXT NOT NULL,
    id TEXT NOT NULL,
    epoch TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    asset_id TEXT,
    portfolio_id TEXT,
    rule_id TEXT,
    created_at INTEGER NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (owner, id),
    UNIQUE (epoch, seq)
  );
  INSERT INTO alerts_by_owner (owner, id, epoch, seq, kind, severity, title, message, asset_id, portfolio_id, rule_id, created_at, acknowledged)
    SELECT '', id, epoch, seq, kind, severity, title, message, asset_id, portfolio_id, rule_id, created_at, acknowledged FROM alerts;
  DROP TABLE alerts;
  ALTER TABLE alerts_by_owner RENAME TO alerts;
  CREATE TABLE watchlist_by_owner (
    owner TEXT NOT NULL,
    asset_id TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (owner, asset_id)
  );
  INSERT INTO watchlist_by_owner (owner, asset_id, added_at) SELECT 'demo', asset_id, added_at FROM watchlist;
  DROP TABLE watchlist;
  ALTER TABLE watchlist_by_owner RENAME TO watchlist;
  `,
];
