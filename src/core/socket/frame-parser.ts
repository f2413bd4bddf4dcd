import { describeIssues, frameTypeLabel, serverMessageSchema, validate, type FrameResult, type ServerMessage } from '../protocol/index.js';
import { checkHotFrame } from './hot-frames.js';

/**
 * `parseServerFrame` for the receive path: the same answers and the same error messages, but hot
 * frames that pass {@link checkHotFrame} skip the schema. Everything else (control frames, alerts,
 * anything odd or malformed) goes through the zod schema, which stays the definition.
 */
export function parseInboundFrame(raw: string, maxBytes: number): FrameResult<ServerMessage> {
  if (raw.length > maxBytes) {
    return { ok: false, code: 'frame_too_large', message: `frame of ${raw.length} bytes exceeds the limit of ${maxBytes}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, code: 'bad_json', message: `frame is not JSON: ${(err as Error).message}` };
  }
  const hot = checkHotFrame(json);
  if (hot) return { ok: true, message: hot };
  const checked = validate(serverMessageSchema, json);
  if (checked.ok) return { ok: true, message: checked.value };
  return { ok: false, code: 'bad_frame', message: `invalid "${frameTypeLabel(json)}" frame: ${describeIssues(checked.issues)}`, issues: checked.issues };
}
