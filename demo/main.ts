// The demo dashboard: every widget against the feed server, as a page would use the library.
import 'crypto-risk-widgets/define';
import 'crypto-risk-widgets/chart';
import { parseFlag, type CryptoDataProvider, type Portfolio } from 'crypto-risk-widgets';

const provider = document.querySelector<CryptoDataProvider>('#feed')!;
// Feature flags come from Vite env variables (VITE_CRW_REALTIME=false npm start, …).
const env = import.meta.env;
provider.noRealtime = parseFlag(env.VITE_CRW_REALTIME) === false;
provider.debug = parseFlag(env.VITE_CRW_DEBUG) ?? false;
provider.performanceMonitoring = parseFlag(env.VITE_CRW_PERFORMANCE_MONITORING) ?? false;
// The built demo is a PWA; the dev server (npm run dev) serves no service worker.
provider.pwa = parseFlag(env.VITE_CRW_PWA) ?? env.PROD;
provider.swUrl = 'crw-sw.js?icon=icons/icon-192.png';

const WIDGETS = 'crypto-ticker, portfolio-value, risk-gauge, alert-feed, connection-status, pwa-status, push-subscribe, market-movers, crypto-watchlist, portfolio-manager, price-chart';
const themePicker = document.querySelector<HTMLSelectElement>('#theme')!;
function applyTheme(theme: string): void {
  document.documentElement.dataset.theme = theme;
  for (const widget of document.querySelectorAll(WIDGETS)) widget.setAttribute('theme', theme);
}
themePicker.addEventListener('change', () => applyTheme(themePicker.value));
const requested = new URLSearchParams(location.search).get('theme');
themePicker.value = requested === 'light' || requested === 'dark' ? requested : 'auto';
applyTheme(themePicker.value);

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

// Start with the first portfolio the feed has.
provider.updateComplete
  .then(() => provider.services?.api.getPortfolios())
  .then((portfolios: Portfolio[] | undefined) => {
    if (portfolios?.[0] && !value.portfolioId) showPortfolio(portfolios[0].id);
  })
  .catch((err: unknown) => console.warn('Could not list portfolios yet:', err));

// Clicking an asset in a ticker charts it.
const chart = document.querySelector('price-chart')!;
document.addEventListener('crw-ticker-select', (event) => {
  chart.assetId = event.detail.assetId;
});
