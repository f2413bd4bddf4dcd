// `npm start`: the feed server plus the demo dashboard's production build (the installable,
// offline-capable PWA a user would deploy), served on one origin with /api and /ws proxied to the
// feed server. `npm run dev` (`--dev`) serves the sources with hot reload instead.
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFeedProcess } from './feed-process.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string' },
    'demo-port': { type: 'string', default: '5173' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '42' },
    rate: { type: 'string', default: '20' },
    db: { type: 'string', default: './data/feed.sqlite' },
    'out-dir': { type: 'string', default: 'dist/demo' },
    dev: { type: 'boolean', default: false },
    'dev-routes': { type: 'boolean', default: false },
    'build-only': { type: 'boolean', default: false },
    prebuilt: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) {
  console.log(`Usage: npm start -- [--port 8000] [--demo-port 5173] [--host 127.0.0.1] [--seed 42] [--rate 20] [--db ./data/feed.sqlite] [--out-dir dist/demo] [--dev] [--dev-routes] [--build-only | --prebuilt]
Starts the reference feed server, builds the demo dashboard (dist/demo, with its service worker)
and serves it, then prints the URL to open. --dev (npm run dev) serves the sources with hot reload.
--dev-routes lets the feed raise alerts on request (POST /api/dev/alerts), to try notifications.
--build-only builds into --out-dir and exits; --prebuilt serves what is in --out-dir without
building (the test suite builds the demo once for all its end-to-end files this way).`);
  process.exit(0);
}

function isFree(port, host) {
  return new Promise((resolve) => {
    const probe = createNetServer().once('error', () => resolve(false)).once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, host);
  });
}

const configFile = new URL('../vite.config.ts', import.meta.url).pathname;

async function buildDemo() {
  const { build } = await import('vite');
  const started = Date.now();
  console.log(`Building the demo (${opts['out-dir']})...`);
  await build({ configFile, mode: 'demo', logLevel: 'warn', build: { outDir: resolve(opts['out-dir']), emptyOutDir: true } });
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (opts['build-only']) {
  await buildDemo();
  process.exit(0);
}

let feedPort = Number(opts.port ?? 8000);
if (opts.port === undefined && !(await isFree(feedPort, opts.host))) {
  console.warn(`Port ${feedPort} is taken; starting the feed server on a free port instead.`);
  feedPort = 0;
}

const feed = await startFeedProcess({
  host: opts.host,
  port: feedPort,
  seed: Number(opts.seed),
  rate: Number(opts.rate),
  db: opts.db,
  // The dashboard signs in as the demo user with tokens from POST /api/demo/token.
  args: ['--demo-auth', ...(opts['dev-routes'] ? ['--dev-routes'] : [])],
});
process.env.FEED_URL = feed.url;
process.env.DEMO_HOST = opts.host;
process.env.DEMO_PORT = opts['demo-port'];

let vite;
try {
  vite = opts.dev ? await startDevServer() : await startProductionServer();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await feed.stop();
  process.exit(1);
}
const demoUrl = vite.resolvedUrls?.local[0] ?? `http://${opts.host}:${opts['demo-port']}/`;

async function startDevServer() {
  const { createServer } = await import('vite');
  const server = await createServer({ configFile, logLevel: 'warn' });
  await server.listen();
  return server;
}

async function startProductionServer() {
  const { preview } = await import('vite');
  if (!opts.prebuilt) await buildDemo();
  const server = await preview({ configFile, mode: 'demo', logLevel: 'warn', build: { outDir: resolve(opts['out-dir']) } });
  return { resolvedUrls: server.resolvedUrls, close: () => server.close() };
}

console.log(`\n  crypto-risk-widgets demo:  ${demoUrl}${opts.dev ? '  (sources, hot reload)' : '  (production build)'}`);
console.log(`  feed server:               ${feed.url}  (WebSocket ${feed.wsUrl})`);
console.log('  Press Ctrl+C to stop.\n');

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([vite.close(), feed.stop()]);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
