import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { renderBudgetOf } from '../../query/index.js';
import type { DataServicesController } from './data-services-controller.js';

/**
 * How often each row of the host's live data is being redrawn, as a signal in Hz (60 normally; less
 * while the render budget spaces out or slices the writes), so the status line can say so.
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
      const read = () => this.hz.set(budget.hz);
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
