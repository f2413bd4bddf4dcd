import { html, svg, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { cssomStyle } from '../shared/cssom-style.js';
import type { Allocation } from '../../core/protocol/index.js';
import type { FormatController } from '../shared/format-controller.js';

export type AllocationStyle = 'bar' | 'donut';
export const ALLOCATION_STYLES: readonly AllocationStyle[] = ['bar', 'donut'];

/** How many palette slots the styles define; later assets reuse them in order. */
const PALETTE_SIZE = 8;
const colour = (index: number) => `var(--crw-portfolio-color-${(index % PALETTE_SIZE) + 1})`;

/** Largest first, so the picture and the table read in the same order. */
export function sortAllocation(allocation: readonly Allocation[]): Allocation[] {
  return [...allocation].sort((a, b) => b.value - a.value || a.assetId.localeCompare(b.assetId));
}

/** A stacked bar; decorative, since the table below carries the same numbers. */
function bar(rows: readonly Allocation[]): TemplateResult {
  return html`<div part="bar" class="bar" aria-hidden="true">
    ${repeat(rows, (r) => r.assetId, (r, i) => html`<span class="segment" data-asset=${r.assetId} ${cssomStyle({ 'flex-basis': `${(r.weight * 100).toFixed(3)}%`, background: colour(i) })}></span>`)}
  </div>`;
}

/**
 * A donut drawn with one dashed circle per asset: with a circumference of 100 the dash length is
 * the weight in percent and the offset the running total, so no arc maths is needed.
 */
function donut(rows: readonly Allocation[]): TemplateResult {
  let start = 0;
  const r = 100 / (2 * Math.PI);
  return html`<svg part="donut" class="donut" viewBox="0 0 42 42" aria-hidden="true">
    <circle class="donut-track" cx="21" cy="21" r=${r} fill="none" stroke-width="6"></circle>
    ${rows.map((row, i) => {
      const length = row.weight * 100;
      const offset = 25 - start;
      start += length;
      return svg`<circle class="segment" data-asset=${row.assetId} cx="21" cy="21" r=${r} fill="none" stroke-width="6"
        stroke=${colour(i)} stroke-dasharray="${length} ${100 - length}" stroke-dashoffset=${offset}></circle>`;
    })}
  </svg>`;
}

/** The picture plus the legend table that screen readers (and everyone else) can read. */
export function renderAllocation(style: AllocationStyle, allocation: readonly Allocation[], format: FormatController): TemplateResult {
  const rows = sortAllocation(allocation);
  if (!rows.length) return html`<p part="allocation" class="muted">No holdings yet.</p>`;
  return html`<div part="allocation" class="allocation allocation--${style}">
    ${style === 'donut' ? donut(rows) : bar(rows)}
    <table part="legend" class="legend">
      <caption class="visually-hidden">Allocation by asset</caption>
      <thead class="visually-hidden"><tr><th scope="col">Asset</th><th scope="col">Weight</th><th scope="col">Value</th></tr></thead>
      <tbody>
        ${repeat(rows, (r) => r.assetId, (r, i) => html`<tr data-asset=${r.assetId}>
          <th scope="row"><span class="swatch" ${cssomStyle({ background: colour(i) })} aria-hidden="true"></span>${r.assetId}</th>
          <td>${format.fraction(r.weight)}</td>
          <td>${format.money(r.value)}</td>
        </tr>`)}
      </tbody>
    </table>
  </div>`;
}
