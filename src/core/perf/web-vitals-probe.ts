/** One Core Web Vital as `web-vitals` last reported it. */
export interface VitalReading {
  /** ms for LCP and INP; unitless for CLS. */
  value: number;
  rating: 'good' | 'needs-improvement' | 'poor';
}

/** LCP, INP and CLS; each null until the browser has reported it (INP needs an interaction, LCP a paint). */
export interface WebVitalsSample {
  supported: boolean;
  lcp: VitalReading | null;
  inp: VitalReading | null;
  cls: VitalReading | null;
}

const readings: WebVitalsSample = { supported: false, lcp: null, inp: null, cls: null };
let loading: Promise<void> | null = null;

/**
 * Starts `web-vitals` once per page (its observers cannot be removed, and every monitor on the
 * page shares them). Loaded on demand so that pages without monitoring never download it, and a
 * non-browser runtime never runs it.
 */
export function watchWebVitals(): Promise<void> {
  if (loading) return loading;
  if (typeof window === 'undefined' || typeof PerformanceObserver === 'undefined') return (loading = Promise.resolve());
  loading = import('web-vitals')
    .then(({ onLCP, onINP, onCLS }) => {
      readings.supported = true;
      const keep = (name: 'lcp' | 'inp' | 'cls') => (metric: { value: number; rating: VitalReading['rating'] }) => {
        readings[name] = { value: Math.round(metric.value * 1000) / 1000, rating: metric.rating };
      };
      onLCP(keep('lcp'), { reportAllChanges: true });
      onINP(keep('inp'), { reportAllChanges: true });
      onCLS(keep('cls'), { reportAllChanges: true });
    })
    .catch(() => {
      // Without the module the vitals stay null and `supported` false; nothing else depends on them.
    });
  return loading;
}

export function readWebVitals(): WebVitalsSample {
  return {
    supported: readings.supported,
    lcp: readings.lcp && { ...readings.lcp },
    inp: readings.inp && { ...readings.inp },
    cls: readings.cls && { ...readings.cls },
  };
}
