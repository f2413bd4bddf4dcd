import { checkServerFrame } from '../protocol/fast-checks.js';
import { describeIssues, frameTooLarge, frameTypeLabel, notJson, type FrameResult } from '../protocol/names.js';
import { loadedSchemas } from '../protocol/schemas-on-demand.js';
import type { ServerMessage } from '../protocol/server-messages.js';

/**
 * The receive path's common case: a frame within `maxBytes` that parses and passes
 * {@link checkServerFrame}, as its message. Undefined for anything else (too large, not JSON, an
 * alert, anything odd): then {@link parseInboundFrame} gives the verdict. No result object is
 * built, as this runs once per frame.
 */
export function parseHotFrame(raw: string, maxBytes: number): ServerMessage | undefined {
  if (raw.length > maxBytes) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  return checkServerFrame(json);
}

/**
 * `parseServerFrame` for the receive path: the same answers and the same error messages, but
 * frames that pass {@link checkServerFrame} skip the schema. Everything else (alerts, anything odd
 * or malformed) goes through the zod schema, which stays the definition.
 *
 * Returns undefined when the frame needs the schema and it has not loaded yet: the caller loads it
 * (`loadSchemas`) and asks again, holding this frame and every later one so that order is kept.
 */
export function parseInboundFrame(raw: string, maxBytes: number): FrameResult<ServerMessage> | undefined {
  if (raw.length > maxBytes) return frameTooLarge(raw.length, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return notJson(err);
  }
  const fast = checkServerFrame(json);
  if (fast) return { ok: true, message: fast };
  const schemas = loadedSchemas();
  if (!schemas) return undefined;
  const checked = schemas.validate(schemas.serverMessageSchema, json);
  if (checked.ok) return { ok: true, message: checked.value };
  return { ok: false, code: 'bad_frame', message: `invalid "${frameTypeLabel(json)}" frame: ${describeIssues(checked.issues)}`, issues: checked.issues };
}
