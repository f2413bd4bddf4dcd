import { isolate, type AlertRule } from '../../../src/core/protocol/index.js';
import type { AlertInput } from './alert-service.js';

export interface AlertRuleOptions {
  /** A move of more than this many percent within `priceMoveWindowMs` raises `price_move`. Default 2. */
  priceMovePercent: number;
  /** Window of the price-move check, in market time. Default 1 h. */
  priceMoveWindowMs: number;
  /** A portfolio more than this many percent below its running peak raises `portfolio_drawdown`. Default 5. */
  drawdownPercent: number;
  /** Quiet time per asset (price moves) and per portfolio (drawdowns), in market time. Default 15 min. */
  cooldownMs: number;
}

export const DEFAULT_ALERT_RULE_OPTIONS: AlertRuleOptions = {
  priceMovePercent: 2,
  priceMoveWindowMs: 3_600_000,
  drawdownPercent: 5,
  cooldownMs: 15 * 60_000,
};

/** The market as the rules see it. Times are market time, so the rules follow `--time-scale`. */
export interface RuleMarket {
  readonly assetIds: readonly string[];
  priceOf(assetId: string): number | undefined;
  /** Price at or before a market time, when history reaches that far back. */
  priceAt(assetId: string, ts: number): number | undefined;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(2) : n >= 1 ? n.toFixed(3) : n.toPrecision(4));

/**
 * Decides when to raise alerts: big price moves, user price thresholds and portfolio drawdowns.
 * It holds only in-memory state (cooldowns, armed rules, peaks), rebuilt on start.
 */
export class AlertRuleEngine {
  readonly #rules = new Map<string, { rule: AlertRule; armed: boolean; owner: string | undefined }>();
  readonly #lastMoveAlert = new Map<string, number>();
  readonly #peaks = new Map<string, { peak: number; lastAlert: number }>();

  constructor(
    private readonly market: RuleMarket,
    private readonly raise: (alert: AlertInput) => void,
    readonly options: AlertRuleOptions = DEFAULT_ALERT_RULE_OPTIONS,
  ) {}

  /** A rule fires on crossing, so one whose condition already holds waits until it stops holding. */
  addRule(rule: AlertRule, owner?: string): void {
    const price = this.market.priceOf(rule.assetId);
    this.#rules.set(rule.id, { rule, armed: price === undefined || !holds(rule, price), owner });
  }

  ruleIds(): string[] {
    return [...this.#rules.keys()];
  }

  /** Who owns a rule (so its alerts go to that user only); undefined for an unknown rule. */
  ownerOf(id: string): string | undefined {
    return this.#rules.get(id)?.owner;
  }

  removeRule(id: string): void {
    this.#rules.delete(id);
  }

  /**
   * Starts every asset's price-move cooldown at `now`, so a (re)start does not raise a burst of
   * alerts for moves that happened in the backfilled history.
   */
  quietPriceMoves(now: number): void {
    for (const id of this.market.assetIds) this.#lastMoveAlert.set(id, now);
  }

  /** Checks price moves and threshold rules at market time `now`. */
  evaluatePrices(now: number): void {
    const { priceMovePercent, priceMoveWindowMs, cooldownMs } = this.options;
    for (const assetId of this.market.assetIds) {
      const price = this.market.priceOf(assetId);
      const before = this.market.priceAt(assetId, now - priceMoveWindowMs);
      if (price === undefined || before === undefined || before <= 0) continue;
      const change = ((price - before) / before) * 100;
      if (Math.abs(change) < priceMovePercent) continue;
      const last = this.#lastMoveAlert.get(assetId);
      if (last !== undefined && now - last < cooldownMs) continue;
      this.#lastMoveAlert.set(assetId, now);
      const minutes = Math.round(priceMoveWindowMs / 60_000);
      this.raise({
        kind: 'price_move',
        severity: Math.abs(change) >= priceMovePercent * 2 ? 'critical' : 'warning',
        title: `${assetId} ${change > 0 ? 'up' : 'down'} ${Math.abs(change).toFixed(1)}%`,
        message: `${assetId} moved ${change > 0 ? '+' : ''}${change.toFixed(2)}% in ${minutes} min, to $${fmt(price)}.`,
        assetId,
      });
    }
    for (const entry of this.#rules.values()) {
      const { rule } = entry;
      if (!rule.enabled) continue;
      const price = this.market.priceOf(rule.assetId);
      if (price === undefined) continue;
      if (!holds(rule, price)) {
        entry.armed = true;
        continue;
      }
      if (!entry.armed) continue;
      entry.armed = false;
      this.raise({
        kind: 'price_threshold',
        severity: 'info',
        title: `${rule.assetId} ${rule.condition} $${fmt(rule.price)}`,
        message: `${rule.assetId} is at $${fmt(price)}, ${rule.condition} your alert price of $${fmt(rule.price)}.`,
        assetId: rule.assetId,
        ruleId: rule.id,
      });
    }
  }

  /** Checks one portfolio's value against its running peak. */
  evaluatePortfolio(portfolioId: string, name: string, value: number, now: number): void {
    const state = this.#peaks.get(portfolioId);
    if (!state) {
      this.#peaks.set(portfolioId, { peak: value, lastAlert: Number.NEGATIVE_INFINITY });
      return;
    }
    if (value > state.peak) state.peak = value;
    if (state.peak <= 0) return;
    const drawdown = ((state.peak - value) / state.peak) * 100;
    if (drawdown < this.options.drawdownPercent || now - state.lastAlert < this.options.cooldownMs) return;
    state.lastAlert = now;
    this.raise({
      kind: 'portfolio_drawdown',
      severity: drawdown >= this.options.drawdownPercent * 2 ? 'critical' : 'warning',
      title: `${isolate(name)} down ${drawdown.toFixed(1)}% from peak`,
      message: `${isolate(name)} is worth $${value.toFixed(2)}, ${drawdown.toFixed(2)}% below its peak of $${state.peak.toFixed(2)}.`,
      portfolioId,
    });
    // The next alert needs a further fall from here.
    state.peak = value;
  }

  /** Forgets a portfolio's peak, e.g. after its holdings changed. */
  resetPortfolio(portfolioId: string): void {
    this.#peaks.delete(portfolioId);
  }
}

function holds(rule: AlertRule, price: number): boolean {
  return rule.condition === 'above' ? price > rule.price : price < rule.price;
}
