import { Signal } from '@lit-labs/signals';

interface Row<Input, View> {
  input: Signal.State<Input>;
  views: Map<unknown, Signal.Computed<View>>;
}

/**
 * One signal per row of a list, written only when that row's input changed, and the row's view
 * derived from it. A widget renders each view with `watch()`, so a tick that moves one price
 * re-renders one row: the widget's own `render()` (the list, `repeat()`, the header) runs only
 * when the list or its settings change.
 *
 * A view is built per (key, variant), e.g. the tape layout's visible row and its decorative copy.
 */
export class KeyedRows<Input, View, Variant = undefined> {
  #rows = new Map<string, Row<Input, View>>();

  /**
   * @param empty The input of a row nothing was written to yet.
   * @param render The view of a row; called again only when its input changed.
   * @param same Whether two inputs show the same thing (default: identity).
   */
  constructor(
    private readonly empty: (key: string) => Input,
    private readonly render: (key: string, input: Input, variant: Variant) => View,
    private readonly same: (a: Input, b: Input) => boolean = Object.is,
  ) {}

  /** The row's input, read without making the caller depend on it. */
  peek(key: string): Input | undefined {
    const row = this.#rows.get(key);
    return row ? Signal.subtle.untrack(() => row.input.get()) : undefined;
  }

  /** Writes a row's input; returns false (and notifies no one) when it shows the same thing. */
  set(key: string, input: Input): boolean {
    const row = this.#row(key);
    if (this.same(Signal.subtle.untrack(() => row.input.get()), input)) return false;
    row.input.set(input);
    return true;
  }

  /** The signal of a row's view, for `watch()`; the same signal until `refresh()`. */
  view(key: string, variant: Variant): Signal.Computed<View> {
    const row = this.#row(key);
    let view = row.views.get(variant);
    if (!view) {
      const { input } = row;
      view = new Signal.Computed(() => this.render(key, input.get(), variant));
      row.views.set(variant, view);
    }
    return view;
  }

  /** Forgets the rows whose key is not in `keys`. */
  retain(keys: Iterable<string>): void {
    const keep = new Set(keys);
    for (const key of this.#rows.keys()) if (!keep.has(key)) this.#rows.delete(key);
  }

  /**
   * New views for every row (their inputs kept), for when a setting every row renders with
   * changed. The old signals are left whole but unwritten, so a part still watching one costs
   * nothing and can be collected.
   */
  refresh(): void {
    for (const [key, row] of this.#rows) {
      const value = Signal.subtle.untrack(() => row.input.get());
      this.#rows.set(key, { input: new Signal.State(value), views: new Map() });
    }
  }

  get size(): number {
    return this.#rows.size;
  }

  #row(key: string): Row<Input, View> {
    let row = this.#rows.get(key);
    if (!row) {
      row = { input: new Signal.State(this.empty(key)), views: new Map() };
      this.#rows.set(key, row);
    }
    return row;
  }
}
