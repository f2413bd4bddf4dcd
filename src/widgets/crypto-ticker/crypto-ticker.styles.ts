import { css } from 'lit';

/*
 * Why some rules are as they are (kept out of the CSS, which ships as written):
 * - Items: rows out of view (`content-visibility: auto`) are neither laid out nor painted when their
 *   price changes, so a page of many tickers pays for the rows on screen only; a row keeps its last
 *   rendered height meanwhile.
 * - Change: room for "+12.34%" whatever the sign and digits, so a change of width never moves the
 *   items after it (in the tape, every item to its right).
 * - Flash: a tinted layer behind the price that fades by opacity, which the compositor animates;
 *   at 20 prices a second a fading background colour would restyle and repaint the ticker on the
 *   main thread in every frame.
 * - Tape: one line that scrolls sideways and stops while pointed at or focused.
 */
export const tickerStyles = css`
  :host {
    --crw-ticker-gap: var(--crw-space);
    --crw-ticker-tape-speed: 40s;
    display: block;
    padding: var(--crw-space);
    border: 1px solid var(--crw-color-border);
  }

  [part='header'] {
    display: flex;
    justify-content: space-between;
    gap: var(--crw-space);
    color: var(--crw-color-muted);
    font-size: 0.85em;
    margin-bottom: calc(var(--crw-space) / 2);
  }

  [part='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--crw-ticker-gap) / 2);
  }

  :host([layout='card']) [part='list'] {
    grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    gap: var(--crw-ticker-gap);
  }

  [part~='item'] {
    display: grid;
    grid-template-columns: minmax(3.5em, auto) 1fr auto auto;
    align-items: center;
    gap: var(--crw-space);
    padding: 0.25em 0.4em;
    border-radius: calc(var(--crw-radius) / 2);
    cursor: pointer;
    min-height: 1.8em;
    contain: layout paint;
    content-visibility: auto;
    contain-intrinsic-block-size: auto 1.8em;
  }

  :host([layout='card']) [part~='item'] {
    grid-template-columns: 1fr auto;
    grid-template-areas: 'symbol change' 'price price' 'spark spark';
    background: var(--crw-color-surface);
    padding: var(--crw-space);
    contain-intrinsic-block-size: auto 5em;
  }

  :host([layout='card']) [part~='symbol'] { grid-area: symbol; }
  :host([layout='card']) [part~='price'] { grid-area: price; font-size: 1.3em; justify-self: start; }
  :host([layout='card']) [part~='change'] { grid-area: change; }
  :host([layout='card']) [part~='sparkline'] { grid-area: spark; width: 100%; }

  [part~='symbol'] { font-weight: 600; }
  [part~='price'] { font-variant-numeric: tabular-nums; justify-self: end; border-radius: 0.25em; padding: 0 0.2em; position: relative; isolation: isolate; }
  [part~='change'] { font-variant-numeric: tabular-nums; justify-self: end; min-inline-size: 7ch; text-align: end; }
  [part~='sparkline'] { width: 80px; height: 24px; }
  :host([show-sparkline]:not([layout='card'])) [part~='item'] { contain-intrinsic-block-size: auto calc(24px + 0.5em); }

  [part~='price']::before {
    content: '';
    position: absolute;
    inset: 0;
    z-index: -1;
    border-radius: inherit;
    opacity: 0;
    transition: opacity var(--crw-flash-duration) ease-out;
    pointer-events: none;
  }
  .flash-up [part~='price']::before { background-color: color-mix(in srgb, var(--crw-color-up) 22%, transparent); opacity: 1; transition: none; }
  .flash-down [part~='price']::before { background-color: color-mix(in srgb, var(--crw-color-down) 22%, transparent); opacity: 1; transition: none; }

  :host([layout='tape']) [part='viewport'] { overflow: hidden; white-space: nowrap; }
  :host([layout='tape']) [part='list'] {
    display: inline-flex;
    gap: calc(var(--crw-ticker-gap) * 2);
    animation: crw-tape var(--crw-ticker-tape-speed) linear infinite;
  }
  :host([layout='tape']) [part~='item'] { display: inline-flex; gap: 0.4em; content-visibility: visible; }
  :host([layout='tape']) [part='viewport']:hover [part='list'],
  :host([layout='tape']) [part='viewport']:focus-within [part='list'],
  :host([layout='tape']) [part='viewport']:focus [part='list'] { animation-play-state: paused; }

  @keyframes crw-tape {
    from { transform: translateX(0); }
    to { transform: translateX(-50%); }
  }

  @media (prefers-reduced-motion: reduce) {
    :host([layout='tape']) [part='viewport'] { overflow-x: auto; }
    :host([layout='tape']) [part='list'] { animation: none; }
    .flash-up [part~='price']::before, .flash-down [part~='price']::before { opacity: 0; }
  }

`;
