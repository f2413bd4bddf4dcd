import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { clientMessageSchema, type ClientMessage } from './client-messages.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.js';
import { DEFAULT_MAX_FRAME_BYTES, describeIssues, frameTooLarge, frameTypeLabel, notJson, type FieldIssue, type FrameResult } from './names.js';
import { serverMessageSchema, type ServerMessage } from './server-messages.js';

let englishConfigured = false;
/**
 * zod/mini ships without messages; load the English ones once, on first use. The one locale module
 * is imported by path: `z.locales.en()` on the namespace keeps every locale in esbuild bundles.
 * (zod/mini, unlike zod, never compiles parsers with `new Function`, so a strict CSP stays quiet.)
 */
export function useEnglishMessages(): void {
  if (englishConfigured) return;
  englishConfigured = true;
  z.config(en());
}

/** Flattens zod issues into `{path, message}` pairs, path dotted (`holdings.0.quantity`). */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

/** Validates a value against a schema and returns typed data or readable field issues. */
export function validate<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; issues: FieldIssue[] } {
  useEnglishMessages();
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data as z.infer<S> } : { ok: false, issues: toFieldIssues(result.error) };
}

function parseFrame<T>(raw: unknown, schema: z.ZodMiniType, maxBytes: number): FrameResult<T> {
  if (typeof raw !== 'string') return { ok: false, code: 'bad_frame', message: 'frames must be JSON text' };
  if (raw.length > maxBytes) {
    return frameTooLarge(raw.length, maxBytes);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return notJson(err);
  }
  const checked = validate(schema, json);
  if (!checked.ok) {
    return {
      ok: false,
      code: 'bad_frame',
      message: `invalid "${frameTypeLabel(json)}" frame: ${describeIssues(checked.issues)}`,
      issues: checked.issues,
    };
  }
  return { ok: true, message: checked.value as T };
}

/** Parses and validates a frame the server sent. Never throws. */
export function parseServerFrame(raw: unknown, maxBytes = DEFAULT_MAX_FRAME_BYTES * 16): FrameResult<ServerMessage> {
  return parseFrame<ServerMessage>(raw, serverMessageSchema, maxBytes);
}

/** Parses and validates a frame a client sent. Never throws. */
export function parseClientFrame(raw: unknown, maxBytes = DEFAULT_MAX_FRAME_BYTES): FrameResult<ClientMessage> {
  if (typeof raw === 'string' && raw.length <= maxBytes && jsonTooDeep(raw)) {
    return { ok: false, code: 'bad_frame', message: `frame nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  return parseFrame<ClientMessage>(raw, clientMessageSchema, maxBytes);
}
