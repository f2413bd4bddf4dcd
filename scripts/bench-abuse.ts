// `npm run bench:abuse [-- --seconds 5]`: runs each flood of the hardening issue against a feed
// server (its own process) while a well-behaved client, subscribed to every price, measures its
// message rate and its ping round trip. Prints that client's rate and p99 for every attack against
// the quiet baseline, with the goal (≥ 95 % of the rate, p99 ≤ 100 ms). It prints figures and never
// fails on speed.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createConnection, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { listeningUrl } from './bench/listening-url.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, only: { type: 'string' }, attack: { type: 'string' }, url: { type: 'string' } },
});
const SECONDS = Math.min(60, Math.max(1, Number(values.seconds)));
const SECRET = 'bench-abuse-secret-0123456789-0123456789';

async function startServer(): Promise<{ url: string; wsUrl: string; child: ChildProcess }> {
  const args = ['--import', 'tsx', 'demo/server/main.ts', '--port', '0', '--db', ':memory:', '--dev-routes', '--auth-secret', SECRET, '--rate', '20'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (c) => process.env.FEED_DEBUG && process.stderr.write(c));
  const url = await listeningUrl(child, 'server', 60_000);
  child.removeAllListeners('exit');
  return { url, wsUrl: `${url.replace('http', 'ws')}/ws`, child };
}

const token = (sub: string) =>
  new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('2h').sign(new TextEncoder().encode(SECRET));

/** CPU seconds (user + system) a process has used so far, from /proc (NaN where there is none). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

const load = () => loadavg()[0]!.toFixed(1);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(wsUrl: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function signedIn(wsUrl: string, user: string): Promise<WebSocket> {
  const ws = await open(wsUrl);
  ws.on('error', () => {});
  const done = new Promise<void>((resolve) => ws.on('message', (d) => String(d).includes('"authenticated"') && resolve()));
  ws.send(JSON.stringify({ type: 'auth', token: await token(user) }));
  await done;
  return ws;
}

/** The well-behaved client: every price, and a ping every 100 ms; counts what it gets. */
class GoodClient {
  messages = 0;
  rtts: number[] = [];
  #pings = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('{"type":"price_update"')) this.messages += 1;
      else if (text.includes('"type":"pong"')) {
        const id = (JSON.parse(text) as { id: string }).id;
        const sent = this.#pings.get(id);
        if (sent !== undefined) this.rtts.push(performance.now() - sent);
        this.#pings.delete(id);
      }
    });
    let n = 0;
    this.#timer = setInterval(() => {
      const id = `p${n++}`;
      this.#pings.set(id, performance.now());
      ws.send(JSON.stringify({ type: 'ping', id }));
    }, 100);
  }
  static async connect(wsUrl: string): Promise<GoodClient> {
    const ws = await open(wsUrl);
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates' }));
    return new GoodClient(ws);
  }
  /** Measures for `seconds`: messages per second, and the ping round trip p50/p99 (unanswered pings count as the window). */
  async measure(seconds: number): Promise<{ rate: number; p50: number; p99: number; lost: number }> {
    const m0 = this.messages;
    this.rtts = [];
    this.#pings.clear();
    await sleep(seconds * 1000);
    const lost = this.#pings.size;
    const rtts = [...this.rtts, ...Array.from({ length: lost }, () => seconds * 1000)].sort((a, b) => a - b);
    const at = (q: number) => rtts[Math.min(rtts.length - 1, Math.floor(q * rtts.length))] ?? NaN;
    return { rate: (this.messages - m0) / seconds, p50: at(0.5), p99: at(0.99), lost };
  }
  close(): void {
    clearInterval(this.#timer);
    this.ws.terminate();
  }
}

interface Attack {
  name: string;
  /** Starts the flood; resolves to a stop function and a line about what the attacker achieved. */
  start(server: { url: string; wsUrl: string }): Promise<() => Promise<string>>;
}

/** Sends frames as fast as the socket drains, from `make`, until stopped. */
function floodFrames(ws: WebSocket, make: () => string): () => number {
  let stopped = false;
  let sent = 0;
  const pump = () => {
    // A bounded batch per turn: the socket often takes every frame at once (bufferedAmount stays
    // 0), and an unbounded loop would never let the attacker see the server close it.
    for (let k = 0; k < 500 && !stopped && ws.readyState === ws.OPEN && ws.bufferedAmount < 1024 * 1024; k += 1) {
      ws.send(make());
      sent += 1;
    }
    if (!stopped && ws.readyState === ws.OPEN) setImmediate(pump);
  };
  pump();
  return () => {
    stopped = true;
    return sent;
  };
}

function countBytes(ws: WebSocket): () => number {
  let bytes = 0;
  ws.on('message', (d) => (bytes += (d as Buffer).length));
  return () => bytes;
}

