import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PerformanceAlert, PerformanceMonitor, PerformanceSummary } from '../../perf/index.js';
import type { DataServicesController } from './data-services-controller.js';

/** Options of {@link PerformanceController}. */
export interface PerformanceControllerOptions {
  /** Also keep `summary` up to date at every sample (the dashboard needs it; an alert list does not). */
  summary?: boolean;
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
    return this.data.current?.perf;
  }

  hostConnected(): void {
    this.#stopWatching = this.data.watch((services) => {
      this.#stopListening?.();
      this.#stopListening = null;
      const perf = services?.perf;
      if (!perf) {
        this.alerts.set([]);
        this.summary.set(undefined);
        this.running.set(false);
        return;
      }
      const read = () => {
        this.alerts.set(perf.getActiveAlerts().sort((a, b) => b.firedAt - a.firedAt));
        this.running.set(perf.running);
        if (this.options.summary) this.summary.set(perf.getPerformanceSummary());
      };
      const offs = [perf.on('sample', read), perf.on('alert', read), perf.on('alertcleared', read), perf.on('optimized', read), perf.on('runningchange', read)];
      this.#stopListening = () => offs.forEach((off) => off());
      read();
    });
  }

  hostDisconnected(): void {
    this.#stopWatching?.();
    this.#stopListening?.();
    this.#stopWatching = this.#stopListening = null;
  }
}
