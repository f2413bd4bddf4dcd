import { css } from 'lit';

export const riskGaugeStyles = css`
  :host {
    --crw-risk-low: var(--crw-color-up);
    --crw-risk-medium: var(--crw-color-warning);
    --crw-risk-high: color-mix(in srgb, var(--crw-color-warning) 45%, var(--crw-color-critical));
    --crw-risk-critical: var(--crw-color-critical);
    --crw-risk-track: var(--crw-color-surface);
    --crw-risk-gauge-width: 12rem;
    --crw-risk-needle-duration: 600ms;
    --crw-risk-current: var(--crw-color-muted);
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 12rem;
  }

  [data-level='low'] { --crw-risk-current: var(--crw-risk-low); }
  [data-level='medium'] { --crw-risk-current: var(--crw-risk-medium); }
  [data-level='high'] { --crw-risk-current: var(--crw-risk-high); }
  [data-level='critical'] { --crw-risk-current: var(--crw-risk-critical); }

  [part='header'] {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--crw-space);
    flex-wrap: wrap;
    font-size: 0.85em;
    color: var(--crw-color-muted);
  }
  .title { font-weight: 600; color: var(--crw-color-text); font-size: 1.1em; }

  .meter { width: var(--crw-risk-gauge-width); max-width: 100%; aspect-ratio: 120 / 66; margin: var(--crw-space) auto 0; contain: layout paint; }
  .meter svg { display: block; width: 100%; height: 100%; overflow: visible; }
  .track { stroke: var(--crw-risk-track); }
  .value { stroke: var(--crw-risk-current); }
  .needle { transform-box: view-box; transform-origin: 60px 60px; }
  .needle line { stroke: var(--crw-color-text); }
  .needle circle { fill: var(--crw-color-text); }
  .skeleton--gauge { width: 100%; height: 100%; }

  @media (prefers-reduced-motion: no-preference) {
    .needle { transition: transform var(--crw-risk-needle-duration) ease-out; }
  }

  .reading { display: flex; justify-content: center; align-items: baseline; gap: var(--crw-space); margin: 0 0 var(--crw-space); font-variant-numeric: tabular-nums; }
  .score { font-size: 1.8em; font-weight: 600; }
  .level { text-transform: capitalize; font-weight: 600; padding: 0 0.4em; border-radius: calc(var(--crw-radius) / 2); border-inline-start: 0.35em solid var(--crw-risk-current); }
  .trend { color: var(--crw-color-muted); }

  .toggle[aria-expanded='true'] { background: var(--crw-color-bg); }
  .breakdown { margin-top: var(--crw-space); display: grid; gap: var(--crw-space); font-variant-numeric: tabular-nums; }
  .breakdown[hidden] { display: none; }
  .breakdown caption { text-align: start; font-weight: 600; padding-bottom: 0.2em; }
  .breakdown table { border-collapse: collapse; width: 100%; }
  .breakdown th, .breakdown td { padding: 0.15em 0.4em; text-align: end; border-bottom: 1px solid var(--crw-color-border); }
  .breakdown th[scope='row'], .breakdown thead th:first-child { text-align: start; }
  .breakdown thead th { font-weight: normal; color: var(--crw-color-muted); font-size: 0.85em; }
  .stats { display: flex; flex-wrap: wrap; gap: calc(var(--crw-space) * 2); margin: 0; }
  .stats dt { font-size: 0.8em; color: var(--crw-color-muted); }
  .stats dd { margin: 0; }

`;
