/** The `<script>`-tag bundle: every element registered, and the whole API on `window.CryptoRiskWidgets`. */
export * from './index.js';
export { defineElements } from './define.js';
