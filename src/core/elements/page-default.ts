import { acquireDataServices, type CryptoDataServices, type DataServicesConfig } from './data-services.js';

type Listener = (services: CryptoDataServices | undefined) => void;

interface PageDefault {
  services: CryptoDataServices | undefined;
  owner: unknown;
  release: (() => void) | null;
  listeners: Set<Listener>;
}

/** Kept on globalThis under a registered symbol so two copies of the library share one default. */
const KEY = Symbol.for('crypto-risk-widgets/page-default');
const state: PageDefault = ((globalThis as Record<symbol, unknown>)[KEY] as PageDefault | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { services: undefined, owner: null, release: null, listeners: new Set() } as PageDefault);

function announce(): void {
  for (const listener of [...state.listeners]) {
    try {
      listener(state.services);
    } catch (err) {
      console.error('crypto-risk-widgets: a page-default listener threw', err);
    }
  }
}

/**
 * Sets up the page-wide services that widgets without a `<crypto-data-provider>` ancestor use.
 * Calling it again replaces the previous configuration.
 *
 * @example
 * import { configure } from 'crypto-risk-widgets';
 * configure({ apiUrl: 'https://feed.example.com', flags: { debug: true } });
 */
export function configure(config: DataServicesConfig = {}): CryptoDataServices {
  state.release?.();
  const { services, release } = acquireDataServices(config);
  state.services = services;
  state.owner = configure;
  state.release = release;
  announce();
  return services;
}

/** The services a widget falls back to: `configure()`'s, else the first provider's on the page. */
export function getPageDefault(): CryptoDataServices | undefined {
  return state.services;
}

/** Calls `listener` whenever the page default changes. Returns the unsubscribe function. */
export function onPageDefaultChange(listener: Listener): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/** @internal A provider offers its services as the page default when none is set. */
export function offerPageDefault(owner: unknown, services: CryptoDataServices): void {
  if (state.services && state.owner !== owner) return;
  state.services = services;
  state.owner = owner;
  state.release = null;
  announce();
}

/** @internal A provider withdraws its services when it leaves the page. */
export function withdrawPageDefault(owner: unknown): void {
  if (state.owner !== owner) return;
  state.services = undefined;
  state.owner = null;
  state.release = null;
  announce();
}

/** Forgets the page default (tests, and pages that tear down their widgets). */
export function resetPageDefault(): void {
  state.release?.();
  state.services = undefined;
  state.owner = null;
  state.release = null;
  announce();
}
