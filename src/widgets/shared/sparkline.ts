/**
 * The `d` of a tiny line of recent values, scaled to its own min and max; empty below two values.
 * The widget binds it to one `<path>`, so a new tick costs one attribute write. Decorative: the
 * numbers next to it carry the meaning, so it is hidden from assistive technology.
 */
export function sparklinePath(values: readonly number[], width = 80, height = 24): string {
  const n = values.length;
  if (n < 2) return '';
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = (height - 2) / (max - min || 1);
  const step = width / (n - 1);
  let d = '';
  for (let i = 0; i < n; i++) {
    // One decimal is finer than a pixel of an 80×24 box; rounding by hand avoids toFixed's cost.
    const x = Math.round(i * step * 10) / 10;
    const y = Math.round((height - 1 - (values[i]! - min) * scale) * 10) / 10;
    d += `${i ? 'L' : 'M'}${x} ${y}`;
  }
  return d;
}

/** A fixed-size window of recent values per key. */
export class RecentValues {
  #values = new Map<string, number[]>();
  constructor(private readonly size = 40) {}

  /** Appends `value` unless it equals the last one; returns whether anything changed. */
  push(key: string, value: number): boolean {
    let list = this.#values.get(key);
    if (!list) this.#values.set(key, (list = []));
    if (list[list.length - 1] === value) return false;
    list.push(value);
    if (list.length > this.size) list.shift();
    return true;
  }

  get(key: string): readonly number[] {
    return this.#values.get(key) ?? [];
  }
}