const closeInfo = (ws: WebSocket) => {
  const info = { code: 0 };
  ws.on('close', (code) => (info.code = code));
  return info;
};

const ATTACKS: Attack[] = [
  {
    name: 'repeated subscribe alerts since 0 (990 alerts stored)',
    async start({ url, wsUrl }) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token('attacker')}` };
      // Stored 30 at a time: one at a time, each POST waits out a delayed ACK on loopback.
      for (let i = 0; i < 990; i += 30) {
        await Promise.all(
          Array.from({ length: 30 }, (_, k) =>
            fetch(`${url}/api/dev/alerts`, { method: 'POST', headers, body: JSON.stringify({ title: `Alert ${i + k}`, message: 'x'.repeat(100) }) }).then((r) => r.arrayBuffer()),
          ),
        );
      }
      const ws = await signedIn(wsUrl, 'attacker');
      const bytes = countBytes(ws);
      const closed = closeInfo(ws);
      const stop = floodFrames(ws, () => JSON.stringify({ type: 'subscribe', channel: 'alerts', since: { epoch: 'x', seq: 0 } }));
      return async () => `${stop()} frames sent, ${(bytes() / 1e6).toFixed(1)} MB back${closed.code ? `, closed ${closed.code}` : ''}`;
    },
  },
  {
    name: 'all-prices subscribe flood',
    async start({ wsUrl }) {
      const ws = await open(wsUrl);
      ws.on('error', () => {});
      const bytes = countBytes(ws);
      const closed = closeInfo(ws);
      const stop = floodFrames(ws, () => '{"type":"subscribe","channel":"price_updates"}');
      return async () => {
        const n = stop();
        return `${n} frames (${((n * 46) / 1e6).toFixed(1)} MB) in, ${(bytes() / 1e6).toFixed(1)} MB back${closed.code ? `, closed ${closed.code}` : ''}`;
      };
    },
  },
  {
    name: '50 slow readers (never read), all prices and alerts',
    async start({ wsUrl }) {
      const sockets: WebSocket[] = [];
      const codes: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        const ws = await signedIn(wsUrl, `slow${i}`);
        ws.on('close', (code) => codes.push(code));
        ws.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates' }));
        ws.send(JSON.stringify({ type: 'subscribe', channel: 'alerts', since: { epoch: 'x', seq: 0 } }));
        (ws as unknown as { _socket: Socket })._socket.pause();
        sockets.push(ws);
      }
      return async () => {
        for (const ws of sockets) ws.terminate();
        return `${codes.length} dropped by the server (${[...new Set(codes)].join(', ') || 'none'})`;
      };
    },
  },
  {
    name: '1,100 idle TCP connections',
    async start({ url }) {
      const { port } = new URL(url);
      const sockets: Socket[] = [];
      let closedByServer = 0;
      for (let i = 0; i < 1100; i += 1) {
        const s = createConnection(Number(port), '127.0.0.1');
        s.on('error', () => {});
        s.on('close', () => (closedByServer += 1));
        sockets.push(s);
      }
      return async () => {
        const health = await fetch(`${url}/api/health`).then((r) => r.status, (e: Error) => e.message);
        for (const s of sockets) s.destroy();
        return `${closedByServer} closed by the server meanwhile; /api/health during: ${health}`;
      };
    },
  },
  {
    name: 'deep JSON (200,000 levels) over REST and the socket',
    async start({ url, wsUrl }) {
      const deep = '['.repeat(200_000) + ']'.repeat(200_000);
      const headers = { 'content-type': 'application/json', 'idempotency-key': 'deep', authorization: `Bearer ${await token('attacker')}` };
      const ws = await open(wsUrl);
      ws.on('error', () => {});
      let stopped = false;
      const statuses: Record<number, number> = {};
      const closed = closeInfo(ws);
      const loop = (async () => {
        while (!stopped) {
          const status = await fetch(`${url}/api/portfolios`, { method: 'POST', headers, body: deep }).then((r) => r.status, () => 0);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (ws.readyState === ws.OPEN) ws.send('['.repeat(30_000) + ']'.repeat(30_000));
        }
      })();
      return async () => {
        stopped = true;
        await loop;
        ws.terminate();
        return `REST answers ${JSON.stringify(statuses)}${closed.code ? `; socket closed ${closed.code}` : ''}`;
      };
    },
  },
  {
    name: 'huge numbers and hostile text in writes',
    async start({ url }) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token('attacker')}` };
      const bodies = [
        { name: 'big', holdings: [{ assetId: 'BTC', quantity: 1e308, costBasis: 1 }] },
        { name: 'inf', holdings: [{ assetId: 'BTC', quantity: 1, costBasis: 1e300 }] },
        { name: 'exe.\u202egnp', holdings: [] },
        { name: '\ud800', holdings: [] },
      ];
      let stopped = false;
      const statuses: Record<number, number> = {};
      const loops = [0, 1, 2, 3].map(async (k) => {
        for (let i = k; !stopped; i += 4) {
          const body = JSON.stringify(bodies[i % bodies.length]).replace('1e+308', '1e999');
          const status = await fetch(`${url}/api/portfolios`, { method: 'POST', headers, body }).then((r) => r.status, () => 0);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      });
      return async () => {
        stopped = true;
        await Promise.all(loops);
        return `answers ${JSON.stringify(statuses)}`;
      };
    },
  },
  {
    name: 'junk frames (bad JSON, unknown types, binary)',
    async start({ wsUrl }) {
      const ws = await open(wsUrl);
      ws.on('error', () => {});
      const closed = closeInfo(ws);
      const junk = ['{', '{"type":"hello"}', '{"type":{"toString":1}}', '{"type":"ping","id":{}}', 'null', '[]'];
      let i = 0;
      const stop = floodFrames(ws, () => junk[i++ % junk.length] as string);
      return async () => `${stop()} frames sent${closed.code ? `, closed ${closed.code}` : ''}`;
    },
  },
];

