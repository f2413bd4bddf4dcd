// The demo dashboard: every widget against the feed server, as a page would use the library.
import 'crypto-risk-widgets/define';
import { parseFlag, type CryptoDataProvider } from 'crypto-risk-widgets';

const provider = document.querySelector<CryptoDataProvider>('#feed')!;
// Feature flags come from Vite env variables (VITE_CRW_REALTIME=false npm start, …).
const env = import.meta.env;
provider.noRealtime = parseFlag(env.VITE_CRW_REALTIME) === false;
provider.debug = parseFlag(env.VITE_CRW_DEBUG) ?? false;
provider.performanceMonitoring = parseFlag(env.VITE_CRW_PERFORMANCE_MONITORING) ?? false;
provider.pwa = parseFlag(env.VITE_CRW_PWA) ?? false;

const themePicker = document.querySelector<HTMLSelectElement>('#theme')!;
function applyTheme(theme: string): void {
  document.documentElement.dataset.theme = theme;
  for (const widget of document.querySelectorAll('[theme], crypto-ticker, portfolio-value, risk-gauge, alert-feed, connection-status, market-movers, crypto-watchlist, portfolio-manager, price-chart')) {
    widget.setAttribute('theme', theme);
  }
}
themePicker.addEventListener('change', () => applyTheme(themePicker.value));
applyTheme(new URLSearchParams(location.search).get('theme') ?? 'auto');
themePicker.value = document.documentElement.dataset.theme ?? 'auto';
