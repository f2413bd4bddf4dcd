import type * as z from 'zod/mini';
import { loadSchemas, type ProtocolSchemas } from '../protocol/schemas-on-demand.js';
import { ApiError } from './api-error.js';
import type { ApiInterceptors, ApiRequest } from './interceptors.js';

/** One HTTP attempt's outcome, for performance monitoring. */
export interface RequestTiming {
  method: string;
  /** Path with query string, relative to the base URL. */
  path: string;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry... */
  attempt: number;
  ok: boolean;
}

/** How requests are made; shared by every call of one {@link ApiClient}. */
export interface TransportConfig {
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  random: () => number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRequestTiming?: (timing: RequestTiming) => void;
  headers?: Record<string, string>;
  interceptors: ApiInterceptors;
}

/** Interceptors may send one attempt again (a fresh token after a 401), but not forever. */
const MAX_REPLAYS = 2;

/** Per-call options every ApiClient method accepts. */
export interface CallOptions {
  /** Cancels the request (and any retry wait); rejects with `ApiError` code `aborted`. */
  signal?: AbortSignal;
}

/** Per-call options of mutations. */
export interface MutationCallOptions extends CallOptions {
  /** Sent as `Idempotency-Key`; generated when absent and reused by every retry of this call. */
  idempotencyKey?: string;
}

/** The names of the protocol's schemas. */
export type SchemaName = { [K in keyof ProtocolSchemas]: ProtocolSchemas[K] extends z.ZodMiniType ? K : never }[keyof ProtocolSchemas];

/**
 * A body's schema, named rather than imported so that it loads only when needed: never, when
 * `check` (a hand-written check that returns exactly what the schema would, or undefined when
 * unsure) accepts the body.
 */
export interface BodySchema<T> {
  name: SchemaName;
  check?: (json: unknown) => T | undefined;
}

/** The schema called `name`, for a request spec. */
export function bodySchema<K extends SchemaName>(name: K, check?: (json: unknown) => z.infer<ProtocolSchemas[K]> | undefined): BodySchema<z.infer<ProtocolSchemas[K]>> {
  return check ? { name, check } : { name };
}

export interface RequestSpec<S extends BodySchema<unknown> | null> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Schema of a 2xx body; `null` when no body is expected. */
  schema: S;
  signal?: AbortSignal;
  idempotencyKey?: string;
}

type Result<S> = S extends BodySchema<infer T> ? T : undefined;

/** An abortable sleep on the global timers. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function withQuery(path: string, query: RequestSpec<null>['query']): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

function retryAfterMs(response: Response | undefined): number | undefined {
  const header = response?.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (header.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  // The HTTP-date form.
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/**
 * Performs one logical request: timeout per attempt, one `Idempotency-Key` for all attempts of a
 * mutation, response validation, and a timing report per attempt. Only mutations are retried here
 * (bounded, jittered, `Retry-After` honoured): their key makes a repeat safe, and nothing above
 * retries them. Reads are tried once; the query cache owns their retries, so one layer decides.
 */
export async function performRequest<S extends BodySchema<unknown> | null>(config: TransportConfig, spec: RequestSpec<S>): Promise<Result<S>> {
  const path = withQuery(spec.path, spec.query);
  const url = config.baseUrl.replace(/\/+$/, '') + path;
  const headers: Record<string, string> = { accept: 'application/json', ...lowerCaseKeys(config.headers) };
  // Writes always say JSON, body or not: the server refuses anything a cross-site form could send.
  if (spec.body !== undefined || spec.method !== 'GET') headers['content-type'] = 'application/json';
  if (spec.method !== 'GET') headers['idempotency-key'] = spec.idempotencyKey ?? crypto.randomUUID();
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);

  for (let attempt = 1; ; attempt++) {
    const { error, response, value } = await attemptOnce(config, spec, url, path, headers, body, attempt);
    if (!error) return value as Result<S>;
    if (!error.transient || spec.method === 'GET' || attempt > config.retries || spec.signal?.aborted) throw error;
    const ceiling = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(attempt - 1, 20));
    const wait = Math.min(config.retryMaxMs, retryAfterMs(response) ?? config.random() * ceiling);
    try {
      await config.sleep(wait, spec.signal);
    } catch (reason) {
      throw new ApiError(0, 'aborted', `${spec.method} ${path} was aborted`, undefined, reason, { method: spec.method, path });
    }
  }
}

