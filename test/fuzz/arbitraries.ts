import fc from 'fast-check';

/**
 * Inputs an attacker (or a broken client) sends: text with the characters our rules are about,
 * numbers at and past every ceiling, JSON shapes the schemas never expect, and raw text that is
 * almost JSON. Shared by the REST and the WebSocket fuzzers.
 */

/** Single characters that text rules, parsers and renderers must each handle. */
const NASTY_CHARS = [
  '\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f', // controls
  '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', // bidi marks and overrides
  '\u2066', '\u2067', '\u2068', '\u2069', // bidi isolates
  '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', // lone and paired surrogates
  '\ufeff', '\ufffd', '\uffff', '\u200b', '\u00a0', '\u3000', // BOM, replacement, non-characters, spaces
  'é', 'e\u0301', 'ß', 'İ', '𝔘', '中', 'ש', 'ع', // letters, combining marks, astral, RTL
  '"', '\\', '/', '<', '>', '&', "'", '%', '{', '}', '[', ']', ':', ',', '.', ' ',
];

/** Whole strings worth trying as they are: keys that collide with Object.prototype, classic payloads. */
const NASTY_STRINGS = [
  '', ' ', '   ', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty',
  'exe.\u202egnp', '\u202eevil', 'a\u0000b', '\ud800', 'x\udc00y', '<script>alert(1)</script>', "'; DROP TABLE portfolios; --",
  '../../etc/passwd', '%00', '%2e%2e%2f', 'null', 'undefined', 'NaN', 'Infinity', '-0', '0x10', '1e308', 'true',
  'BTC', 'ETH', 'btc', 'BTC ', ' BTC', 'BTC\u0000', 'B'.repeat(13), 'A'.repeat(80), 'A'.repeat(81), 'A'.repeat(201), 'é'.repeat(80),
];

/** Any UTF-16 code unit, so lone surrogates come up often. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(...NASTY_CHARS), fc.string({ maxLength: 6 })).map((p) => p.join('')) },
);

/** Numbers at and beyond every limit, and things that are not numbers at all. */
export const nastyNumber: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.double({ min: 1e-6, max: 1e6, noNaN: true }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0, -0, 1, -1, 0.5, 5e-324, 1e-300, 1e12, 1e12 + 1, 999_999_999_999.99, 1e15, 2 ** 53, 2 ** 53 + 2, 1e21, 1e300, 1e308,
      -1e308, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
    ),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.boolean(), nastyString, fc.constant([]), fc.constant({})) },
);

/** Any JSON value, keys included from the nasty list. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    nastyNumber,
    nastyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom('name', 'holdings', 'type', 'channel', 'params', 'since', 'id', 'token')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** Sometimes the value itself, sometimes any other JSON: a right field with a wrong type. */
export function orJunk<T>(value: fc.Arbitrary<T>, junkWeight = 1): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 4, arbitrary: value }, { weight: junkWeight, arbitrary: anyJson });
}

/**
 * An object from `fields` where each field may be missing and extra keys may appear, so
 * strictness, required fields and unknown keys are all exercised.
 */
export function looseObject(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const record = fc.oneof({ weight: 2, arbitrary: fc.record(fields) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) });
  return fc.oneof(
    { weight: 6, arbitrary: record },
    { weight: 1, arbitrary: fc.tuple(record, fc.dictionary(nastyString, anyJson, { maxKeys: 2 })).map(([known, extra]) => ({ ...known, ...extra })) },
  );
}

/** `[[[[...]]]]`: nesting around `depth`, to probe the depth limit from both sides. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 28, max: 40 }), fc.boolean())
  .map(([depth, objects]) => (objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth)));

/**
 * Text that is almost the JSON of `value`: cut short, with numbers too large for a double,
 * with a duplicate key, with a byte-order mark, or raw nonsense.
 */
export function rawTextAround(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(value, fc.nat()).map(([v, cut]) => {
      const text = JSON.stringify(v) ?? 'null';
      return text.slice(0, cut % (text.length + 1));
    }),
    value.map((v) => (JSON.stringify(v) ?? 'null').replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/i, '1e999')),
    value.map((v) => (JSON.stringify(v) ?? 'null').replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/i, '-1e400')),
    value.map((v) => (JSON.stringify(v) ?? 'null').replace(/^\{/, '{"name":"a","name":1,')),
    value.map((v) => `\ufeff${JSON.stringify(v) ?? 'null'}`),
    deepJsonText,
    fc.string({ maxLength: 40 }),
    fc.constantFrom('{', '[', 'nul', '"', '{"a":}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '{"type":{"toString":1}}', 'NaN', '1e999', '0x10'),
  );
}

/** A body as sent: JSON of a value, almost-JSON text, or nothing. */
export type Payload = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };

export function payloadOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<Payload> {
  return fc.oneof(
    { weight: 6, arbitrary: value.map((v): Payload => ({ kind: 'json', value: v })) },
    { weight: 2, arbitrary: anyJson.map((v): Payload => ({ kind: 'json', value: v })) },
    { weight: 2, arbitrary: rawTextAround(value).map((text): Payload => ({ kind: 'raw', text })) },
    { weight: 1, arbitrary: fc.constant<Payload>({ kind: 'none' }) },
  );
}

export function payloadText(payload: Payload): string | undefined {
  if (payload.kind === 'none') return undefined;
  if (payload.kind === 'raw') return payload.text;
  return JSON.stringify(payload.value) ?? 'null';
}
