import { css } from 'lit';

export const alertFeedStyles = css`
  :host {
    --crw-alert-feed-gap: var(--crw-space);
    --crw-alert-feed-max-height: 28rem;
    --crw-alert-feed-info: var(--crw-color-accent);
    --crw-alert-feed-warning: var(--crw-color-warning);
    --crw-alert-feed-critical: var(--crw-color-critical);
    --crw-alert-feed-toast-width: min(22rem, 90%);
    display: block;
    position: relative;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
    min-height: 8rem;
  }

  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--crw-space);
    margin-bottom: var(--crw-space);
  }

  .heading { font-weight: 600; }
  .counts { color: var(--crw-color-muted); font-size: 0.85em; }

  [part='filter'] { display: inline-flex; align-items: center; gap: 0.4em; }
  select {
    font: inherit;
    color: inherit;
    background: var(--crw-color-surface);
    border: 1px solid var(--crw-color-border);
    border-radius: calc(var(--crw-radius) / 2);
    padding: 0.15em 0.4em;
  }

  [part='performance'] {
    list-style: none;
    margin: 0 0 var(--crw-alert-feed-gap);
    padding: 0;
    display: grid;
    gap: calc(var(--crw-alert-feed-gap) / 2);
  }

  [part='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--crw-alert-feed-gap) / 2);
    max-height: var(--crw-alert-feed-max-height);
    overflow-y: auto;
  }

  [part~='item'] {
    display: grid;
    grid-template-columns: auto 1fr auto;
    grid-template-areas: 'severity title time' 'message message message' 'actions actions actions';
    gap: 0.2em var(--crw-space);
    padding: 0.45em 0.6em;
    border-radius: calc(var(--crw-radius) / 2);
    border-inline-start: 0.3em solid var(--crw-alert-feed-severity);
    background: var(--crw-color-surface);
    contain: layout paint;
  }

  .info { --crw-alert-feed-severity: var(--crw-alert-feed-info); }
  .warning { --crw-alert-feed-severity: var(--crw-alert-feed-warning); }
  .critical { --crw-alert-feed-severity: var(--crw-alert-feed-critical); }

  [part~='severity'] {
    grid-area: severity;
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    font-weight: 600;
    color: var(--crw-alert-feed-severity);
  }
  [part~='severity'] svg { width: 1em; height: 1em; flex: none; }
  /* Titles and messages quote user-chosen names: isolated, right-to-left text stays inside them. */
  [part~='alert-title'] { grid-area: title; font-weight: 600; overflow-wrap: anywhere; unicode-bidi: isolate; }
  [part~='time'] { grid-area: time; color: var(--crw-color-muted); font-size: 0.85em; font-variant-numeric: tabular-nums; }
  [part~='message'] { grid-area: message; margin: 0; overflow-wrap: anywhere; unicode-bidi: isolate; }
  [part~='actions'] { grid-area: actions; display: flex; gap: 0.4em; justify-content: flex-end; }
  [part~='item'].acknowledged { opacity: 0.85; }
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

  [part='toasts'] {
    position: absolute;
    inset-block-start: var(--crw-space);
    inset-inline-end: var(--crw-space);
    width: var(--crw-alert-feed-toast-width);
    display: grid;
    gap: calc(var(--crw-space) / 2);
    z-index: 1;
  }
  [part~='toast'] {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 0.4em;
    align-items: start;
    padding: 0.5em 0.6em;
    border-radius: calc(var(--crw-radius) / 2);
    border: 1px solid var(--crw-color-border);
    border-inline-start: 0.3em solid var(--crw-alert-feed-severity);
    background: var(--crw-color-bg);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.18);
    animation: crw-toast-in 180ms ease-out;
  }
  [part~='toast'] .toast-text { display: grid; gap: 0.1em; overflow-wrap: anywhere; min-width: 0; }
  /* The list's named areas do not exist here: title and message stack in rows of their own. */
  [part~='toast'] .toast-text > [part] { grid-area: auto; }
  [part~='toast'] button { padding: 0 0.45em; }

  @keyframes crw-toast-in {
    from { opacity: 0; transform: translateY(-0.4em); }
    to { opacity: 1; transform: none; }
  }

  @media (prefers-reduced-motion: reduce) {
    [part~='toast'] { animation: none; }
  }

  .status { color: var(--crw-color-muted); font-size: 0.85em; }
`;
