import { css } from 'lit';

export const pwaStatusStyles = css`
  :host {
    display: inline-block;
    font-family: var(--crw-font-family);
    font-size: var(--crw-font-size);
    color: var(--crw-color-text);
  }
  [part='base'] { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.5em; }
  [part='network'] {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: 0.2em 0.6em;
    border: 1px solid var(--crw-color-border);
    border-radius: 999px;
    font-weight: 600;
  }
  [part='network']::before {
    content: '';
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--crw-color-up);
  }
  [part='network'][data-online='false']::before { background: var(--crw-color-critical); border-radius: 0; }
  [part='update'] {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.2em 0.3em 0.2em 0.6em;
    border-radius: var(--crw-radius);
    background: var(--crw-color-surface);
    border: 1px solid var(--crw-color-accent);
  }
  button {
    font: inherit;
    cursor: pointer;
    padding: 0.2em 0.7em;
    border-radius: var(--crw-radius);
    border: 1px solid var(--crw-color-border);
    background: var(--crw-color-surface);
    color: var(--crw-color-text);
  }
  button:focus-visible { outline: 2px solid var(--crw-color-focus); outline-offset: 2px; }
  [part='error'] { color: var(--crw-color-critical); }
  [part='pending'] summary { cursor: pointer; font-weight: 600; }
  [part='pending'] ul { margin: 0.3em 0 0; padding-inline-start: 1.2em; }
  [part='failure'] {
    flex-basis: 100%;
    padding: 0.3em 0.6em;
    border-radius: var(--crw-radius);
    border: 1px solid var(--crw-color-critical);
  }
`;
