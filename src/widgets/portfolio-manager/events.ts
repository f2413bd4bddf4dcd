import type { Portfolio } from '../../core/protocol/index.js';

/** Fired once the server has stored a new portfolio. */
export class PortfolioCreatedEvent extends Event {
  static readonly eventName = 'crw-portfolio-created';
  constructor(readonly detail: { portfolio: Portfolio }) {
    super(PortfolioCreatedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired once the server has stored a renamed or re-balanced portfolio. */
export class PortfolioUpdatedEvent extends Event {
  static readonly eventName = 'crw-portfolio-updated';
  constructor(readonly detail: { portfolio: Portfolio }) {
    super(PortfolioUpdatedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired once the server has deleted a portfolio. */
export class PortfolioDeletedEvent extends Event {
  static readonly eventName = 'crw-portfolio-deleted';
  constructor(readonly detail: { portfolioId: string }) {
    super(PortfolioDeletedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the user picks a portfolio, so a page can point other widgets at it. */
export class PortfolioSelectEvent extends Event {
  static readonly eventName = 'crw-portfolio-select';
  constructor(readonly detail: { portfolioId: string }) {
    super(PortfolioSelectEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-portfolio-created': PortfolioCreatedEvent;
    'crw-portfolio-updated': PortfolioUpdatedEvent;
    'crw-portfolio-deleted': PortfolioDeletedEvent;
    'crw-portfolio-select': PortfolioSelectEvent;
  }
}
