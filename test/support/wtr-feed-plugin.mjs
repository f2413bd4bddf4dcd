// A web-test-runner plugin that owns real feed-server processes for the browser tests.
// Tests reach it through executeServerCommand('feed:…') (see test/support/feed.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeedProcess } from '../../scripts/feed-process.mjs';

export function feedServerPlugin({ seed = 42, rate = 20 } = {}) {
  /** @type {import('../../scripts/feed-process.mjs').FeedProcess | null} */
  let shared = null;
  const spawned = new Map();
  const dirs = [];
  let nextId = 1;
  const pendingSpawns = new Map();
  /** One redis-server for the cluster tests, started on first ask. */
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
      await redis?.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (!command.startsWith('feed:')) return undefined;
      if (command === 'feed:info') return describe(shared, 0);
      if (command === 'feed:redis') {
        if (!redis) {
          const dir = mkdtempSync(join(tmpdir(), 'crw-redis-'));
          dirs.push(dir);
          redis = await startRedis(dir);
        }
        return { url: redis.url };
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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A real redis-server on a free port, AOF on, data in `dir`. */
async function startRedis(dir) {
  const port = await freePort();
  const child = spawn(process.env.REDIS_SERVER ?? '/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start: ${out}`));
    }, 20000);
    const onData = (chunk) => {
      out += chunk;
      if (/Ready to accept connections/i.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
