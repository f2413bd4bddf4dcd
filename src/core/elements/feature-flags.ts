/** Switches that a page sets by provider attribute or through `configure()`. */
export interface FeatureFlags {
  /** Stream over WebSocket. Off: REST only, refetched on the poll interval. */
  realtime: boolean;
  /** Record every REST request's timing as a `performance.measure` entry (`crw:api …`). */
  performanceMonitoring: boolean;
  /** The page registers the optional service worker (offline cache, background sync, push). */
  pwa: boolean;
  /** Log the socket client's diagnostics to the console. */
  debug: boolean;
}

export const DEFAULT_FEATURE_FLAGS: Readonly<FeatureFlags> = Object.freeze({
  realtime: true,
  performanceMonitoring: false,
  pwa: false,
  debug: false,
});

/** Reads `"true" | "1" | "on" | "yes"` (any case) as true and everything else as false. */
export function parseFlag(value: string | undefined | null): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return /^(true|1|on|yes)$/i.test(value.trim());
}
