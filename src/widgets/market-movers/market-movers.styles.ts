import { css } from 'lit';

export const marketMoversStyles = css`
  :host {
    --crw-market-movers-gap: var(--crw-space);
    --crw-market-movers-bullish: var(--crw-color-up);
    --crw-market-movers-bearish: var(--crw-color-down);
    --crw-market-movers-neutral: var(--crw-color-muted);
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 12rem;
  }

  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--crw-space);
    margin-bottom: var(--crw-space);
  }
  .heading { font-weight: 600; }

  [part~='sentiment'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--crw-space) calc(var(--crw-space) * 2);
    padding: 0.4em 0.6em;
    margin-bottom: var(--crw-market-movers-gap);
    border-radius: calc(var(--crw-radius) / 2);
    background: var(--crw-color-surface);
    min-height: 2.2em;
  }
  [part~='sentiment-label'] { display: inline-flex; align-items: center; gap: 0.35em; font-weight: 700; font-size: 1.1em; }
  [part~='sentiment-label'] svg { width: 1em; height: 1em; }
  .bullish [part~='sentiment-label'] { color: var(--crw-market-movers-bullish); }
  .bearish [part~='sentiment-label'] { color: var(--crw-market-movers-bearish); }
  .neutral [part~='sentiment-label'] { color: var(--crw-market-movers-neutral); }
  dl { display: flex; flex-wrap: wrap; gap: 0.2em calc(var(--crw-space) * 2); margin: 0; }
  dl div { display: flex; gap: 0.35em; }
  dt { color: var(--crw-color-muted); }
  dd { margin: 0; font-variant-numeric: tabular-nums; }

  .tables {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
    gap: var(--crw-market-movers-gap);
  }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  caption { text-align: start; font-weight: 600; padding-bottom: 0.25em; }
  th, td { padding: 0.2em 0.3em; text-align: end; }
  th:first-child { text-align: start; }
  thead th { color: var(--crw-color-muted); font-weight: 500; font-size: 0.85em; border-bottom: 1px solid var(--crw-color-border); }
  tbody tr { height: 1.8em; }
  .empty { color: var(--crw-color-muted); text-align: start; }

  .status { color: var(--crw-color-muted); font-size: 0.85em; }
`;
