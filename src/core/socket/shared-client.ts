import { socketUrls, WebSocketClient, type WebSocketClientOptions } from './web-socket-client.js';

const shared = new Map<string, { client: WebSocketClient; refs: number }>();

/**
 * The page-wide client for `options.url`, created on first use: every provider pointing at the
 * same URL shares one connection. The first caller's options win; later callers' options are
 * ignored apart from `url`. Pair each call with {@link releaseSharedClient}.
 */
export function getSharedClient(options: WebSocketClientOptions): WebSocketClient {
  const key = socketUrls(options.url).join(' ');
  const found = shared.get(key);
  if (found) {
    found.refs += 1;
    return found.client;
  }
  const client = new WebSocketClient(options);
  shared.set(key, { client, refs: 1 });
  return client;
}

/** Drops one reference taken with {@link getSharedClient}; the last one disposes the client. */
export function releaseSharedClient(client: WebSocketClient): void {
  const found = shared.get(client.url);
  if (!found || found.client !== client) return;
  found.refs -= 1;
  if (found.refs > 0) return;
  shared.delete(client.url);
  client.dispose();
}

/** How many holders share the client for `url` (0 when there is none). */
export function sharedClientRefs(url: string): number {
  return shared.get(url)?.refs ?? 0;
}
