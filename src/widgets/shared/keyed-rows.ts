import { Signal, watch } from '@lit-labs/signals';

/**
 * One signal per row of a list, written only when that row's input changed, and the row's view
 * derived from it. A widget renders each view with `watch()`, so a tick that moves one price
 * re-renders one row: the widget's own `render()` (the list, `repeat()`, the header) runs only
 * when the list or its settings change.
 *
 * A view is built per (key, variant), e.g. the tape layout's visible row and its decorative copy.
 * `peek` and `set` read the current input without tracking it only when called untracked (from a
 * timer, or inside `Signal.subtle.untrack`).
 */
export class KeyedRows<Input, View, Variant = undefined> {
  #rows = new Map<string, { input: Signal.State<Input>; views: Map<Variant, Signal.Computed<View>> }>();
  /** Bumped when a setting every view renders with changed. */
  #epoch = new Signal.State(0);
  #refreshes = 0;

  /**
   * @param empty The input of a row nothing was written to yet.
   * @param render The view of a row; called again only when its input changed (or on `refresh()`).
   * @param same Whether two inputs show the same thing (default: identity).
   */
  constructor(
    private readonly empty: Input,
    private readonly render: (key: string, input: Input, variant: Variant) => View,
    private readonly same: (a: Input, b: Input) => boolean = Object.is,
  ) {}

  /** The row's input, or undefined for a row never shown or written. */
  peek(key: string): Input | undefined {
    return this.#rows.get(key)?.input.get();
  }

  /** Writes a row's input; returns false (and notifies no one) when it shows the same thing. */
  set(key: string, input: Input): boolean {
    const row = this.#row(key);
    if (this.same(row.input.get(), input)) return false;
    row.input.set(input);
    return true;
  }

  /** The signal of a row's view, for `watch()`: one per (key, variant) while the row is kept. */
  view(key: string, variant: Variant): Signal.Computed<View> {
    const { input, views } = this.#row(key);
    let view = views.get(variant);
    if (!view) {
      view = new Signal.Computed(() => (this.#epoch.get(), this.render(key, input.get(), variant)));
      views.set(variant, view);
    }
    return view;
  }

  /**
   * What a widget's `render()` puts in a row's place: the view through `watch()` once the widget has
   * updated, so the row follows its signal; in the first render (which may hydrate server-rendered
   * markup, where `watch()` would commit its value early and break hydration) the view as it is, read
   * untracked. The widget renders again after its first update, which sets up the watch.
   */
  part(key: string, variant: Variant, watching: boolean): unknown {
    const view = this.view(key, variant);
    return watching ? watch(view) : Signal.subtle.untrack(() => view.get());
  }

  /** Forgets the rows whose key is not in `keys`. */
  retain(keys: readonly string[]): void {
    for (const key of this.#rows.keys()) if (!keys.includes(key)) this.#rows.delete(key);
  }

  /** Renders every view again, for when a setting they all render with changed (locale, currency). */
  refresh(): void {
    this.#epoch.set(++this.#refreshes);
  }

  #row(key: string) {
    let row = this.#rows.get(key);
    if (!row) this.#rows.set(key, (row = { input: new Signal.State(this.empty), views: new Map() }));
    return row;
  }
}
