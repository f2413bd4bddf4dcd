import type { ApiClient } from './api-client.js';
import type { TokenSource } from './token-source.js';

/**
 * Sends `source`'s token as `Authorization: Bearer …` on every request of `api`, through its
 * interceptors. A 401 on a request that carried a token asks the source for a fresh one and sends
 * the attempt once more. Returns the function that removes both interceptors.
 */
export function useBearerToken(api: ApiClient, source: TokenSource): () => void {
  const ejectRequest = api.interceptors.request.use(async (request) => {
    const token = await source.get();
    if (token) request.headers.authorization = `Bearer ${token}`;
  });
  const ejectResponse = api.interceptors.response.use((response, context) => {
    if (response.status !== 401 || context.replays > 0 || !context.request.headers.authorization) return response;
    return source.invalidate() ? context.retry() : response;
  });
  return () => {
    ejectRequest();
    ejectResponse();
  };
}
