// Cluster mode on loopback: 1 node, then 3 nodes on one redis-server, N WebSocket clients spread
// over the nodes, every client on every price stream. Prints delivered msg/s, end-to-end latency
// (publish ts to receipt, one clock), CPU per node and of Redis, and Redis's own commands/s.
// Prints figures; never fails on speed.
// Usage: tsx scripts/bench-cluster.ts [--seconds 8] [--clients 150] [--rate 200]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { listeningUrl } from './bench/listening-url.js';
import { RedisProcess } from '../test/support/redis.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    // One address may hold 200 connections per node (the hardening limit), so 1 node takes at most 200.
    clients: { type: 'string', default: '150' },
    rate: { type: 'string', default: '200' },
  },
});
const SECONDS = Math.min(60, Math.max(2, Number(values.seconds)));
const CLIENTS = Math.min(5000, Math.max(1, Number(values.clients)));
const RATE = Math.min(100_000, Math.max(1, Number(values.rate)));
const TICKS = 100; // Linux clock ticks per second (USER_HZ)

interface Node {
  url: string;
  wsUrl: string;
  child: ChildProcess;
}

async function startNode(redisUrl: string): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', '--port', '0', '--db', ':memory:', '--rate', String(RATE), '--redis', redisUrl], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await listeningUrl(child, 'node', 120_000);
  child.removeAllListeners('exit');
  return { url, wsUrl: `${url.replace(/^http/, 'ws')}/ws`, child };
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN;
}

async function run(nodeCount: number): Promise<void> {
  const redis = new RedisProcess();
  await redis.start();
  const nodes: Node[] = [];
  const sockets: WebSocket[] = [];
  try {
    nodes.push(await startNode(redis.url));
    // The first node leads; the others follow, so only one market runs.
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 1; i < nodeCount; i += 1) nodes.push(await startNode(redis.url));
    let received = 0;
    let measuring = false;
    const latencies: number[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const node = nodes[i % nodes.length]!;
      const socket = new WebSocket(node.wsUrl);
      sockets.push(socket);
      socket.on('message', (raw: Buffer) => {
        if (!measuring) return;
        received += 1;
        // Sample latency on a few clients only, so the bench process is not the bottleneck.
        if (i % 10 === 0) {
          const text = raw.toString();
          const at = text.indexOf('"ts":');
          if (text.startsWith('{"type":"price_update"') && at > 0) latencies.push(Date.now() - Number(text.slice(at + 5, text.indexOf(',', at))));
        }
      });
      await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
      socket.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates' }));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const probe = new Redis(redis.url, { protocol: 2 });
    const redisPid = Number(/process_id:(\d+)/.exec(await probe.info('server'))?.[1] ?? 0);
    const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await probe.info('stats'))?.[1] ?? 0);
    const cpuBefore = nodes.map((n) => cpuTicks(n.child.pid!));
    const redisBefore = redisPid ? cpuTicks(redisPid) : 0;
    const cmdBefore = await commands();
    measuring = true;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    measuring = false;
    const elapsed = (Date.now() - started) / 1000;
    const cmdAfter = await commands();
    const cpu = nodes.map((n, i) => ((cpuTicks(n.child.pid!) - cpuBefore[i]!) / TICKS / elapsed) * 100);
    const redisCpu = redisPid ? ((cpuTicks(redisPid) - redisBefore) / TICKS / elapsed) * 100 : NaN;
    probe.disconnect();
    const sorted = Float64Array.from(latencies).sort();
    console.log(
      `${nodeCount} node${nodeCount > 1 ? 's' : ' '} | ${CLIENTS} clients | ${(received / elapsed).toFixed(0).padStart(8)} msg/s delivered | ` +
        `p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms | ` +
        `CPU per node ${cpu.map((c) => `${c.toFixed(0)}%`).join(' / ')} | Redis CPU ${redisCpu.toFixed(0)}%, ${((cmdAfter - cmdBefore) / elapsed).toFixed(0)} commands/s`,
    );
  } finally {
    for (const s of sockets) s.terminate();
    for (const n of nodes) n.child.kill('SIGKILL');
    await redis.destroy();
  }
}

console.log(`bench:cluster — ${RATE} price_update/s published once (the leader), ${CLIENTS} clients on all prices, ${SECONDS} s per run`);
await run(1);
await run(3);
process.exit(0);
