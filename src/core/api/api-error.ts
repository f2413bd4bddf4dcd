import type { FieldIssue } from '../protocol/index.js';

/**
 * Client-side failure codes; any other `code` is the server's own (`not_found`, `validation_failed`, ...).
 * - `network_error`: fetch rejected (no answer at all).
 * - `timeout`: no answer within `timeoutMs`.
 * - `aborted`: the caller's `AbortSignal` fired.
 * - `invalid_response`: the answer did not match the expected schema (or was not JSON).
 * - `http_error`: a non-2xx answer without a readable error body.
 * - `interceptor_error`: a request or response interceptor threw (e.g. `getToken()` failed).
 */
export type ApiClientErrorCode = 'network_error' | 'timeout' | 'aborted' | 'invalid_response' | 'http_error' | 'interceptor_error';

/** Every failure of the {@link ApiClient} is one of these. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no answer arrived (network, timeout, abort). */
    readonly status: number,
    /** The server's error code, or one of {@link ApiClientErrorCode}. */
    readonly code: ApiClientErrorCode | (string & {}),
    message: string,
    /** Field-level problems from the server's body or from response validation. */
    readonly issues?: FieldIssue[],
    /** The underlying error, when there is one. */
    override readonly cause?: unknown,
    /** Extra facts (method, path). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** The server's `Retry-After`, in ms, when it sent one (503, 429). */
  get retryAfterMs(): number | undefined {
    const value = this.details?.retryAfterMs;
    return typeof value === 'number' ? value : undefined;
  }

  /** Worth retrying: no answer, a timeout, 5xx or 429. Never a 4xx nor an abort. */
  get transient(): boolean {
    if (this.code === 'aborted' || this.code === 'invalid_response' || this.code === 'interceptor_error') return false;
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** Whether `error` is an {@link ApiError} with a 4xx status (a request the server will keep refusing). */
export function isClientError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}
