import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { Theme } from './crw-widget.js';
import { themeStyles } from './theme.styles.js';

/**
 * The base of the page controls that show no feed data of their own (`<pwa-status>`,
 * `<push-subscribe>`): the widgets' theming (the `theme` attribute and the shared tokens) without
 * their data status line.
 *
 * @cssprop --crw-theme-font-family - Font of every widget (shared theme token).
 * @cssprop --crw-theme-font-size - Base font size (shared theme token).
 * @cssprop --crw-theme-radius - Corner radius (shared theme token).
 * @cssprop --crw-theme-space - Base spacing unit (shared theme token).
 * @cssprop --crw-theme-bg - Background colour (shared theme token).
 * @cssprop --crw-theme-surface - Colour of raised surfaces (shared theme token).
 * @cssprop --crw-theme-text - Text colour (shared theme token).
 * @cssprop --crw-theme-muted - Colour of secondary text (shared theme token).
 * @cssprop --crw-theme-border - Border colour (shared theme token).
 * @cssprop --crw-theme-accent - Accent colour: links, focus, selection (shared theme token).
 * @cssprop --crw-theme-up - Colour of rises (shared theme token).
 * @cssprop --crw-theme-down - Colour of falls (shared theme token).
 * @cssprop --crw-theme-warning - Colour of warnings (shared theme token).
 * @cssprop --crw-theme-critical - Colour of critical states (shared theme token).
 * @cssprop --crw-theme-focus - Focus ring colour (shared theme token).
 */
export abstract class CrwControl extends LitElement {
  static override styles = [themeStyles];

  /** Colour scheme: `light`, `dark`, or `auto` to follow the system. */
  @property({ reflect: true }) theme: Theme = 'auto';
}
