import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod/mini';
import { describeIssues, validate, type FieldIssue, type RestErrorBody } from '../../../src/core/protocol/index.js';
import type { IdempotencyStore } from '../store/idempotency.js';

/** An error a handler throws to answer with a given status and the shared error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }

  toBody(): RestErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export const notFound = (what: string, path?: string) =>
  new HttpError(404, 'not_found', `${what} not found`, path ? [{ path, message: `${what} not found` }] : undefined);

/** Validates with a shared schema; a failure becomes a 400 naming each field. */
export function parse<S extends z.ZodMiniType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const checked = validate(schema, value);
  if (checked.ok) return checked.value;
  const issues = checked.issues.map((i) => ({
    path: prefix ? (i.path === '(root)' ? prefix : `${prefix}.${i.path}`) : i.path,
    message: i.message,
  }));
  throw new HttpError(400, 'validation_failed', describeIssues(issues), issues);
}

/** What a handler answers: a status and a JSON body (none for 204). */
export interface Reply {
  status: number;
  body?: unknown;
}

export type Handler = (req: FastifyRequest) => Reply;

const MAX_KEY_LENGTH = 255;

/**
 * Registers a synchronous JSON route. Mutating routes honour `Idempotency-Key`: a key (per method
 * and path) applies once, and every repeat answers the stored status and body; the same key with
 * a different body is a 409. Only successes are stored, so a failed attempt can be retried.
 * Handlers are synchronous (SQLite is too), so two requests with one key cannot interleave.
 */
export function route(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  handler: Handler,
  idempotency?: { store: IdempotencyStore; now: () => number },
): void {
  app.route({
    method,
    url,
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const result = idempotency && method !== 'GET' ? idempotent(req, reply, handler, idempotency) : handler(req);
      reply.code(result.status);
      if (result.body === undefined) return reply.send();
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(result.body));
    },
  });
}

function idempotent(
  req: FastifyRequest,
  reply: FastifyReply,
  handler: Handler,
  { store, now }: { store: IdempotencyStore; now: () => number },
): Reply {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return handler(req);
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > MAX_KEY_LENGTH || Array.isArray(raw)) {
    const message = `must be one value of 1-${MAX_KEY_LENGTH} characters`;
    throw new HttpError(400, 'validation_failed', `Idempotency-Key: ${message}`, [{ path: 'Idempotency-Key', message }]);
  }
  const scope = `${req.method} ${req.url.split('?')[0]}`;
  const bodyHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
  const stored = store.get(scope, key);
  if (stored) {
    if (stored.bodyHash !== bodyHash) {
      throw new HttpError(409, 'conflict', 'this Idempotency-Key was already used with a different request body');
    }
    reply.header('idempotency-replayed', 'true');
    return { status: stored.status, body: stored.response === null ? undefined : JSON.parse(stored.response) };
  }
  const result = handler(req);
  if (result.status >= 200 && result.status < 300) {
    store.put(scope, key, { bodyHash, status: result.status, response: result.body === undefined ? null : JSON.stringify(result.body) }, now());
  }
  return result;
}
