export { CryptoTicker, type TickerLayout } from './crypto-ticker/crypto-ticker.js';
export { TickerSelectEvent } from './crypto-ticker/events.js';
export { CrwWidget, type Theme } from './shared/crw-widget.js';
export type { ViewState } from './shared/view-state.js';
