import { css } from 'lit';

export const portfolioValueStyles = css`
  :host {
    --crw-portfolio-total-size: 1.8em;
    --crw-portfolio-donut-size: 7rem;
    --crw-portfolio-bar-height: 0.75rem;
    --crw-portfolio-color-1: #3b6fe0;
    --crw-portfolio-color-2: #e0873b;
    --crw-portfolio-color-3: #2f9e6e;
    --crw-portfolio-color-4: #a34fc4;
    --crw-portfolio-color-5: #d14d72;
    --crw-portfolio-color-6: #3aa6b9;
    --crw-portfolio-color-7: #b59a2a;
    --crw-portfolio-color-8: #7a8591;
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 12rem;
  }

  [part='header'] {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--crw-space);
    flex-wrap: wrap;
    font-size: 0.85em;
    color: var(--crw-color-muted);
  }

  .name { margin: 0; font-size: 1.1em; color: var(--crw-color-text); font-weight: 600; unicode-bidi: isolate; }
  .total { margin: calc(var(--crw-space) / 2) 0; font-size: var(--crw-portfolio-total-size); font-weight: 600; font-variant-numeric: tabular-nums; min-height: 1.2em; }

  .figures { display: flex; flex-wrap: wrap; gap: calc(var(--crw-space) * 2); margin: 0 0 var(--crw-space); }
  .figures dt { font-size: 0.8em; color: var(--crw-color-muted); }
  .figures dd { margin: 0; font-variant-numeric: tabular-nums; }
  .pct { font-size: 0.9em; }

  .allocation { display: grid; gap: var(--crw-space); contain: layout paint; }
  .allocation--donut { grid-template-columns: var(--crw-portfolio-donut-size) 1fr; align-items: center; }

  .bar { display: flex; height: var(--crw-portfolio-bar-height); border-radius: calc(var(--crw-radius) / 2); overflow: hidden; background: var(--crw-color-surface); }
  .bar .segment { flex-grow: 0; flex-shrink: 0; }
  .donut { width: var(--crw-portfolio-donut-size); height: var(--crw-portfolio-donut-size); }
  .donut-track { stroke: var(--crw-color-surface); }
  .skeleton--bar { width: 100%; height: var(--crw-portfolio-bar-height); }

  .legend { border-collapse: collapse; font-variant-numeric: tabular-nums; width: 100%; }
  .legend th, .legend td { padding: 0.1em 0.4em; text-align: end; font-weight: normal; }
  .legend th[scope='row'] { text-align: start; font-weight: 600; }
  .swatch { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 2px; margin-inline-end: 0.4em; }

  .updated { font-size: 0.8em; margin: var(--crw-space) 0 0; }

`;