/**
 * Attacker mode (a child process, so the flood never shares an event loop with the measuring
 * client): starts attack number `--attack`, says "ready", and on stdin's end stops and prints
 * what the attacker achieved.
 */
async function attackerMain(index: number, url: string): Promise<void> {
  const attack = ATTACKS[index] as Attack;
  const stop = await attack.start({ url, wsUrl: `${url.replace('http', 'ws')}/ws` });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('end', resolve).resume());
  process.stdout.write(`${await stop()}\n`);
  process.exit(0);
}

function runAttacker(index: number, url: string): { pid: number | undefined; ready: Promise<void>; stop(): Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-abuse.ts', '--attack', String(index), '--url', url], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => (out.includes('ready\n') ? resolve() : undefined);
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`attacker ${index} exited with ${code}: ${out}`)));
  });
  return {
    pid: child.pid,
    ready,
    async stop() {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      return out.split('ready\n')[1]?.trim() ?? '';
    },
  };
}

if (values.attack !== undefined) {
  await attackerMain(Number(values.attack), values.url as string);
} else {
  const server = await startServer();
  try {
    console.log(`feed server ${server.url}; each phase ${SECONDS} s; the well-behaved client takes every price and pings every 100 ms`);
    const good = await GoodClient.connect(server.wsUrl);
    await sleep(1000);
    /** Measures a phase: the good client's figures, and the CPU the server and the attacker used meanwhile. */
    const phase = async (attackerPid?: number) => {
      const s0 = cpuSeconds(server.child.pid);
      const a0 = cpuSeconds(attackerPid);
      const r = await good.measure(SECONDS);
      return { ...r, serverCpu: (cpuSeconds(server.child.pid) - s0) / SECONDS, attackerCpu: (cpuSeconds(attackerPid) - a0) / SECONDS, load: load() };
    };
    // The first seconds after start-up carry the server's and the client's warm-up (JIT, first
    // allocations), which no flood should be compared against.
    await good.measure(Math.min(3, SECONDS));
    const base = await phase();
    type Phase = Awaited<ReturnType<typeof phase>>;
    const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : '-').padStart(6);
    const row = (name: string, r: Phase, note = '') => {
      const share = (r.rate / base.rate) * 100;
      const ok = share >= 95 && r.p99 <= 100 ? 'met' : 'MISSED';
      console.log(
        `${name.padEnd(56)} ${r.rate.toFixed(1).padStart(6)} msg/s ${share.toFixed(0).padStart(4)} %  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  ${ok.padEnd(6)}  cpu server ${pct(r.serverCpu)} attacker ${pct(r.attackerCpu)}  load ${r.load}${note ? `\n${' '.repeat(58)}attacker: ${note}` : ''}`,
      );
    };
    console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (1, 5, 15 min)`);
    console.log(`\n${'phase'.padEnd(56)} ${'rate'.padStart(12)} ${'share'.padStart(6)}  round trip  (cpu: share of one core during the phase)`);
    row('normal (no attack)', base);
    for (const [index, attack] of ATTACKS.entries()) {
      if (values.only && !attack.name.includes(values.only)) continue;
      const attacker = runAttacker(index, server.url);
      await attacker.ready;
      const r = await phase(attacker.pid);
      row(attack.name, r, await attacker.stop());
      await sleep(1000);
    }
    row('normal again', await phase());
    console.log('\nGoal per attack: at least 95 % of the normal rate and p99 ≤ 100 ms. Figures only; nothing fails on speed.');
    good.close();
  } finally {
    server.child.kill('SIGTERM');
  }
}
