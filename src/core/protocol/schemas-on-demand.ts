/**
 * The zod schemas, loaded on first need: a page whose frames and answers all pass the
 * hand-written checks (`fast-checks.ts`) never downloads them. They load for the frames and bodies
 * that have no check (alerts, portfolios, history…), and to explain exactly why a check refused
 * something.
 */
export type ProtocolSchemas = typeof import('./client-schemas.js');

let loaded: ProtocolSchemas | undefined;
let loading: Promise<ProtocolSchemas> | undefined;

/** The schemas, loading them if needed. A failed load is retried on the next call. */
export function loadSchemas(): Promise<ProtocolSchemas> {
  loading ??= import('./client-schemas.js').then(
    (schemas) => (loaded = schemas),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** The schemas when they have loaded already, so a caller can stay synchronous. */
export function loadedSchemas(): ProtocolSchemas | undefined {
  return loaded;
}
