/**
 * `<crw-devtools>`, the developer panel, in an entry of its own (`crypto-risk-widgets/devtools`)
 * so that no main bundle carries it or `@tanstack/query-devtools`. Importing it registers
 * `<crw-devtools>` (and `<perf-monitor>`, which it shows) unless those tags are taken. Load it on
 * demand:
 *
 * @example
 * if (new URLSearchParams(location.search).has('devtools')) {
 *   const { openDevtools } = await import('crypto-risk-widgets/devtools');
 *   openDevtools();
 * }
 */
import { PerfMonitor } from './widgets/perf-monitor/perf-monitor.js';
import { CrwDevtools } from './devtools/crw-devtools.js';

export { CrwDevtools, DevtoolsCloseEvent } from './devtools/crw-devtools.js';
export { registerDevtoolsSection, devtoolsSections, type DevtoolsSection } from './devtools/sections.js';
export { defaultSwSource, parseSwReport, type SwCacheReport, type SwController, type SwInspectSource, type SwReport } from './devtools/sw-inspector.js';
export { filterFrames, FrameRecorder, type RecordedFrame } from './devtools/frame-recorder.js';

declare global {
  interface HTMLElementTagNameMap {
    'crw-devtools': CrwDevtools;
  }
}

if (typeof customElements !== 'undefined') {
  if (!customElements.get('perf-monitor')) customElements.define('perf-monitor', PerfMonitor);
  if (!customElements.get('crw-devtools')) customElements.define('crw-devtools', CrwDevtools);
}

/** Options of {@link openDevtools}. */
export interface OpenDevtoolsOptions {
  /** Where the panel goes: inside this provider (its feed is inspected). Default: the page's first `<crypto-data-provider>`, else `<body>` (the page default feed). */
  within?: Element;
  /** The first tab. Default `socket`. */
  tab?: string;
}

/** Opens the panel (creating it once per page) and returns it. */
export function openDevtools(options: OpenDevtoolsOptions = {}): CrwDevtools {
  let panel = document.querySelector('crw-devtools');
  if (!panel) {
    panel = document.createElement('crw-devtools');
    (options.within ?? document.querySelector('crypto-data-provider') ?? document.body).append(panel);
  }
  if (options.tab) panel.tab = options.tab;
  panel.open = true;
  return panel;
}

/** Opens the panel when closed, closes it when open. */
export function toggleDevtools(options: OpenDevtoolsOptions = {}): CrwDevtools {
  const panel = document.querySelector('crw-devtools');
  if (panel?.open) {
    panel.open = false;
    return panel;
  }
  return openDevtools(options);
}
