import { svg, type SVGTemplateResult } from 'lit';

/**
 * A tiny line of recent values as an SVG path, scaled to its own min and max. Decorative: the
 * numbers next to it carry the meaning, so it is hidden from assistive technology.
 */
export function sparkline(values: readonly number[], width = 80, height = 24): SVGTemplateResult {
  if (values.length < 2) return svg``;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const step = width / (values.length - 1);
  let d = '';
  values.forEach((v, i) => {
    const x = (i * step).toFixed(1);
    const y = (height - 1 - ((v - min) / span) * (height - 2)).toFixed(1);
    d += `${i ? 'L' : 'M'}${x} ${y}`;
  });
  return svg`<path d=${d} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"></path>`;
}

/** A fixed-size window of recent values per key. */
export class RecentValues {
  #values = new Map<string, number[]>();
  constructor(private readonly size = 40) {}

  /** Appends `value` unless it equals the last one; returns whether anything changed. */
  push(key: string, value: number): boolean {
    const list = this.#values.get(key) ?? [];
    if (list[list.length - 1] === value) return false;
    list.push(value);
    if (list.length > this.size) list.shift();
    this.#values.set(key, list);
    return true;
  }

  get(key: string): readonly number[] {
    return this.#values.get(key) ?? [];
  }
}