async function attemptOnce(
  config: TransportConfig,
  spec: RequestSpec<BodySchema<unknown> | null>,
  url: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  attempt: number,
): Promise<{ error?: ApiError; response?: Response; value?: unknown }> {
  const details = { method: spec.method, path, attempt };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, config.timeoutMs);
  const onCallerAbort = () => controller.abort(spec.signal?.reason);
  if (spec.signal?.aborted) onCallerAbort();
  else spec.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const started = config.now();
  let status = 0;
  const report = (ok: boolean) => {
    try {
      config.onRequestTiming?.({ method: spec.method, path, status, durationMs: config.now() - started, attempt, ok });
    } catch {
      // A broken monitor must not break the request.
    }
  };
  const failure = (error: ApiError, response?: Response) => {
    report(false);
    return { error, response };
  };

  try {
    let response: Response;
    try {
      response = await send(config, { method: spec.method, url, path, headers: { ...headers }, body, attempt }, controller.signal, 0);
    } catch (err) {
      if (err instanceof InterceptorFailure) {
        return failure(new ApiError(0, 'interceptor_error', `${spec.method} ${path}: an interceptor failed: ${(err.cause as Error)?.message ?? err.cause}`, undefined, err.cause, details));
      }
      if (spec.signal?.aborted) return failure(new ApiError(0, 'aborted', `${spec.method} ${path} was aborted`, undefined, err, details));
      if (timedOut) return failure(new ApiError(0, 'timeout', `${spec.method} ${path} timed out after ${config.timeoutMs} ms`, undefined, err, details));
      return failure(new ApiError(0, 'network_error', `${spec.method} ${path} failed: ${(err as Error)?.message ?? err}`, undefined, err, details));
    }
    status = response.status;
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      const code = spec.signal?.aborted ? 'aborted' : timedOut ? 'timeout' : 'network_error';
      return failure(new ApiError(code === 'aborted' ? 0 : status, code, `${spec.method} ${path}: reading the body failed`, undefined, err, details));
    }
    if (!response.ok) {
      const retryAfter = retryAfterMs(response);
      return failure(await errorFromBody(status, text, spec.method, path, retryAfter === undefined ? details : { ...details, retryAfterMs: retryAfter }), response);
    }
    if (spec.schema === null) {
      report(true);
      return { value: undefined };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return failure(new ApiError(status, 'invalid_response', `${spec.method} ${path}: the answer is not JSON`, undefined, err, details));
    }
    const fast = spec.schema.check?.(json);
    if (fast !== undefined) {
      report(true);
      return { value: fast };
    }
    let schemas: ProtocolSchemas;
    try {
      schemas = await loadSchemas();
    } catch (err) {
      return failure(new ApiError(status, 'invalid_response', `${spec.method} ${path}: could not load the schemas to check the answer`, undefined, err, details));
    }
    const checked = schemas.validate(schemas[spec.schema.name] as z.ZodMiniType, json);
    if (!checked.ok) {
      const summary = checked.issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ');
      return failure(new ApiError(status, 'invalid_response', `${spec.method} ${path}: unexpected answer (${summary})`, checked.issues, undefined, details));
    }
    report(true);
    return { value: checked.value };
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onCallerAbort);
  }
}

class InterceptorFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('interceptor failed');
  }
}

/** One send through the interceptors: request ones shape it, response ones may replace the answer. */
async function send(config: TransportConfig, initial: ApiRequest, signal: AbortSignal, replays: number): Promise<Response> {
  let request: ApiRequest = { ...initial, headers: { ...initial.headers } };
  try {
    for (const intercept of config.interceptors.request.list) request = (await intercept(request)) ?? request;
  } catch (err) {
    throw new InterceptorFailure(err);
  }
  let response = await config.fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
  for (const intercept of config.interceptors.response.list) {
    const current = response;
    const context = {
      request,
      replays,
      retry: () => {
        if (replays >= MAX_REPLAYS) return Promise.resolve(current);
        void current.body?.cancel().catch(() => {});
        return send(config, initial, signal, replays + 1);
      },
    };
    try {
      response = await intercept(current, context);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new InterceptorFailure(err);
    }
  }
  return response;
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

async function errorFromBody(status: number, text: string, method: string, path: string, details: Record<string, unknown>): Promise<ApiError> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const schemas = json === undefined ? undefined : await loadSchemas().catch(() => undefined);
  const parsed = schemas?.validate(schemas.restErrorBodySchema, json);
  if (parsed?.ok) {
    const { code, message, issues } = parsed.value.error;
    return new ApiError(status, code, message, issues, undefined, details);
  }
  return new ApiError(status, 'http_error', `${method} ${path} answered HTTP ${status}`, undefined, undefined, details);
}
