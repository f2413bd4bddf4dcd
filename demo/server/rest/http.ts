import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod/mini';
import { describeIssues, validate, type FieldIssue, type RestErrorBody } from '../../../src/core/protocol/index.js';
import type { IdempotencyRepository } from '../store/user-data.js';

/** An error a handler throws to answer with a given status and the shared error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    // A refusal is an answer, not a fault: capturing a stack for each one would let a flood of bad
    // requests buy CPU time with every request.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
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

/** `user` is the verified caller, when the route asks for one. */
export type Handler = (req: FastifyRequest, user: string | undefined) => Reply | Promise<Reply>;

/** Resolves the caller of a request from its bearer token; rejects with a 401 HttpError. */
export type Authenticate = (req: FastifyRequest) => Promise<string | undefined>;

export interface RouteOptions {
  /** Honour `Idempotency-Key` (mutating routes). */
  idempotency?: { store: IdempotencyRepository; now: () => number };
  /** `required`: a valid bearer token or 401. `optional`: a valid token or none (a bad one is still a 401). */
  auth?: { authenticate: Authenticate; mode: 'required' | 'optional' };
}

const MAX_KEY_LENGTH = 255;
/** Stored answers are kept this long. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A claim whose holder died (a node crashed mid-request) lapses after this long, so a retry can run. */
const IDEMPOTENCY_LEASE_MS = 30_000;
/** How long a repeat waits for the first request with its key to finish before it is told to retry. */
const IDEMPOTENCY_WAIT_MS = 10_000;

/**
 * Registers a JSON route. Writes must say `content-type: application/json` (with or without a
 * body), so no "simple" cross-site request can reach them. Mutating routes honour
 * `Idempotency-Key`: a key (per user, method and route) applies once, and every repeat answers the
 * stored status and body; the same key with a different body is a 409. Only successes are stored,
 * so a failed attempt can be retried. The key is claimed before the handler runs (one atomic step
 * in the store), so of two requests with one key, on one node or on two, exactly one runs and the
 * other waits for its answer.
 */
export function route(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  handler: Handler,
  options: RouteOptions = {},
): void {
  app.route({
    method,
    url,
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      if (method !== 'GET') requireJsonContentType(req);
      const user = options.auth ? await options.auth.authenticate(req) : undefined;
      if (options.auth?.mode === 'required' && user === undefined) {
        throw new HttpError(401, 'unauthorized', 'sign in: this request needs an Authorization: Bearer token');
      }
      const result = options.idempotency && method !== 'GET' ? await idempotent(req, reply, handler, user, options.idempotency) : await handler(req, user);
      reply.code(result.status);
      if (result.body === undefined) return reply.send();
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(result.body));
    },
  });
}

function requireJsonContentType(req: FastifyRequest): void {
  const type = req.headers['content-type'];
  const mime = typeof type === 'string' ? type.split(';')[0]?.trim().toLowerCase() : undefined;
  if (mime !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', `writes must be sent with content-type: application/json (got ${type === undefined ? 'none' : JSON.stringify(type)})`);
  }
}

/**
 * The route a request matched, with its decoded parameters: `/api/%70ortfolios` and
 * `/api/portfolios` are one resource, so they share one idempotency scope.
 */
function canonicalTarget(req: FastifyRequest): string {
  const params = (req.params ?? {}) as Record<string, unknown>;
  const names = Object.keys(params).sort();
  return `${req.routeOptions.url ?? req.url.split('?')[0]}${names.length ? ` ${JSON.stringify(names.map((n) => [n, params[n]]))}` : ''}`;
}

async function idempotent(
  req: FastifyRequest,
  reply: FastifyReply,
  handler: Handler,
  user: string | undefined,
  { store, now }: { store: IdempotencyRepository; now: () => number },
): Promise<Reply> {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return handler(req, user);
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > MAX_KEY_LENGTH || Array.isArray(raw)) {
    const message = `must be one value of 1-${MAX_KEY_LENGTH} characters`;
    throw new HttpError(400, 'validation_failed', `Idempotency-Key: ${message}`, [{ path: 'Idempotency-Key', message }]);
  }
  // Keys are per user: one user's key can never answer another user's request.
  const scope = `${JSON.stringify(user ?? null)} ${req.method} ${canonicalTarget(req)}`;
  const bodyHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
  const conflict = () => new HttpError(409, 'conflict', 'this Idempotency-Key was already used with a different request body');
  const giveUpAt = performance.now() + IDEMPOTENCY_WAIT_MS;
  for (let wait = 10; ; wait = Math.min(wait * 2, 100)) {
    const claim = await store.begin(scope, key, bodyHash, now(), IDEMPOTENCY_LEASE_MS);
    if (claim.state === 'done') {
      if (claim.stored.bodyHash !== bodyHash) throw conflict();
      reply.header('idempotency-replayed', 'true');
      return { status: claim.stored.status, body: claim.stored.response === null ? undefined : JSON.parse(claim.stored.response) };
    }
    if (claim.state === 'pending') {
      if (claim.bodyHash !== bodyHash) throw conflict();
      if (performance.now() > giveUpAt) {
        throw new HttpError(409, 'conflict', 'a request with this Idempotency-Key is still in progress; retry it later');
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      continue;
    }
    let result: Reply;
    try {
      result = await handler(req, user);
    } catch (err) {
      await store.release(scope, key, claim.token).catch(() => undefined);
      throw err;
    }
    if (result.status >= 200 && result.status < 300) {
      const stored = { bodyHash, status: result.status, response: result.body === undefined ? null : JSON.stringify(result.body) };
      await store.complete(scope, key, claim.token, stored, now(), IDEMPOTENCY_TTL_MS);
    } else {
      await store.release(scope, key, claim.token);
    }
    return result;
  }
}
