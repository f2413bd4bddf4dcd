import { css } from 'lit';

export const perfMonitorStyles = css`
  :host {
    --crw-perf-monitor-columns: 11rem;
    --crw-perf-monitor-chart: var(--crw-color-accent);
    --crw-perf-monitor-warning: var(--crw-color-warning);
    --crw-perf-monitor-critical: var(--crw-color-critical);
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 6rem;
  }

  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--crw-space);
    margin-bottom: var(--crw-space);
  }
  .heading { font-weight: 600; }
  .sampling { color: var(--crw-color-muted); font-size: 0.85em; flex: 1; }

  button {
    font: inherit;
    color: inherit;
    background: var(--crw-color-surface);
    border: 1px solid var(--crw-color-border);
    border-radius: calc(var(--crw-radius) / 2);
    padding: 0.25em 0.7em;
    cursor: pointer;
  }
  button:disabled { cursor: default; color: var(--crw-color-muted); }
  button:focus-visible { outline: 2px solid var(--crw-color-focus); outline-offset: 2px; }

  [part='notice'] { margin: 0 0 var(--crw-space); color: var(--crw-color-muted); }
  [part='notice'].done { color: inherit; }
  .calm, .waiting { margin: 0 0 var(--crw-space); color: var(--crw-color-muted); }

  [part='groups'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--crw-perf-monitor-columns), 1fr));
    gap: var(--crw-space);
  }
  [part='group'] {
    background: var(--crw-color-surface);
    border-radius: calc(var(--crw-radius) / 2);
    padding: 0.4em 0.6em;
  }
  h3 { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.04em; margin: 0 0 0.3em; color: var(--crw-color-muted); }
  dl { margin: 0; display: grid; gap: 0.25em; }
  [part='figure'] { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 0 0.5em; }
  dt { font-size: 0.85em; }
  dd { margin: 0; display: inline-flex; align-items: center; gap: 0.4em; justify-content: flex-end; }
  [part='value'] { font-variant-numeric: tabular-nums; font-weight: 600; }
  [part='chart'] { color: var(--crw-perf-monitor-chart); width: 3.5em; height: 1.1em; }

  [part='alerts'] { list-style: none; margin: 0 0 var(--crw-space); padding: 0; display: grid; gap: 0.3em; }
  [part~='alert'] {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 0.1em var(--crw-space);
    padding: 0.35em 0.6em;
    border-inline-start: 0.3em solid var(--crw-perf-monitor-severity);
    background: var(--crw-color-surface);
    border-radius: calc(var(--crw-radius) / 2);
  }
  .warning { --crw-perf-monitor-severity: var(--crw-perf-monitor-warning); }
  .critical { --crw-perf-monitor-severity: var(--crw-perf-monitor-critical); }
  [part~='alert'] p { grid-column: 1 / -1; margin: 0; }
  [part='severity'] { display: inline-flex; align-items: center; gap: 0.3em; font-weight: 600; color: var(--crw-perf-monitor-severity); }
  [part='severity'] svg { width: 1em; height: 1em; }
  [part='alert-title'] { font-weight: 600; }
  time { color: var(--crw-color-muted); font-size: 0.85em; }

  [part='endpoints'] { width: 100%; border-collapse: collapse; margin-top: var(--crw-space); font-variant-numeric: tabular-nums; }
  caption { text-align: start; font-size: 0.85em; color: var(--crw-color-muted); padding-bottom: 0.2em; }
  th, td { padding: 0.2em 0.4em; border-bottom: 1px solid var(--crw-color-border); text-align: end; }
  th[scope='row'], th:first-child { text-align: start; font-weight: normal; overflow-wrap: anywhere; }
  thead th { font-weight: 600; }

  .status--error { color: var(--crw-color-critical); }
`;
