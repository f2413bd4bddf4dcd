import type { FieldIssue } from '../../core/protocol/index.js';

/** The parts of an `ApiError` a widget reads; duck-typed so widgets need not import the API layer. */
export interface FailureLike {
  status?: number;
  message?: string;
  issues?: FieldIssue[];
}

/** The server's field issues of a refused body (400 / 422), if the error carries any. */
export function serverIssues(error: unknown): FieldIssue[] {
  const { status, issues } = (error ?? {}) as FailureLike;
  return (status === 400 || status === 422) && Array.isArray(issues) ? issues : [];
}

/** Why a save or delete failed, in words; says so when the marked fields explain it. */
export function failureReason(error: unknown): string {
  const { status, message } = (error ?? {}) as FailureLike;
  if (serverIssues(error).length) return 'the server found problems in the marked fields.';
  if (status === 404) return 'it no longer exists on the server.';
  if (status === 409) return `the server reported a conflict${message ? ` (${message})` : ''}.`;
  if (status !== undefined && status >= 500) return 'the data service had a problem. Try again in a moment.';
  if (status === 0 || error instanceof TypeError) return 'the data service could not be reached. Check your connection.';
  return message ? `${message}.` : 'something went wrong.';
}
