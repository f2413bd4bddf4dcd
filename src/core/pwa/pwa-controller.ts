import { Workbox } from 'workbox-window';

/** What the page knows about its service worker, the network and installation. */
export interface PwaState {
  /** The browser has service workers (secure context, not disabled). */
  supported: boolean;
  /** A worker is registered for this page. */
  registered: boolean;
  /** A worker controls this page (its fetches go through the worker). */
  controlled: boolean;
  /** A new worker is installed and waits for the page to reload. */
  updateReady: boolean;
  /** `navigator.onLine`. */
  online: boolean;
  /** The browser offered to install the app (`beforeinstallprompt`); `promptInstall()` shows it. */
  canInstall: boolean;
  /** The app was installed during this visit, or runs as an installed app. */
  installed: boolean;
  /** Why registration failed, for a person. */
  error: string | null;
}

/** Chromium's install prompt event (not in the DOM typings). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export interface RegisterOptions {
  /** The worker script, resolved against the page. Default `crw-sw.js` (the prebuilt worker copied next to the page). */
  url?: string;
  /** Registration scope. Default: the script's folder. */
  scope?: string;
  /**
   * On a first visit (no worker controls the page yet), how long after the page's `load` event to
   * wait, and then for an idle moment, before registering. Default 3000; 0 registers at `load`.
   * A first install downloads and stores every precached file, with the worker's own start-up:
   * begun at `load`, that competed with the widgets' start-up for the CPU and the network (on a
   * 2-core machine it doubled the main thread's long tasks). Once a worker controls the page,
   * registering only checks for an update, and happens at `load`.
   */
  delayMs?: number;
}

/**
 * The page's side of the service worker, built on workbox-window: registration, the "a new
 * version is ready" flow, online/offline, and the install prompt. One per page; get it with
 * `pwaController()`. Fires `change` whenever `state` changes.
 */
export class PwaController extends EventTarget {
  #state: PwaState;
  #workbox: Workbox | null = null;
  #installPrompt: BeforeInstallPromptEvent | null = null;
  #reloadOnControl = false;
  #registering: Promise<ServiceWorkerRegistration | undefined> | null = null;

  constructor() {
    super();
    const hasWindow = typeof window !== 'undefined';
    this.#state = {
      supported: hasWindow && 'serviceWorker' in navigator,
      registered: false,
      controlled: hasWindow && !!navigator.serviceWorker?.controller,
      updateReady: false,
      online: hasWindow ? navigator.onLine : true,
      canInstall: false,
      installed: hasWindow && typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches,
      error: null,
    };
    if (!hasWindow) return;
    window.addEventListener('online', () => {
      this.#set({ online: true });
      // Back online is a good moment to look for a newer worker.
      void this.#workbox?.update().catch(() => {});
    });
    window.addEventListener('offline', () => this.#set({ online: false }));
    window.addEventListener('beforeinstallprompt', (event) => {
      // Keep the browser's mini-infobar away; the page offers an Install button instead.
      event.preventDefault();
      this.#installPrompt = event as BeforeInstallPromptEvent;
      this.#set({ canInstall: true });
    });
    window.addEventListener('appinstalled', () => {
      this.#installPrompt = null;
      this.#set({ canInstall: false, installed: true });
    });
  }

  get state(): Readonly<PwaState> {
    return this.#state;
  }

  /** The workbox-window instance, once `register()` was called. */
  get workbox(): Workbox | null {
    return this.#workbox;
  }

  /** Registers the worker (once per page; later calls return the same registration). */
  register(options: RegisterOptions = {}): Promise<ServiceWorkerRegistration | undefined> {
    if (this.#registering) return this.#registering;
    if (!this.#state.supported) {
      this.#set({ error: 'This browser (or an insecure http:// page) has no service workers: offline use is not available.' });
      return (this.#registering = Promise.resolve(undefined));
    }
    const workbox = new Workbox(options.url ?? 'crw-sw.js', options.scope ? { scope: options.scope } : undefined);
    this.#workbox = workbox;
    workbox.addEventListener('waiting', () => this.#set({ updateReady: true }));
    workbox.addEventListener('controlling', () => {
      this.#set({ controlled: true, updateReady: false });
      if (this.#reloadOnControl) window.location.reload();
    });
    workbox.addEventListener('activated', () => this.#set({ controlled: !!navigator.serviceWorker.controller }));
    // workbox-window itself registers at `load`; a first visit waits longer.
    const registered = navigator.serviceWorker.controller
      ? workbox.register()
      : afterStartUp(options.delayMs ?? 3000).then(() => workbox.register({ immediate: true }));
    this.#registering = registered.then(
      (registration) => {
        this.#set({ registered: !!registration, controlled: !!navigator.serviceWorker.controller, error: null });
        return registration;
      },
      (err: unknown) => {
        this.#set({ error: `The offline worker could not be registered: ${err instanceof Error ? err.message : String(err)}` });
        return undefined;
      },
    );
    return this.#registering;
  }

  /** Activates the waiting worker and reloads the page once it has taken over. */
  applyUpdate(): void {
    if (!this.#workbox || !this.#state.updateReady) return;
    this.#reloadOnControl = true;
    this.#workbox.messageSkipWaiting();
  }

  /** Asks the server for a newer worker now (the browser also checks on navigations). */
  async checkForUpdate(): Promise<void> {
    await this.#workbox?.update();
  }

  /** Shows the browser's install dialog; resolves with what the person chose. */
  async promptInstall(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
    const prompt = this.#installPrompt;
    if (!prompt) return 'unavailable';
    this.#installPrompt = null;
    this.#set({ canInstall: false });
    await prompt.prompt();
    const { outcome } = await prompt.userChoice;
    return outcome;
  }

  /** Asks the active worker for its report (caches, state; see `crypto-risk-widgets/sw/routes`'s `inspectWorker`). */
  async inspectWorker<T = unknown>(timeoutMs = 3000): Promise<T | null> {
    if (!this.#workbox || !navigator.serviceWorker.controller) return null;
    return Promise.race([
      this.#workbox.messageSW({ type: 'CRW_INSPECT' }) as Promise<T>,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
    ]);
  }

  #set(patch: Partial<PwaState>): void {
    const next = { ...this.#state, ...patch };
    if ((Object.keys(patch) as Array<keyof PwaState>).every((key) => next[key] === this.#state[key])) return;
    this.#state = next;
    this.dispatchEvent(new Event('change'));
  }
}

/** `delayMs` after `load`, then an idle moment (at most 2 s later). */
async function afterStartUp(delayMs: number): Promise<void> {
  if (document.readyState !== 'complete') await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  if (delayMs <= 0) return;
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  if (typeof requestIdleCallback === 'function') await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
}

let shared: PwaController | undefined;

/** The page's one controller, created on first use (it starts listening for the install prompt then). */
export function pwaController(): PwaController {
  return (shared ??= new PwaController());
}

/**
 * Registers the library's service worker with workbox-window. `<crypto-data-provider pwa>` calls
 * this; call it yourself to register without a provider.
 *
 * @example
 * const pwa = registerServiceWorker({ url: '/crw-sw.js' });
 * pwa.addEventListener('change', () => console.log(pwa.state));
 */
export function registerServiceWorker(options: RegisterOptions = {}): PwaController {
  const controller = pwaController();
  void controller.register(options);
  return controller;
}
