import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A host with `SignalWatcher`'s `updateEffect`. */
type EffectHost = ReactiveControllerHost & { updateEffect(fn: () => void): () => void };

/**
 * Runs `effect` while the host is connected: after each of its updates, and whenever a signal the
 * effect read changes, without a full update of the host. A widget moves data into per-row signals
 * this way, so a tick re-renders rows, not the widget.
 */
export class EffectController implements ReactiveController {
  #stop: (() => void) | null = null;

  constructor(private readonly host: EffectHost, private readonly effect: () => void) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#stop ??= this.host.updateEffect(this.effect);
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
