export { CryptoTicker, type TickerLayout } from './crypto-ticker/crypto-ticker.js';
export { TickerSelectEvent } from './crypto-ticker/events.js';
export { PortfolioValue } from './portfolio-value/portfolio-value.js';
export type { AllocationStyle } from './portfolio-value/allocation.js';
export { RiskGauge } from './risk-gauge/risk-gauge.js';
export { RiskLevelChangeEvent } from './risk-gauge/events.js';
export { PortfolioManager } from './portfolio-manager/portfolio-manager.js';
export {
  PortfolioCreatedEvent,
  PortfolioDeletedEvent,
  PortfolioSelectEvent,
  PortfolioUpdatedEvent,
} from './portfolio-manager/events.js';
export { AlertFeed, type AlertSeverityFilter } from './alert-feed/alert-feed.js';
export { AlertEvent } from './alert-feed/events.js';
export { ConnectionStatusElement } from './connection-status/connection-status.js';
export type { ConnectionDisplayState } from './connection-status/display-state.js';
export { ConnectionChangeEvent } from './connection-status/events.js';
export { MarketMovers } from './market-movers/market-movers.js';
export { CryptoWatchlist } from './crypto-watchlist/crypto-watchlist.js';
export { WatchlistChangeEvent } from './crypto-watchlist/events.js';
export { PerfMonitor } from './perf-monitor/perf-monitor.js';
export { PerfAlertEvent, PerfOptimizeEvent } from './perf-monitor/events.js';
export { CrwWidget, type Theme } from './shared/crw-widget.js';
export type { ViewState } from './shared/view-state.js';
export { PwaStatus } from './pwa-status/pwa-status.js';
export { PwaInstallEvent } from './pwa-status/events.js';
export { PushSubscribe } from './push-subscribe/push-subscribe.js';
export { PushChangeEvent } from './push-subscribe/events.js';
