import { ContextRoot } from '@lit/context';

const ROOT_KEY = Symbol.for('crypto-risk-widgets/context-root');

/**
 * Lets widgets that upgrade before their `<crypto-data-provider>` still find it once it arrives.
 * Attached once per page, even with two copies of the library (the flag lives on globalThis under
 * a registered symbol). Does nothing where there is no real DOM, such as a server renderer's shim.
 */
export function ensureContextRoot(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[ROOT_KEY]) return;
  const root = typeof document === 'undefined' ? undefined : (document as Partial<Document>).documentElement;
  if (!root || typeof root.addEventListener !== 'function') return;
  new ContextRoot().attach(root);
  g[ROOT_KEY] = true;
}
