import { css } from 'lit';

export const portfolioManagerStyles = css`
  :host {
    --crw-manager-gap: calc(var(--crw-space) / 2);
    --crw-manager-selected: color-mix(in srgb, var(--crw-color-accent) 14%, transparent);
    --crw-manager-danger: var(--crw-color-critical);
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 8rem;
  }

  [part='header'] {
    display: flex;
    align-items: center;
    gap: var(--crw-space);
    flex-wrap: wrap;
    font-size: 0.85em;
    color: var(--crw-color-muted);
    margin-bottom: var(--crw-space);
  }
  .title { font-weight: 600; color: var(--crw-color-text); font-size: 1.1em; margin-inline-end: auto; }

  .list { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--crw-manager-gap); }
  .list:focus { outline: none; }
  .list:focus-visible { outline: 2px solid var(--crw-color-focus); }
  .item { display: flex; flex-wrap: wrap; align-items: center; gap: calc(var(--crw-space) / 2); contain: layout paint; min-height: 2em; }
  .item.pending { opacity: 0.7; }
  [part~='selected'] .select { background: var(--crw-manager-selected); border-color: var(--crw-color-accent); }
  .select { flex: 1 1 10em; display: flex; justify-content: space-between; gap: var(--crw-space); text-align: start; }
  /* A user-chosen name: isolated, so right-to-left or override characters stay inside it. */
  .item-name { font-weight: 600; overflow-wrap: anywhere; unicode-bidi: isolate; }
  .confirm { flex-basis: 100%; display: flex; flex-wrap: wrap; align-items: center; gap: calc(var(--crw-space) / 2); padding: calc(var(--crw-space) / 2); border-inline-start: 3px solid var(--crw-manager-danger); }
  .danger { color: var(--crw-color-bg); background: var(--crw-manager-danger); border-color: var(--crw-manager-danger); }

  .editor { margin-top: var(--crw-space); padding: var(--crw-space); background: var(--crw-color-surface); border-radius: var(--crw-radius); display: grid; gap: var(--crw-space); }
  .editor-title { margin: 0; font-weight: 600; }
  .field { display: grid; gap: 0.2em; }
  input, select { font: inherit; color: inherit; background: var(--crw-color-bg); border: 1px solid var(--crw-color-border); border-radius: calc(var(--crw-radius) / 2); padding: 0.2em 0.4em; min-width: 0; }
  input[aria-invalid='true'], select[aria-invalid='true'] { border-color: var(--crw-manager-danger); }
  .holdings { border-collapse: collapse; width: 100%; }
  .holdings caption { text-align: start; font-weight: 600; }
  .holdings th { font-weight: normal; text-align: start; color: var(--crw-color-muted); font-size: 0.85em; }
  .holdings td { vertical-align: top; padding: 0.15em 0.2em; }
  .holdings input, .holdings select { width: 100%; box-sizing: border-box; }
  .field-error { display: block; color: var(--crw-manager-danger); font-size: 0.85em; }
  .form-error { color: var(--crw-manager-danger); margin: 0 0 var(--crw-space); }
  .actions { display: flex; gap: calc(var(--crw-space) / 2); flex-wrap: wrap; }
  .spacer { flex: 1; }
  .primary { background: var(--crw-color-accent); color: var(--crw-color-bg); border-color: var(--crw-color-accent); }
  button:disabled { opacity: 0.6; cursor: default; }

`;
