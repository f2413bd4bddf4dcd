import type { OptimizeResult, PerformanceAlert } from '../../core/elements/index.js';

/** Fired when a performance alert fires or clears (driven by the monitor's samples, never by a property). */
export class PerfAlertEvent extends Event {
  static readonly eventName = 'crw-perf-alert';
  constructor(readonly detail: { alert: PerformanceAlert; state: 'fired' | 'cleared' }) {
    super(PerfAlertEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired after the user's "Optimize cache" ran, with what it freed. */
export class PerfOptimizeEvent extends Event {
  static readonly eventName = 'crw-perf-optimize';
  constructor(readonly detail: { result: OptimizeResult }) {
    super(PerfOptimizeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-perf-alert': PerfAlertEvent;
    'crw-perf-optimize': PerfOptimizeEvent;
  }
}
