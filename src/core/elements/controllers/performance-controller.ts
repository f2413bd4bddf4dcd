import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PerformanceAlert, PerformanceMonitor, PerformanceSummary } from '../../perf/index.js';
import type { DataServicesController } from './data-services-controller.js';

/** Options of {@link PerformanceController}. */
export interface PerformanceControllerOptions {
  /** Also keep `summary` up to date at every sample (the dashboard needs it; an alert list does not). */
  summary?: boolean;
  /**
   * Load the monitor's code if it is not loaded yet (a dashboard shows the monitor even while it
   * is stopped). Without it, the controller follows the monitor once something else loads it.
   */
  load?: boolean;
}

/**
 * Follows the provider's performance monitor: its active alerts (and, on request, its summary) as
 * signals, refreshed on every sample, alert, clearing and optimisation.
 */
export class PerformanceController implements ReactiveController {
  /** Alerts firing now, newest first. */
  readonly alerts = signal<readonly PerformanceAlert[]>([]);
  /** The monitor's summary (with `summary: true`); undefined without services. */
  readonly summary = signal<PerformanceSummary | undefined>(undefined);
  /** Whether the monitor is running. */
  readonly running = signal(false);

  #stopWatching: (() => void) | null = null;
  #stopListening: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, private readonly data: DataServicesController, private readonly options: PerformanceControllerOptions = {}) {
    host.addController(this);
  }

  /** The monitor in use, if any. */
  get monitor(): PerformanceMonitor | undefined {
    return this.data.current?.perf ?? undefined;
  }

  hostConnected(): void {
    this.#stopWatching = this.data.watch((services) => {
      this.#stopListening?.();
      this.#stopListening = null;
      this.alerts.set([]);
      this.summary.set(undefined);
      this.running.set(false);
      if (!services) return;
      let offs: Array<() => void> = [];
      const stopWaiting = services.onPerf((perf) => {
        const read = () => {
          this.alerts.set(perf.getActiveAlerts().sort((a, b) => b.firedAt - a.firedAt));
          this.running.set(perf.running);
          if (this.options.summary) this.summary.set(perf.getPerformanceSummary());
        };
        offs = [perf.on('sample', read), perf.on('alert', read), perf.on('alertcleared', read), perf.on('optimized', read), perf.on('runningchange', read)];
        read();
      });
      this.#stopListening = () => {
        stopWaiting();
        offs.forEach((off) => off());
      };
      if (this.options.load) {
        services.loadPerf().catch((error: unknown) => {
          // Services released before the chunk arrived are no one's concern any more.
          if (this.data.current === services) console.error('crypto-risk-widgets: could not load the performance monitor.', error);
        });
      }
    });
  }

  hostDisconnected(): void {
    this.#stopWatching?.();
    this.#stopListening?.();
    this.#stopWatching = this.#stopListening = null;
  }
}
