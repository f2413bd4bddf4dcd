import { css } from 'lit';

/** The few uPlot rules the chart needs, scoped to the shadow root (uPlot's own sheet is global). */
export const priceChartStyles = css`
  :host {
    --crw-chart-line: var(--crw-color-accent);
    --crw-chart-fill: color-mix(in srgb, var(--crw-color-accent) 14%, transparent);
    --crw-chart-height: 240px;
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    contain: layout paint;
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--crw-space);
    margin-bottom: calc(var(--crw-space) / 2);
  }
  figure[part='base'] { margin: 0; }
  [part='title'] { font-weight: 600; margin: 0; font-size: 1em; }
  [part='price'] { font-variant-numeric: tabular-nums; font-size: 1.25em; }
  [part='timeframes'] { display: inline-flex; gap: 0.25em; }
  [part='timeframes'] button[aria-pressed='true'] { background: var(--crw-color-accent); color: var(--crw-color-bg); border-color: var(--crw-color-accent); }
  [part='plot'] { position: relative; height: var(--crw-chart-height); min-height: 120px; }
  .status { color: var(--crw-color-muted); font-size: 0.85em; }
  .uplot, .uplot * { box-sizing: border-box; }
  .uplot { width: 100%; line-height: 1.5; }
  .u-wrap { position: relative; user-select: none; }
  .u-over, .u-under { position: absolute; }
  .u-under { overflow: hidden; }
  .uplot canvas { display: block; position: relative; width: 100%; height: 100%; }
  .u-axis { position: absolute; }
  .u-legend { display: none; }
  .u-cursor-x, .u-cursor-y { position: absolute; left: 0; top: 0; pointer-events: none; will-change: transform; }
  .u-hz .u-cursor-x { height: 100%; border-right: 1px dashed var(--crw-color-muted); }
  .u-hz .u-cursor-y { width: 100%; border-bottom: 1px dashed var(--crw-color-muted); }
  .u-cursor-pt { position: absolute; top: 0; left: 0; border-radius: 50%; border: 0 solid; pointer-events: none; will-change: transform; background-clip: padding-box !important; }
  .u-select { position: absolute; pointer-events: none; background: color-mix(in srgb, currentColor 8%, transparent); }
  .u-axis.u-off, .u-select.u-off, .u-cursor-x.u-off, .u-cursor-y.u-off, .u-cursor-pt.u-off { display: none; }
`;
