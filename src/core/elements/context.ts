import { createContext } from '@lit/context';
import type { CryptoDataServices } from './data-services.js';

/**
 * The provider's services. Keyed with `Symbol.for` so that two copies of the library on one page
 * still find each other's providers.
 */
export const cryptoDataContext = createContext<CryptoDataServices | undefined>(Symbol.for('crypto-risk-widgets/data'));
