import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { renderBudgetOf } from '../../query/index.js';
import type { DataServicesController } from './data-services-controller.js';

/**
 * The budget learns only from flushes, so when live data stops it keeps the rate of its last busy
 * moment. With no data delivered for this long, that rate no longer describes anything the page does.
 */
const QUIET_MS = 2_000;
/** How often delivery is checked while the rate is reduced (never while it is not). */
const CHECK_MS = 1_000;

/**
 * How often each row of the host's live data is being redrawn, as a signal in Hz (60 normally; less
 * while the render budget spaces out or slices the writes), so the status line can say so. Once live
 * data stops arriving it is 60 again, whatever rate the budget last worked at.
 */
export class RenderRateController implements ReactiveController {
  /** Live updates per second (at 60 frames a second). */
  readonly hz = signal(60);

  #stopWatching: (() => void) | null = null;
  #stop: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, private readonly data: DataServicesController) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#stopWatching = this.data.watch((services) => {
      this.#stop?.();
      this.#stop = null;
      const socket = services?.socket;
      if (!socket || !services) {
        this.hz.set(60);
        return;
      }
      const budget = renderBudgetOf(services.queryClient);
      let timer: ReturnType<typeof setInterval> | null = null;
      let delivered = 0;
      let deliveredAt = -Infinity;
      const show = () => this.hz.set(budget.hz < 60 && performance.now() - deliveredAt < QUIET_MS ? budget.hz : 60);
      const check = () => {
        const count = socket.getStats().delivered;
        if (count !== delivered) {
          delivered = count;
          deliveredAt = performance.now();
        }
        show();
      };
      const follow = () => {
        if (budget.hz < 60 && timer === null) {
          delivered = socket.getStats().delivered;
          timer = setInterval(check, CHECK_MS);
        } else if (budget.hz >= 60 && timer !== null) {
          clearInterval(timer);
          timer = null;
        }
        show();
      };
      // A budget reduced before this host came may be left over from data long gone: the first
      // check tells. A change heard now comes from a flush, so data is arriving.
      follow();
      const unsubscribe = budget.subscribe(() => {
        deliveredAt = performance.now();
        follow();
      });
      this.#stop = () => {
        unsubscribe();
        if (timer !== null) clearInterval(timer);
      };
    });
  }

  hostDisconnected(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#stop?.();
    this.#stop = null;
  }
}
