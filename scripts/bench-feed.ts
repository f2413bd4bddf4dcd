// Measures the reference feed server on loopback: (1) one client at the highest rate it can take,
// (2) many clients at 20 updates/s each. Prints figures; never fails on speed.
// Usage: tsx scripts/bench-feed.ts [--seconds 5] [--clients 1000] [--rate 50000]
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { listeningUrl } from './bench/listening-url.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '50000' },
  },
});
const SECONDS = Math.min(60, Math.max(1, Number(values.seconds)));
const CLIENTS = Math.min(5000, Math.max(1, Number(values.clients)));
const HIGH_RATE = Math.min(1_000_000, Math.max(1, Number(values.rate)));

/** Runs the server as its own process, so it does not share a core with the clients. */
async function startServer(args: string[]): Promise<{ url: string; wsUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', '--port', '0', '--db', ':memory:', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await listeningUrl(child, 'server', 60_000);
  child.removeAllListeners('exit');
  return { url, wsUrl: url.replace(/^http/, 'ws') + '/ws', child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Client {
  socket: WebSocket;
  received: number;
  closed: boolean;
}

function connect(wsUrl: string, onPrice: (ts: number) => void): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    const client: Client = { socket, received: 0, closed: false };
    socket.once('error', reject);
    socket.on('close', () => (client.closed = true));
    socket.on('message', (data) => {
      const text = data.toString();
      // Only the hot path is measured: a cheap check, and the ts read without a full parse.
      if (text.startsWith('{"type":"price_update"')) {
        client.received += 1;
        const i = text.indexOf('"ts":');
        onPrice(Number(text.slice(i + 5, text.indexOf(',', i))));
      }
    });
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates' }));
      resolve(client);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN);

async function singleClient(): Promise<void> {
  const server = await startServer(['--rate', String(HIGH_RATE)]);
  try {
    const client = await connect(server.wsUrl, () => {});
    await sleep(1000);
    const start = client.received;
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const got = client.received - start;
    const elapsed = (performance.now() - t0) / 1000;
    console.log(`(1) one client, server asked for ${HIGH_RATE.toLocaleString('en')} msgs/s:`);
    console.log(`    received ${got.toLocaleString('en')} price_update messages in ${elapsed.toFixed(2)} s = ${Math.round(got / elapsed).toLocaleString('en')} msgs/s${client.closed ? ' (client was dropped as too slow)' : ''}`);
    client.socket.close();
  } finally {
    await stopServer(server.child);
  }
}

async function manyClients(): Promise<void> {
  const server = await startServer(['--rate', '20']);
  const latencies = new Float64Array(CLIENTS * 20 * (SECONDS + 2));
  let n = 0;
  let measuring = false;
  const onPrice = (ts: number) => {
    if (measuring && n < latencies.length) latencies[n++] = Date.now() - ts;
  };
  const clients: Client[] = [];
  try {
    const t = performance.now();
    for (let i = 0; i < CLIENTS; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, () => connect(server.wsUrl, onPrice)));
      clients.push(...batch);
    }
    console.log(`(2) ${CLIENTS} clients connected in ${((performance.now() - t) / 1000).toFixed(1)} s, each subscribed to every asset at 20 updates/s`);
    await sleep(1500);
    const before = clients.reduce((s, c) => s + c.received, 0);
    measuring = true;
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    const delivered = clients.reduce((s, c) => s + c.received, 0) - before;
    const sorted = latencies.slice(0, n).sort();
    console.log(`    delivered ${delivered.toLocaleString('en')} messages in ${elapsed.toFixed(2)} s = ${Math.round(delivered / elapsed).toLocaleString('en')} msgs/s in total (ideal ${(CLIENTS * 20).toLocaleString('en')})`);
    console.log(`    delivery latency from the message ts: p50 ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms, max ${percentile(sorted, 1)} ms (${n.toLocaleString('en')} samples)`);
    console.log(`    clients dropped: ${clients.filter((c) => c.closed).length}`);
  } finally {
    for (const c of clients) c.socket.terminate();
    await stopServer(server.child);
  }
}

const overall = setTimeout(() => {
  console.error('bench took too long; stopping');
  process.exit(0);
}, (SECONDS * 2 + 120) * 1000);
overall.unref();

try {
  await singleClient();
  await manyClients();
} catch (err) {
  console.error('bench could not run:', (err as Error).message);
}
process.exit(0);
