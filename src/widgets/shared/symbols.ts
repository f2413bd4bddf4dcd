const SYMBOL = /^[A-Z0-9]{1,12}$/;

/**
 * Reads a comma list of asset symbols as a user would type it (`btc, eth`): trimmed,
 * upper-cased, de-duplicated. Entries that can't be symbols are returned separately so the
 * widget can say which ones it ignored.
 */
export function parseSymbolList(value: string | readonly unknown[] | null | undefined): { symbols: string[]; rejected: string[] } {
  const symbols: string[] = [];
  const rejected: string[] = [];
  const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  for (const raw of entries) {
    if (typeof raw !== 'string') {
      rejected.push(String(raw));
      continue;
    }
    const entry = raw.trim();
    if (!entry) continue;
    const symbol = entry.toUpperCase();
    if (!SYMBOL.test(symbol)) rejected.push(entry);
    else if (!symbols.includes(symbol)) symbols.push(symbol);
  }
  return { symbols, rejected };
}

/**
 * Attribute converter for a symbol list that may be set as a string (`"BTC,ETH"`) or an array
 * (`['BTC', 'ETH']`): the attribute always reads as the comma list, so reflection keeps it true.
 */
export const symbolListConverter = {
  fromAttribute: (value: string | null): string => value ?? '',
  toAttribute: (value: string | readonly unknown[] | null | undefined): string | null =>
    value == null ? null : Array.isArray(value) ? value.map(String).join(',') : String(value),
};
