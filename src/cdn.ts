/** The `<script>`-tag bundle: every element registered, and the whole API on `window.CryptoRiskWidgets`. */
import { setSocketWorkerScript } from './core/worker/worker-script.js';

export * from './index.js';
export { defineElements } from './define.js';

// A classic script has no import.meta.url: the socket Worker sits next to this bundle, so find
// it from the <script> tag that is running now (null later, so read it here, at load).
const script = typeof document !== 'undefined' ? document.currentScript : null;
if (script instanceof HTMLScriptElement && script.src) setSocketWorkerScript(new URL('crw-socket-worker.js', script.src), 'classic');
