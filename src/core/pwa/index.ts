export { PwaController, pwaController, registerServiceWorker, type PwaState, type RegisterOptions } from './pwa-controller.js';
