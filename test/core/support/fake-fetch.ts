/** One recorded request made through {@link fakeFetch}. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest, callIndex: number) => Response | Promise<Response> | Error;

/**
 * A scriptable `fetch`: `handler` answers each request (return an `Error` to make fetch reject,
 * as a network failure does). Every call is recorded in `calls`.
 */
export function fakeFetch(handler: Handler) {
  const calls: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: new URL(String(input)),
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(request);
    if (init.signal?.aborted) throw init.signal.reason ?? new Error('aborted');
    const answer = await handler(request, calls.length - 1);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Yields to the event loop until `condition` holds (real time, bounded by `rounds`). */
export async function waitFor(condition: () => boolean, what = 'condition', rounds = 2000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}
