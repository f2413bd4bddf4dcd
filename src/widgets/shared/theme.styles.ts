import { css } from 'lit';

/** The dark colours, used by `theme="dark"` and by `theme="auto"` when the system is dark. */
const darkPalette = css`
  --crw-color-bg: var(--crw-theme-bg, #12161c);
  --crw-color-surface: var(--crw-theme-surface, #1c222b);
  --crw-color-text: var(--crw-theme-text, #e8ecf1);
  --crw-color-muted: var(--crw-theme-muted, #a2acb8);
  --crw-color-border: var(--crw-theme-border, #333c48);
  --crw-color-accent: var(--crw-theme-accent, #7ea6ff);
  --crw-color-up: var(--crw-theme-up, #4ade80);
  --crw-color-down: var(--crw-theme-down, #ff7b7b);
  --crw-color-warning: var(--crw-theme-warning, #f5c25b);
  --crw-color-critical: var(--crw-theme-critical, #ff6b6b);
  --crw-color-focus: var(--crw-theme-focus, #7ea6ff);
`;

/**
 * The theming contract shared by every widget. Global tokens (`--crw-…`) set from the page
 * reach every widget; `theme="light|dark|auto"` picks the palette (auto follows the OS).
 *
 * Notes on the rules (kept out of the CSS, which ships as written):
 * - The skeleton pulses by opacity, which runs on the compositor; a moving gradient would repaint
 *   every skeleton on the main thread in every frame while the page starts, when it is busiest.
 * - The status line (`.status`, rendered by CrwWidget.renderStatus) changes as data flows:
 *   "Loading…", "Live", "Live · N updates/s to keep up" whenever frames run over budget,
 *   "Updated 5 s ago" between quiet updates. It keeps the room of its longer forms, so the text
 *   next to it and the controls after it don't jump (or wrap and unwrap) each time.
 */
export const themeStyles = css`
  :host {
    --crw-font-family: var(--crw-theme-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --crw-font-size: var(--crw-theme-font-size, 0.875rem);
    --crw-radius: var(--crw-theme-radius, 0.5rem);
    --crw-space: var(--crw-theme-space, 0.5rem);
    --crw-color-bg: var(--crw-theme-bg, #ffffff);
    --crw-color-surface: var(--crw-theme-surface, #f4f6f8);
    --crw-color-text: var(--crw-theme-text, #14181f);
    --crw-color-muted: var(--crw-theme-muted, #5b6470);
    --crw-color-border: var(--crw-theme-border, #d9dee4);
    --crw-color-accent: var(--crw-theme-accent, #2456d3);
    --crw-color-up: var(--crw-theme-up, #0a7a3d);
    --crw-color-down: var(--crw-theme-down, #c0262d);
    --crw-color-warning: var(--crw-theme-warning, #8a5a00);
    --crw-color-critical: var(--crw-theme-critical, #b3121b);
    --crw-color-focus: var(--crw-theme-focus, #2456d3);
    --crw-flash-duration: 600ms;

    font-family: var(--crw-font-family);
    font-size: var(--crw-font-size);
    color: var(--crw-color-text);
    background: var(--crw-color-bg);
    border-radius: var(--crw-radius);
    box-sizing: border-box;
    contain: content;
  }

  :host([theme='dark']) {
    ${darkPalette}
  }

  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkPalette}
    }
  }

  @media (prefers-reduced-motion: reduce) {
    :host {
      --crw-flash-duration: 0ms;
    }
  }

  :host([hidden]) {
    display: none;
  }

  :focus-visible {
    outline: 2px solid var(--crw-color-focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .skeleton {
    display: inline-block;
    min-width: 4em;
    min-height: 1em;
    border-radius: 0.25em;
    background: var(--crw-color-border);
    animation: crw-shimmer 1.4s ease-in-out infinite;
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }

  @keyframes crw-shimmer {
    50% { opacity: 0.45; }
  }

  .status { display: inline-flex; align-items: center; gap: 0.35em; font-variant-numeric: tabular-nums; }
  .status[data-state]:not([data-state='error']) { min-inline-size: min(16.5em, 100%); }
  .status.status--warn { color: var(--crw-color-warning); }
  .status.status--error { color: var(--crw-color-critical); }
  .dot { width: 0.5em; height: 0.5em; border-radius: 50%; background: var(--crw-color-up); }

  .up { color: var(--crw-color-up); }
  .down { color: var(--crw-color-down); }
  .muted { color: var(--crw-color-muted); }

  button {
    font: inherit;
    color: inherit;
    background: var(--crw-color-surface);
    border: 1px solid var(--crw-color-border);
    border-radius: calc(var(--crw-radius) / 2);
    padding: 0.2em 0.7em;
    cursor: pointer;
  }
`;
