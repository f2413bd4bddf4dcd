// A web-test-runner plugin that owns real feed-server processes for the browser tests.
// Tests reach it through executeServerCommand('feed:…') (see test/support/feed.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeedProcess } from '../../scripts/feed-process.mjs';
import { startRedis } from './redis.mjs';

export function feedServerPlugin({ seed = 42, rate = 20 } = {}) {
  /** @type {import('../../scripts/feed-process.mjs').FeedProcess | null} */
  let shared = null;
  const spawned = new Map();
  const dirs = [];
  let nextId = 1;
  const pendingSpawns = new Map();
  /** One redis-server for the cluster tests, started on first ask (two asking at once share it). */
  let redis = null;

  // Every feed signs in its tests' providers as the demo user, with a token from its demo route.
  const AUTH = ['--demo-auth'];
  const mint = async (feed) => {
    if (!feed.running) return undefined;
    const answer = await fetch(`${feed.url}/api/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return answer.ok ? (await answer.json()).token : undefined;
  };
  const describe = async (feed, id) => ({ id, url: feed.url, wsUrl: feed.wsUrl, port: feed.port, running: feed.running, token: await mint(feed) });

  return {
    name: 'feed-server',
    async serverStart() {
      shared = await startFeedProcess({ seed, rate, db: ':memory:', args: AUTH });
    },
    async serverStop() {
      await Promise.all([...spawned.values()].map((feed) => feed.stop()));
      await shared?.stop();
      await (await redis?.catch(() => null))?.destroy();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (!command.startsWith('feed:')) return undefined;
      if (command === 'feed:info') return describe(shared, 0);
      if (command === 'feed:redis') {
        redis ??= startRedis();
        return { url: (await redis).url };
      }
      if (command === 'feed:spawn-begin') {
        // Starts a feed without holding the command open (a command times out after 20 s, and a busy
        // machine may need longer to start a server); poll with feed:spawn-status.
        const dir = mkdtempSync(join(tmpdir(), 'crw-feed-'));
        dirs.push(dir);
        const id = nextId++;
        const starting = startFeedProcess({ seed: payload?.seed ?? seed, rate: payload?.rate ?? rate, db: join(dir, 'feed.sqlite'), args: [...AUTH, ...(payload?.args ?? [])], startTimeoutMs: 120000 });
        const entry = { feed: null, error: null };
        pendingSpawns.set(id, entry);
        starting.then((feed) => {
          entry.feed = feed;
          spawned.set(id, feed);
        }, (err) => (entry.error = String(err?.message ?? err)));
        return { id, pending: true };
      }
      if (command === 'feed:spawn-status') {
        const entry = pendingSpawns.get(payload?.id);
        if (!entry) throw new Error(`feed:spawn-status: no feed ${payload?.id}`);
        if (entry.error) throw new Error(entry.error);
        return entry.feed ? describe(entry.feed, payload.id) : { id: payload.id, pending: true };
      }
      if (command === 'feed:spawn') {
        // Each spawned feed gets its own file database, so alerts and their positions survive a restart.
        const dir = mkdtempSync(join(tmpdir(), 'crw-feed-'));
        dirs.push(dir);
        const feed = await startFeedProcess({
          seed: payload?.seed ?? seed,
          rate: payload?.rate ?? rate,
          db: join(dir, 'feed.sqlite'),
          args: [...AUTH, ...(payload?.args ?? [])],
        });
        const id = nextId++;
        spawned.set(id, feed);
        return describe(feed, id);
      }
      const feed = spawned.get(payload?.id);
      if (!feed) throw new Error(`${command}: no spawned feed server with id ${payload?.id}`);
      if (command === 'feed:stop') await feed.stop();
      else if (command === 'feed:kill') await feed.stop('SIGKILL');
      else if (command === 'feed:start') await feed.start(payload.args ? [...AUTH, ...payload.args] : undefined);
      else throw new Error(`unknown command ${command}`);
      return describe(feed, payload.id);
    },
  };
}
