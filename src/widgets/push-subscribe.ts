/**
 * `<push-subscribe>` on its own: the switch that turns the feed's alert notifications on and off.
 * Importing this entry registers `<push-subscribe>` and `<crypto-data-provider>` (guarded: a tag
 * that is already defined is left alone) and pulls in nothing of the other widgets.
 *
 * @example
 * import { PushSubscribe } from 'crypto-risk-widgets/widgets/push-subscribe';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { PushSubscribe } from './push-subscribe/push-subscribe.js';

export { PushSubscribe } from './push-subscribe/push-subscribe.js';
export { PushChangeEvent } from './push-subscribe/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'push-subscribe': PushSubscribe;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/** Registers `<push-subscribe>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'push-subscribe': PushSubscribe }, registry);
}

define();
