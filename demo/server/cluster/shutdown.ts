import type { Redis } from 'ioredis';

/** How long a shutdown step may wait on Redis before the node lets go of it. */
const SHUTDOWN_WAIT_MS = 1_000;

/**
 * Runs a last command on a connection only if Redis is there to answer it: ioredis queues
 * commands while it reconnects, so a node shutting down during a Redis outage would otherwise wait
 * for as long as the outage lasts.
 */
export async function lastWord(redis: Redis, command: () => Promise<unknown>): Promise<void> {
  if (redis.status !== 'ready') return;
  await settleWithin(command(), SHUTDOWN_WAIT_MS);
}

/** Closes a connection politely when Redis answers, and drops it otherwise. */
export async function release(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await settleWithin(redis.quit(), SHUTDOWN_WAIT_MS);
  redis.disconnect();
}

/** Waits for `work` to settle, but no longer than `ms`; its outcome is not needed. */
export function settleWithin(work: Promise<unknown>, ms = SHUTDOWN_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
