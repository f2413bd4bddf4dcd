import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { renderBudgetOf } from '../../query/index.js';
import type { DataServicesController } from './data-services-controller.js';

/**
 * How often the host's live data is being written, as a signal in Hz (60 normally; 30 or 15 while
 * the page's frames run over budget), so the status line can say that updates are slowed down.
 */
export class RenderRateController implements ReactiveController {
  /** Live updates per second (at 60 frames a second). */
  readonly hz = signal(60);

  #stopWatching: (() => void) | null = null;
  #stopListening: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, private readonly data: DataServicesController) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#stopWatching = this.data.watch((services) => {
      this.#stopListening?.();
      this.#stopListening = null;
      if (!services?.socket) {
        this.hz.set(60);
        return;
      }
      const budget = renderBudgetOf(services.queryClient);
      const read = () => this.hz.set(Math.round(60 / budget.divisor));
      read();
      this.#stopListening = budget.subscribe(read);
    });
  }

  hostDisconnected(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#stopListening?.();
    this.#stopListening = null;
  }
}
