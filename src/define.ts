/**
 * Registers every element of the library. Safe to import more than once, and next to another
 * copy of the library: a tag that is already defined is left alone.
 *
 * @example
 * import 'crypto-risk-widgets/define';
 */
import { ContextRoot } from '@lit/context';
import { CryptoDataProvider } from './core/elements/index.js';
import { CryptoTicker } from './widgets/crypto-ticker/crypto-ticker.js';
import { AlertFeed } from './widgets/alert-feed/alert-feed.js';
import { ConnectionStatusElement } from './widgets/connection-status/connection-status.js';
import { MarketMovers } from './widgets/market-movers/market-movers.js';
import { CryptoWatchlist } from './widgets/crypto-watchlist/crypto-watchlist.js';
import { PortfolioManager } from './widgets/portfolio-manager/portfolio-manager.js';
import { PortfolioValue } from './widgets/portfolio-value/portfolio-value.js';
import { RiskGauge } from './widgets/risk-gauge/risk-gauge.js';
import { PwaStatus } from './widgets/pwa-status/pwa-status.js';
import { PushSubscribe } from './widgets/push-subscribe/push-subscribe.js';

export const ELEMENTS = {
  'crypto-data-provider': CryptoDataProvider,
  'crypto-ticker': CryptoTicker,
  'alert-feed': AlertFeed,
  'connection-status': ConnectionStatusElement,
  'market-movers': MarketMovers,
  'crypto-watchlist': CryptoWatchlist,
  'portfolio-value': PortfolioValue,
  'risk-gauge': RiskGauge,
  'portfolio-manager': PortfolioManager,
  'pwa-status': PwaStatus,
  'push-subscribe': PushSubscribe,
} as const;

declare global {
  interface HTMLElementTagNameMap {
    'crypto-data-provider': CryptoDataProvider;
    'crypto-ticker': CryptoTicker;
    'alert-feed': AlertFeed;
    'connection-status': ConnectionStatusElement;
    'market-movers': MarketMovers;
    'crypto-watchlist': CryptoWatchlist;
    'portfolio-value': PortfolioValue;
    'risk-gauge': RiskGauge;
    'portfolio-manager': PortfolioManager;
    'pwa-status': PwaStatus;
    'push-subscribe': PushSubscribe;
  }
}

const ROOT_KEY = Symbol.for('crypto-risk-widgets/context-root');

/** Defines each element unless its tag is taken; returns the tags this call defined. */
export function defineElements(registry: CustomElementRegistry = customElements): string[] {
  const g = globalThis as Record<symbol, unknown>;
  if (!g[ROOT_KEY] && typeof document !== 'undefined') {
    // Lets widgets that upgrade before their provider still find it once it arrives.
    new ContextRoot().attach(document.documentElement);
    g[ROOT_KEY] = true;
  }
  const defined: string[] = [];
  for (const [tag, ctor] of Object.entries(ELEMENTS)) {
    if (registry.get(tag)) continue;
    registry.define(tag, ctor);
    defined.push(tag);
  }
  return defined;
}

defineElements();
