import { css } from 'lit';

export const watchlistStyles = css`
  :host {
    --crw-watchlist-row-height: 2.2em;
    --crw-watchlist-gap: var(--crw-space);
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 10rem;
  }

  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--crw-space);
    margin-bottom: var(--crw-space);
  }
  .heading { font-weight: 600; }

  [part='table'] { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  th, td { padding: 0.2em 0.35em; text-align: end; }
  th:first-child, td.name { text-align: start; }
  thead th { color: var(--crw-color-muted); font-weight: 500; font-size: 0.85em; border-bottom: 1px solid var(--crw-color-border); }
  tbody tr { height: var(--crw-watchlist-row-height); contain: layout paint; }
  tbody tr.pending { opacity: 0.6; }
  [part~='symbol'] { font-weight: 600; }
  td.name { color: var(--crw-color-muted); overflow-wrap: anywhere; }

  [part='add'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin-top: var(--crw-watchlist-gap);
  }
  select {
    font: inherit;
    color: inherit;
    background: var(--crw-color-surface);
    border: 1px solid var(--crw-color-border);
    border-radius: calc(var(--crw-radius) / 2);
    padding: 0.15em 0.4em;
  }
  button[aria-disabled='true'] { cursor: default; color: var(--crw-color-muted); }

  [part='empty'] { color: var(--crw-color-muted); margin: var(--crw-space) 0; }
  [part='notice'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--crw-space);
    margin: 0 0 var(--crw-space);
    padding: 0.35em 0.6em;
    border-radius: calc(var(--crw-radius) / 2);
    color: var(--crw-color-critical);
    border: 1px solid currentColor;
  }

  .status { color: var(--crw-color-muted); font-size: 0.85em; }
`;
