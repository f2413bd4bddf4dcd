/**
 * `<risk-gauge>` on its own: A portfolio's 0–100 risk score, live. Importing this entry registers `<risk-gauge>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { RiskGauge } from 'crypto-risk-widgets/widgets/risk-gauge';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { RiskGauge } from './risk-gauge/risk-gauge.js';

export { RiskGauge } from './risk-gauge/risk-gauge.js';
export { RiskLevelChangeEvent } from './risk-gauge/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'risk-gauge': RiskGauge;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/**
 * Registers `<crypto-data-provider>` and `<risk-gauge>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'risk-gauge': RiskGauge }, registry);
}

define();
