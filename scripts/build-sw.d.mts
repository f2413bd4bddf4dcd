export interface ServiceWorkerBuild {
  swDest: string;
  version: string;
  count: number;
  size: number;
  warnings: string[];
}
export function buildServiceWorker(options: {
  globDirectory: string;
  swDest: string;
  globPatterns?: string[];
  globIgnores?: string[];
  minify?: boolean;
}): Promise<ServiceWorkerBuild>;
export function buildRoutesModule(outfile: string): Promise<void>;
export const DEMO_PRECACHE_PATTERNS: string[];
