/**
 * Registers every element of the library. Safe to import more than once, and next to another
 * copy of the library: a tag that is already defined is left alone.
 *
 * @example
 * import 'crypto-risk-widgets/define';
 */
import { CryptoDataProvider } from './core/elements/crypto-data-provider.js';
import { register } from './register.js';
import { CryptoTicker } from './widgets/crypto-ticker/crypto-ticker.js';
import { AlertFeed } from './widgets/alert-feed/alert-feed.js';
import { ConnectionStatusElement } from './widgets/connection-status/connection-status.js';
import { MarketMovers } from './widgets/market-movers/market-movers.js';
import { CryptoWatchlist } from './widgets/crypto-watchlist/crypto-watchlist.js';
import { PortfolioManager } from './widgets/portfolio-manager/portfolio-manager.js';
import { PortfolioValue } from './widgets/portfolio-value/portfolio-value.js';
import { RiskGauge } from './widgets/risk-gauge/risk-gauge.js';
import { PerfMonitor } from './widgets/perf-monitor/perf-monitor.js';
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
  'perf-monitor': PerfMonitor,
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
    'perf-monitor': PerfMonitor;
    'pwa-status': PwaStatus;
    'push-subscribe': PushSubscribe;
  }
}

/** Defines each element unless its tag is taken; returns the tags this call defined. */
export function defineElements(registry?: CustomElementRegistry): string[] {
  return register(ELEMENTS, registry);
}

defineElements();
