/**
 * Counts the calls of a Lit element's own `render()` until `stop()`: a test of per-row updates
 * checks that a tick re-rendered the row, not the widget.
 */
export function countRenders(element: HTMLElement): { readonly count: number; stop(): void } {
  const host = element as unknown as { render(): unknown };
  const render = host.render;
  let count = 0;
  host.render = function (this: unknown) {
    count++;
    return render.call(this);
  };
  return {
    get count() {
      return count;
    },
    stop() {
      delete (host as { render?: unknown }).render;
    },
  };
}
