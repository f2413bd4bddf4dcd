// `npm start`: the feed server plus the demo page, live. Prints the URL to open.
import { createServer as createNetServer } from 'node:net';
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
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) {
  console.log(`Usage: npm start -- [--port 8000] [--demo-port 5173] [--host 127.0.0.1] [--seed 42] [--rate 20] [--db ./data/feed.sqlite]
Starts the reference feed server and the demo dashboard, then prints the URL to open.`);
  process.exit(0);
}

function isFree(port, host) {
  return new Promise((resolve) => {
    const probe = createNetServer().once('error', () => resolve(false)).once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, host);
  });
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
  args: ['--demo-auth'],
});
process.env.FEED_URL = feed.url;
process.env.DEMO_HOST = opts.host;
process.env.DEMO_PORT = opts['demo-port'];

const { createServer } = await import('vite');
const vite = await createServer({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
await vite.listen();
const demoUrl = vite.resolvedUrls?.local[0] ?? `http://${opts.host}:${opts['demo-port']}/`;

console.log(`\n  crypto-risk-widgets demo:  ${demoUrl}`);
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
