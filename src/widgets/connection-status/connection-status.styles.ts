import { css } from 'lit';

export const connectionStatusStyles = css`
  :host {
    --crw-connection-status-connected: var(--crw-color-up);
    --crw-connection-status-pending: var(--crw-color-warning);
    --crw-connection-status-polling: var(--crw-color-accent);
    --crw-connection-status-offline: var(--crw-color-critical);
    --crw-connection-status-dot-size: 0.7em;
    display: inline-block;
    padding: 0.3em var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 1.9em;
  }

  :host([compact]) {
    padding: 0.25em;
    border: none;
    min-height: 0;
    line-height: 0;
    background: transparent;
  }

  [part='base'] {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.45em;
  }

  [part='label'] { font-weight: 600; }
  [part='detail'] { color: var(--crw-color-muted); font-variant-numeric: tabular-nums; }
  [part='retry'] { margin-inline-start: 0.2em; }

  /* Each state has its own shape as well as its own colour. */
  [part='indicator'] {
    display: inline-block;
    flex: none;
    box-sizing: border-box;
    width: var(--crw-connection-status-dot-size);
    height: var(--crw-connection-status-dot-size);
    border-radius: 50%;
    color: var(--crw-connection-status-offline);
    border: 2px solid currentColor;
  }
  [data-state='connected'] [part='indicator'], [part='indicator'][data-state='connected'] {
    color: var(--crw-connection-status-connected);
    background: currentColor;
  }
  [data-state='connecting'] [part='indicator'], [part='indicator'][data-state='connecting'],
  [data-state='reconnecting'] [part='indicator'], [part='indicator'][data-state='reconnecting'] {
    color: var(--crw-connection-status-pending);
    border-style: dotted;
    animation: crw-connection-pulse 1.6s ease-in-out infinite;
  }
  [data-state='polling'] [part='indicator'], [part='indicator'][data-state='polling'] {
    color: var(--crw-connection-status-polling);
    border-radius: 2px;
    background: currentColor;
  }

  @keyframes crw-connection-pulse {
    50% { opacity: 0.45; }
  }

  @media (prefers-reduced-motion: reduce) {
    [part='indicator'] { animation: none !important; }
  }
`;
