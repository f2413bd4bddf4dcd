/**
 * The autoloader: one small ES module that registers only the elements a page uses, when they
 * appear. It watches the document for undefined `crypto-risk-widgets` tags and imports each one's
 * chunk from the `widgets/` folder next to itself, so the page downloads nothing it doesn't show.
 *
 * @example
 * <script type="module" src="https://your-cdn.example/crypto-risk-widgets/dist/cdn/autoloader.js"></script>
 * <crypto-ticker symbols="BTC,ETH"></crypto-ticker>
 */
import { setSocketWorkerScript } from './core/worker/worker-script.js';

const TAGS = new Set([
  'crypto-data-provider',
  'crypto-ticker',
  'portfolio-value',
  'risk-gauge',
  'alert-feed',
  'connection-status',
  'market-movers',
  'crypto-watchlist',
  'portfolio-manager',
  'price-chart',
  'perf-monitor',
  'pwa-status',
  'push-subscribe',
]);

const loading = new Map<string, Promise<void>>();
/** Where this module was loaded from; the widget chunks sit next to it. (Kept in a variable so the
 * build leaves the `new URL(…)` below alone instead of treating it as an asset to bundle.) */
const HERE = import.meta.url;

// The socket Worker (for `<crypto-data-provider worker>`) is next to this module too.
setSocketWorkerScript(new URL('crw-socket-worker.js', HERE), 'classic');

/** Imports the chunk that defines `tag` (once), and resolves when the tag is defined. */
export function load(tag: string): Promise<void> {
  const name = tag.toLowerCase();
  if (!TAGS.has(name)) return Promise.reject(new Error(`crypto-risk-widgets has no <${name}> element`));
  if (customElements.get(name)) return Promise.resolve();
  let pending = loading.get(name);
  if (!pending) {
    const url = new URL(`widgets/${name}.js`, HERE).href;
    pending = import(/* @vite-ignore */ url).then(
      () => undefined,
      (error: unknown) => {
        loading.delete(name);
        console.error(`crypto-risk-widgets: could not load <${name}> from ${url}.`, error);
        throw error;
      },
    );
    loading.set(name, pending);
  }
  return pending;
}

/**
 * Loads every undefined library element in `root` (and `root` itself). The observer covers the
 * document; call this for content in shadow roots the observer can't see.
 */
export function discover(root: Document | ShadowRoot | Element = document): Promise<void> {
  const found = new Set<string>();
  if (root instanceof Element && TAGS.has(root.localName) && !customElements.get(root.localName)) found.add(root.localName);
  for (const el of root.querySelectorAll(':not(:defined)')) if (TAGS.has(el.localName)) found.add(el.localName);
  return Promise.allSettled([...found].map(load)).then(() => undefined);
}

const observer = new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) if (node instanceof Element) void discover(node);
  }
});

observer.observe(document.documentElement, { childList: true, subtree: true });
void discover(document);
