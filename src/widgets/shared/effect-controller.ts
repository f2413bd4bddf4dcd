import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A host with `SignalWatcher`'s `updateEffect`. */
type EffectHost = ReactiveControllerHost & { updateEffect(fn: () => void): () => void };

/**
 * Runs `effect` while the host is connected: after each of its updates, and whenever a signal the
 * effect read changes, without a full update of the host. A widget moves data into per-row signals
 * this way, so a tick re-renders rows, not the widget.
 *
 * It also renders the host once more after its first update: the first render places rows without
 * `watch()` (it may hydrate server-rendered markup, see `KeyedRows.part`), the second watches them.
 */
export class EffectController implements ReactiveController {
  #stop: (() => void) | null = null;
  #rendered = false;

  constructor(private readonly host: EffectHost, private readonly effect: () => void) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#stop ??= this.host.updateEffect(this.effect);
  }

  hostUpdated(): void {
    if (this.#rendered) return;
    this.#rendered = true;
    // A microtask later, so it is a new update rather than a change made during this one.
    queueMicrotask(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
