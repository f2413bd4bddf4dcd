export {
  PerformanceMonitor,
  PERFORMANCE_SAMPLE_RATE,
  DEFAULT_HISTORY_SIZE,
  type IntervalTimers,
  type PerformanceMonitorOptions,
} from './performance-monitor.js';
export type { OptimizeResult, PerformanceAlert, PerformanceMonitorEvents, PerformanceSample, PerformanceSummary } from './types.js';
export { DEFAULT_THRESHOLDS, type PerformanceMetric, type PerformanceThresholds } from './thresholds.js';
export { endpointOf, type ApiIntervalSample, type EndpointStats } from './api-timings.js';
export type { MonitoredSocket, SocketSample } from './socket-probe.js';
export type { MainThreadEnvironment, MainThreadSample } from './main-thread-probe.js';
export type { MemoryEnvironment, MemorySample } from './memory-probe.js';
export type { QueryCacheSample } from './query-cache-probe.js';
export type { VitalReading, WebVitalsSample } from './web-vitals-probe.js';
