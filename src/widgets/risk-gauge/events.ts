import type { RiskLevel } from '../../core/protocol/index.js';

/** Fired when live data moves a portfolio's risk to another level (never on first load). */
export class RiskLevelChangeEvent extends Event {
  static readonly eventName = 'crw-risk-level-change';
  constructor(readonly detail: { portfolioId: string; from: RiskLevel; to: RiskLevel; score: number }) {
    super(RiskLevelChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-risk-level-change': RiskLevelChangeEvent;
  }
}
