// The demo dashboard: every widget against the feed server, as a page would use the library.
import { parseFlag, type CryptoDataProvider, type Portfolio } from 'crypto-risk-widgets';

const provider = document.querySelector<CryptoDataProvider>('#feed')!;
// Sign in as the demo user. A real page gets its token from its own identity provider; the demo
// feed mints short-lived ones (`--demo-auth`), and the provider asks again before each expires.
provider.getToken = async () => {
  const base = provider.apiUrl ?? location.origin;
  const answer = await fetch(`${base}/api/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!answer.ok) throw new Error(`the demo feed refused a token (HTTP ${answer.status})`);
  return ((await answer.json()) as { token: string }).token;
};
// Feature flags come from Vite env variables (VITE_CRW_REALTIME=false npm start, …). They are
// set before the provider is registered: `pwa` and `noRealtime` shape its services, and setting
// them after its first update would build the services twice, sending every widget back to its
// skeleton and loading everything again.
const env = import.meta.env;
provider.noRealtime = parseFlag(env.VITE_CRW_REALTIME) === false;
provider.debug = parseFlag(env.VITE_CRW_DEBUG) ?? false;
// On by default here, once the <perf-monitor> panel is registered, so it has figures;
// VITE_CRW_PERFORMANCE_MONITORING=false turns it off.
const monitorPerformance = parseFlag(env.VITE_CRW_PERFORMANCE_MONITORING) ?? true;
// The built demo is a PWA; the dev server (npm run dev) serves no service worker.
provider.pwa = parseFlag(env.VITE_CRW_PWA) ?? env.PROD;
provider.swUrl = 'crw-sw.js?icon=icons/icon-192.png';
// The theme too, so no widget renders once in the wrong one and again in the right one.
const WIDGETS = 'crypto-ticker, portfolio-value, risk-gauge, alert-feed, connection-status, pwa-status, push-subscribe, market-movers, crypto-watchlist, portfolio-manager, price-chart, perf-monitor, crw-devtools';
const themePicker = document.querySelector<HTMLSelectElement>('#theme')!;
function applyTheme(theme: string): void {
  document.documentElement.dataset.theme = theme;
  for (const widget of document.querySelectorAll(WIDGETS)) widget.setAttribute('theme', theme);
}
themePicker.addEventListener('change', () => applyTheme(themePicker.value));
const requested = new URLSearchParams(location.search).get('theme');
themePicker.value = requested === 'light' || requested === 'dark' ? requested : 'auto';
applyTheme(themePicker.value);
// Register the widgets only now, so their first requests already carry the token. The page's
// HTML preloads what the first screen (what a phone shows) needs, so its chunks download in
// parallel while the HTML is parsed; they are then evaluated one widget per task. Importing them
// all at once evaluated every module and ran every first render in one task as soon as the
// downloads were done: 100 ms at full speed here, several times that on a phone. (Before the
// preloads, one import after another put a round trip per widget before the first screen.)
// The rest (below the fold, and the chart with uPlot) are registered as they come near the
// viewport, or when the page is idle after load.
const FIRST_SCREEN = [
  () => import('crypto-risk-widgets/widgets/crypto-data-provider'),
  () => import('crypto-risk-widgets/widgets/connection-status'),
  () => import('crypto-risk-widgets/widgets/crypto-ticker'),
  () => import('crypto-risk-widgets/widgets/portfolio-manager'),
  () => import('crypto-risk-widgets/widgets/portfolio-value'),
  () => import('crypto-risk-widgets/widgets/risk-gauge'),
  () => import('crypto-risk-widgets/widgets/pwa-status'),
];
for (const load of FIRST_SCREEN) {
  await load();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

// The portfolio picked in the manager drives the value and risk widgets.
const value = document.querySelector('portfolio-value')!;
const risk = document.querySelector('risk-gauge')!;
// The choice is remembered, so a reload (offline too) shows the same portfolio from the saved cache.
const PICKED = 'crw-demo-portfolio';
function showPortfolio(id: string): void {
  value.portfolioId = id;
  risk.portfolioId = id;
  if (id) localStorage.setItem(PICKED, id);
  else localStorage.removeItem(PICKED);
}
const picked = localStorage.getItem(PICKED);
if (picked) showPortfolio(picked);
document.addEventListener('crw-portfolio-select', (event) => showPortfolio(event.detail.portfolioId));
document.addEventListener('crw-portfolio-deleted', (event) => {
  if (value.portfolioId === event.detail.portfolioId) showPortfolio('');
});

// Start with the first portfolio the feed has: the manager's own query (one request, and the
// saved cache when offline).
provider.updateComplete
  .then(() => {
    const services = provider.services;
    return services?.queryClient.ensureQueryData(services.queries.portfolios());
  })
  .then((portfolios: Portfolio[] | undefined) => {
    if (portfolios?.[0] && !value.portfolioId) showPortfolio(portfolios[0].id);
  })
  .catch((err: unknown) => console.warn('Could not list portfolios yet:', err));

// Clicking an asset in a ticker charts it.
const chart = document.querySelector('price-chart')!;
document.addEventListener('crw-ticker-select', (event) => {
  chart.assetId = event.detail.assetId;
});

// Developer tools load on demand, in a chunk of their own: ?devtools in the URL, or Alt+Shift+D.
async function toggleDevtoolsPanel(): Promise<void> {
  const { toggleDevtools } = await import('crypto-risk-widgets/devtools');
  toggleDevtools({ within: provider }).theme = themePicker.value as 'auto' | 'light' | 'dark';
}
if (new URLSearchParams(location.search).has('devtools')) void toggleDevtoolsPanel();
document.addEventListener('keydown', (event) => {
  if (event.altKey && event.shiftKey && event.code === 'KeyD') {
    event.preventDefault();
    void toggleDevtoolsPanel();
  }
});

/**
 * Registers the widgets not needed for the first screen as they near the viewport. Until then a
 * phone never downloads, evaluates or renders them, nor updates them on every tick: all that
 * competed with the first screen for the main thread (below-the-fold widgets registered at idle
 * cost 30–50 ms a task each, and their live updates more). In the page they also carry
 * `loading="lazy"`, which keeps the second ticker (whose element class the first screen already
 * has) from starting before it is near. The chart waits to be seen: evaluating uPlot and building
 * its first plot is the longest task after start-up. Only the alert feed registers at idle, near
 * or not: it raises the toasts for new alerts wherever the page is scrolled (its "Notify me"
 * button waits to be near, like the rest).
 */
const LATER: Record<string, () => Promise<unknown>> = {
  'price-chart': () => import('crypto-risk-widgets/chart'),
  'crypto-watchlist': () => import('crypto-risk-widgets/widgets/crypto-watchlist'),
  'market-movers': () => import('crypto-risk-widgets/widgets/market-movers'),
  'alert-feed': () => import('crypto-risk-widgets/widgets/alert-feed'),
  'push-subscribe': () => import('crypto-risk-widgets/widgets/push-subscribe'),
  'perf-monitor': async () => {
    await import('crypto-risk-widgets/widgets/perf-monitor');
    provider.performanceMonitoring = monitorPerformance;
  },
};
const waiting = new Map(Object.entries(LATER));
function registerLater(tag: string): void {
  const load = waiting.get(tag);
  if (!load) return;
  waiting.delete(tag);
  load().catch((err: unknown) => console.error(`Could not load <${tag}>:`, err));
}
// The chart waits until its section is on screen: on a phone it starts just below the fold, and a
// margin there would load uPlot at start for a chart nobody has scrolled to.
const WHEN_SEEN = new Set(['price-chart']);
function registerWhenNear(tags: string[], rootMargin: string): void {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        for (const tag of tags) if (entry.target.querySelector(tag)) registerLater(tag);
      }
      if (!tags.some((tag) => waiting.has(tag))) observer.disconnect();
    },
    { rootMargin },
  );
  for (const tag of tags) {
    for (const element of document.querySelectorAll(tag)) observer.observe(element.closest('section') ?? element);
  }
}
registerWhenNear([...waiting.keys()].filter((tag) => !WHEN_SEEN.has(tag)), '25% 0px');
registerWhenNear([...WHEN_SEEN], '0px');
function registerAlertsWhenIdle(): void {
  const register = () => registerLater('alert-feed');
  if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 2000 });
  else setTimeout(register, 200);
}
if (document.readyState === 'complete') registerAlertsWhenIdle();
else addEventListener('load', registerAlertsWhenIdle, { once: true });
