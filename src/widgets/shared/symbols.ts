const SYMBOL = /^[A-Z0-9]{1,12}$/;

/**
 * Reads a comma list of asset symbols as a user would type it (`btc, eth`): trimmed,
 * upper-cased, de-duplicated. Entries that can't be symbols are returned separately so the
 * widget can say which ones it ignored.
 */
export function parseSymbolList(value: string | null | undefined): { symbols: string[]; rejected: string[] } {
  const symbols: string[] = [];
  const rejected: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const symbol = entry.toUpperCase();
    if (!SYMBOL.test(symbol)) rejected.push(entry);
    else if (!symbols.includes(symbol)) symbols.push(symbol);
  }
  return { symbols, rejected };
}
