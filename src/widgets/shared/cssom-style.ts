import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/** Property names as CSS spells them (`flex-basis`, `--crw-x`), each with its value. */
export type CssomStyleInfo = Readonly<Record<string, string | number | null | undefined>>;

/**
 * Sets inline styles through the CSSOM (`element.style.setProperty`) on every render, the first one
 * included. Lit's `styleMap` writes its first value as a `style` attribute, which a Content-Security-
 * Policy without `'unsafe-inline'` in `style-src` blocks; CSSOM writes are allowed under any policy.
 * Used in element position: `<span ${cssomStyle({ 'flex-basis': '20%' })}>`.
 */
class CssomStyleDirective extends Directive {
  #applied = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssomStyle() goes in element position: <span ${cssomStyle({...})}>');
  }

  render(_styles: CssomStyleInfo): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [CssomStyleInfo]): typeof noChange {
    const style = (part.element as HTMLElement | SVGElement).style;
    for (const name of this.#applied) {
      if (styles[name] == null) {
        style.removeProperty(name);
        this.#applied.delete(name);
      }
    }
    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      style.setProperty(name, String(value));
      this.#applied.add(name);
    }
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyleDirective);
