import type { CryptoDataServices } from '../core/elements/index.js';

/**
 * A tab that another part of the library (or the page) adds to `<crw-devtools>`. A section with
 * the id `sw` replaces the built-in service-worker view.
 */
export interface DevtoolsSection {
  /** Unique id, e.g. `sw`. Registering the same id again replaces the section. */
  id: string;
  /** The tab's label. */
  label: string;
  /**
   * Renders into `container` (an element inside the panel's shadow root) while the tab is shown.
   * Returns a cleanup function, called when the tab is hidden or the panel closes.
   */
  mount(container: HTMLElement, services: CryptoDataServices | undefined): () => void;
}

type Registry = { sections: Map<string, DevtoolsSection>; listeners: Set<() => void> };

/** On globalThis under a registered symbol, so a section registered by another bundle is still found. */
const KEY = Symbol.for('crypto-risk-widgets/devtools-sections');
const registry: Registry = ((globalThis as Record<symbol, unknown>)[KEY] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { sections: new Map(), listeners: new Set() } as Registry);

/** Adds (or replaces) a devtools section. Returns the function that removes it. */
export function registerDevtoolsSection(section: DevtoolsSection): () => void {
  if (!section || typeof section.id !== 'string' || !section.id || typeof section.mount !== 'function') {
    throw new TypeError('registerDevtoolsSection: a section needs an id, a label and a mount(container, services) function.');
  }
  registry.sections.set(section.id, section);
  registry.listeners.forEach((l) => l());
  return () => {
    if (registry.sections.get(section.id) !== section) return;
    registry.sections.delete(section.id);
    registry.listeners.forEach((l) => l());
  };
}

export function devtoolsSections(): DevtoolsSection[] {
  return [...registry.sections.values()];
}

/** @internal Calls `listener` when sections are added or removed. */
export function onDevtoolsSectionsChange(listener: () => void): () => void {
  registry.listeners.add(listener);
  return () => registry.listeners.delete(listener);
}
