import { ensureContextRoot } from './core/elements/context-root.js';

/**
 * Defines each element unless its tag is taken (by this or another copy of the library), and
 * returns the tags this call defined. Safe under a server renderer: with no registry it does nothing.
 */
export function register(
  elements: Readonly<Record<string, CustomElementConstructor>>,
  registry: CustomElementRegistry | undefined = globalThis.customElements,
): string[] {
  if (!registry) return [];
  ensureContextRoot();
  const defined: string[] = [];
  for (const [tag, ctor] of Object.entries(elements)) {
    if (registry.get(tag)) continue;
    registry.define(tag, ctor);
    defined.push(tag);
  }
  return defined;
}
