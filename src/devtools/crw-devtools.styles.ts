import { css } from 'lit';

export const devtoolsStyles = css`
  :host {
    --crw-devtools-height: 45vh;
    --crw-devtools-z-index: 2147483000;
    display: block;
    position: fixed;
    inset: auto 0 0 0;
    height: var(--crw-devtools-height);
    z-index: var(--crw-devtools-z-index);
    border-top: 2px solid var(--crw-color-accent);
    border-radius: 0;
    box-shadow: 0 -0.3rem 1rem rgb(0 0 0 / 0.2);
    contain: strict;
  }
  :host([inline]) { position: relative; inset: auto; height: auto; min-height: 20rem; box-shadow: none; border: 1px solid var(--crw-color-border); contain: content; }
  :host(:not([open])) { display: none; }

  [part='base'] { display: flex; flex-direction: column; height: 100%; }
  [part='header'] { display: flex; align-items: center; gap: var(--crw-space); padding: 0.3em var(--crw-space); border-bottom: 1px solid var(--crw-color-border); flex-wrap: wrap; }
  .title { font-weight: 600; margin-inline-end: auto; }
  [role='tablist'] { display: flex; gap: 0.2em; }
  button {
    font: inherit; color: inherit; cursor: pointer;
    background: var(--crw-color-surface);
    border: 1px solid var(--crw-color-border);
    border-radius: calc(var(--crw-radius) / 2);
    padding: 0.2em 0.6em;
  }
  button[aria-selected='true'] { border-color: var(--crw-color-accent); color: var(--crw-color-accent); font-weight: 600; }
  button:disabled { cursor: default; color: var(--crw-color-muted); }
  button:focus-visible, input:focus-visible { outline: 2px solid var(--crw-color-focus); outline-offset: 2px; }
  input { font: inherit; color: inherit; background: var(--crw-color-bg); border: 1px solid var(--crw-color-border); border-radius: calc(var(--crw-radius) / 2); padding: 0.15em 0.4em; }

  [role='tabpanel'] { flex: 1; overflow: auto; padding: var(--crw-space); }
  [role='tabpanel'][data-tab='query'] { padding: 0; overflow: hidden; }
  .query-host { height: 100%; }
  .row { display: flex; flex-wrap: wrap; align-items: center; gap: var(--crw-space); margin-bottom: var(--crw-space); }
  .row p { margin: 0; }
  .muted, .empty { color: var(--crw-color-muted); }
  table { border-collapse: collapse; width: 100%; margin-bottom: var(--crw-space); font-variant-numeric: tabular-nums; }
  caption { text-align: start; font-weight: 600; padding-bottom: 0.2em; }
  th, td { text-align: start; padding: 0.15em 0.4em; border-bottom: 1px solid var(--crw-color-border); vertical-align: top; }
  [part='stats'] { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.2em var(--crw-space); margin: 0 0 var(--crw-space); }
  [part='stats'] div { display: flex; justify-content: space-between; gap: 0.5em; }
  dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
  [part='frames'] { list-style: none; margin: 0; padding: 0; font-size: 0.9em; }
  [part='frames'] li { border-bottom: 1px solid var(--crw-color-border); padding: 0.2em 0; }
  pre { margin: 0.1em 0 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85em; color: var(--crw-color-muted); }
  h3 { font-size: 1em; margin: var(--crw-space) 0 0.3em; }
  .row h3 { margin: 0; }
  .sw-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.2em var(--crw-space); margin: 0 0 var(--crw-space); }
  .sw-facts div { display: flex; gap: 0.5em; min-width: 0; }
  .sw-facts dd { overflow-wrap: anywhere; }
  ul.plain { list-style: none; margin: 0 0 var(--crw-space); padding: 0; }
  ul.plain > li { border-bottom: 1px solid var(--crw-color-border); padding: 0.2em 0; overflow-wrap: anywhere; }
  .urls { margin: 0.2em 0; padding-inline-start: 1.2em; font-size: 0.85em; max-height: 12em; overflow: auto; }
  summary { cursor: pointer; }
  summary:focus-visible { outline: 2px solid var(--crw-color-focus); outline-offset: 2px; }
  time { color: var(--crw-color-muted); font-variant-numeric: tabular-nums; }
`;
