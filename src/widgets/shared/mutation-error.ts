/** Why a change the user asked for did not go through, in words a person understands. */
export function mutationErrorText(error: unknown): string {
  const status = (error as { status?: number } | undefined)?.status;
  if (status === 404) return 'the service no longer knows it.';
  if (status !== undefined && status >= 500) return 'the data service had a problem.';
  const code = (error as { code?: string } | undefined)?.code;
  if (status === 0 || code === 'network_error' || code === 'timeout' || error instanceof TypeError) return 'the data service could not be reached.';
  const message = (error as Error | undefined)?.message;
  return message ? `${message.replace(/\.$/, '')}.` : 'something went wrong.';
}
