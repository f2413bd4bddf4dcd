import { executeServerCommand } from '@web/test-runner-commands';

export interface FeedInfo {
  id: number;
  url: string;
  wsUrl: string;
  port: number;
  running: boolean;
  /** A fresh token for the demo user (who owns the seeded data); undefined while stopped. */
  token?: string;
}

/** The feed server shared by every browser test file (seeded, in-memory). */
export function sharedFeed(): Promise<FeedInfo> {
  return executeServerCommand<FeedInfo, undefined>('feed:info');
}

/** A feed server of the test's own, with a file database, that it may stop and start. */
export function spawnFeed(options: { seed?: number; rate?: number; args?: string[] } = {}): Promise<FeedInfo> {
  return executeServerCommand<FeedInfo, typeof options>('feed:spawn', options);
}

/** Like `spawnFeed`, for servers that may take longer to start than one server command may last. */
export async function spawnFeedPatiently(options: { seed?: number; rate?: number; args?: string[] } = {}, timeoutMs = 120_000): Promise<FeedInfo> {
  const { id } = await executeServerCommand<{ id: number }, typeof options>('feed:spawn-begin', options);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await executeServerCommand<FeedInfo & { pending?: boolean }, { id: number }>('feed:spawn-status', { id });
    if (!status.pending) return status;
    if (Date.now() > deadline) throw new Error(`feed server ${id} did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A real redis-server (one for the whole run) for feed servers started with `--redis`. */
export function clusterRedis(): Promise<{ url: string }> {
  return executeServerCommand<{ url: string }, undefined>('feed:redis');
}

/** Kills a spawned feed server outright (SIGKILL), as a crashed node. */
export function killFeed(id: number): Promise<FeedInfo> {
  return executeServerCommand<FeedInfo, { id: number }>('feed:kill', { id });
}

export function stopFeed(id: number): Promise<FeedInfo> {
  return executeServerCommand<FeedInfo, { id: number }>('feed:stop', { id });
}

/** Starts a stopped feed again on the same port and database; `args` replaces its extra options. */
export function startFeed(id: number, args?: string[]): Promise<FeedInfo> {
  return executeServerCommand<FeedInfo, { id: number; args?: string[] }>('feed:start', { id, args });
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs` with `what` in the message. */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string | (() => string), timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    // A function describes what was seen at the timeout, not at the start.
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Raises a warning alert through the feed's dev route (`--dev-routes`); answers its id. */
export async function raiseAlert(feed: FeedInfo, title: string): Promise<string> {
  const response = await fetch(`${feed.url}/api/dev/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, severity: 'warning', message: `${title} raised by the test` }),
  });
  if (response.status !== 201) throw new Error(`raising an alert on ${feed.url} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
