import * as z from 'zod/mini';

/**
 * Control characters, bidi overrides and isolates (which make "exe.png" render as "png.exe"),
 * and UTF-16 surrogates without their partner (which cannot be stored as UTF-8).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `text` is free of control characters, bidi overrides and isolates, and lone surrogates. */
export function isSafeText(text: string): boolean {
  return !UNSAFE_TEXT.test(text);
}

export const UNSAFE_TEXT_MESSAGE = 'must not contain control characters, bidi overrides or unpaired surrogates';

/**
 * The rules of every free text a client may send (names, titles, messages): trimmed, 1 to `max`
 * characters, and safe to store as UTF-8 and to show (see `isSafeText`).
 */
export function safeTextSchema(max: number) {
  return z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.refine(isSafeText, UNSAFE_TEXT_MESSAGE),
  );
}

/**
 * `text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, for a user's text quoted inside
 * a sentence (an alert title): a right-to-left name then cannot reorder the words and numbers
 * around it, wherever the sentence is shown (widgets, notifications, screen readers).
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
