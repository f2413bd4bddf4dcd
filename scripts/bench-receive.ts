// Per-frame cost of the receive path in Node, against a bare JSON.parse of the same frames:
// parse + zod, the library's parser, the WebSocketClient with 10 and 100 subscriptions (every frame
// delivered to a listener: the "receive path" of the ≤ 1.5× target), and the client plus the realtime
// bridge feeding 100 prices-list queries. Each ratio is the median over rounds of the case's time
// divided by JSON.parse's time in the same round, so a machine that gets busier between rounds
// moves both. Prints the load average with the table; never fails.
// Usage: tsx scripts/bench-receive.ts [--frames 200000] [--rounds 7] [--src src] [--json] [--only text]
//   --src points at another copy of src/; --compare <other src> measures both in the same run,
//   interleaved (e.g. `git archive <commit> src | tar -x -C .bench-base` for a before/after).
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '7' },
    src: { type: 'string', default: 'src' },
    compare: { type: 'string' },
    json: { type: 'boolean', default: false },
    /** Runs only the cases whose name contains this text (and the bare JSON.parse baseline), e.g. for `node --cpu-prof`. */
    only: { type: 'string' },
  },
});
const FRAMES = Math.max(1000, Number(values.frames));
const ROUNDS = Math.max(3, Number(values.rounds));

type Core = {
  protocol: typeof import('../src/core/protocol/index.js');
  socket: typeof import('../src/core/socket/index.js');
  query: typeof import('../src/core/query/index.js');
  /** The receive path's parser (absent in copies of src/ from before it existed). */
  parser?: typeof import('../src/core/socket/frame-parser.js');
};
async function load(src: string): Promise<Core> {
  const root = pathToFileURL(resolve(src) + '/').href;
  return {
    protocol: await import(`${root}core/protocol/index.ts`),
    socket: await import(`${root}core/socket/index.ts`),
    query: await import(`${root}core/query/index.ts`),
    parser: await import(`${root}core/socket/frame-parser.ts`).catch(() => undefined),
  };
}

const ASSETS = Array.from({ length: 100 }, (_, i) => `A${i}`);

/** The protocol's real price frames, as the server writes them: one per asset in turn, seq rising. */
function priceFrames(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const assetId = ASSETS[i % ASSETS.length]!;
    const seq = Math.floor(i / ASSETS.length) + 1;
    const price = 100 + (i % 977) / 7;
    out.push(JSON.stringify({
      type: 'price_update', channel: 'price_updates', stream: `price_updates:${assetId}`, epoch: 'e1', seq, ts: 1_700_000_000_000 + i,
      data: {
        assetId, price, open24h: 99.5, high24h: 250.25, low24h: 98.75, volume24h: 123_456_789.5, change24h: price - 99.5,
        changePercent24h: ((price - 99.5) / 99.5) * 100, marketCap: price * 19_000_000, ts: 1_700_000_000_000 + i,
      },
    }));
  }
  return out;
}

class BenchSocket {
  static last: BenchSocket | null = null;
  readyState = 1;
  sent: string[] = [];
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  constructor() {
    BenchSocket.last = this;
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {}
}

/**
 * A connected client holding `subscriptions` price subscriptions of 10 assets each: 10 of them
 * split the 100 assets between them, 100 overlap (each asset in 10). Either way every asset is
 * covered, so every frame is delivered (none is dropped early as not subscribed).
 */
async function connectedClient(core: Core, subscriptions: number) {
  const client = new core.socket.WebSocketClient({ url: 'ws://bench', WebSocket: BenchSocket as never, lifecycle: null, apiUrl: undefined });
  const stride = subscriptions * 10 <= ASSETS.length ? 10 : 7;
  for (let s = 0; s < subscriptions; s++) {
    const assetIds = Array.from({ length: 10 }, (_, k) => ASSETS[(s * stride + k) % ASSETS.length]!);
    client.subscribe('price_updates', { assetIds: [...new Set(assetIds)] });
  }
  const connected = client.connect();
  const socket = BenchSocket.last!;
  socket.onmessage!({ data: JSON.stringify({ type: 'welcome', sessionId: 's', heartbeatMs: 15_000, serverTime: Date.now(), protocolVersion: 1, maxFrameBytes: 65536 }) });
  await connected;
  for (const text of socket.sent) {
    const message = JSON.parse(text);
    if (message.type !== 'subscribe') continue;
    const positions = Object.fromEntries((message.params.assetIds as string[]).map((id) => [`price_updates:${id}`, { epoch: 'e1', seq: 0 }]));
    socket.onmessage!({ data: JSON.stringify({ type: 'subscribed', channel: message.channel, params: message.params, positions }) });
  }
  return { client, socket };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Case {
  name: string;
  setup: () => Promise<(frame: string) => void> | ((frame: string) => void);
  /** Runs after every 100 frames (the bridge's flush). */
  after?: () => void;
  times: number[];
  /** This case's time over the bare JSON.parse's, per round. */
  ratios?: number[];
  /** The WebSocketClient receive path: the rows the ≤ 1.5× target is about. */
  target?: boolean;
}

const frames = priceFrames(FRAMES);
let sink = 0;

function casesFor(core: Core, label: string): Case[] {
  let flushBridge = () => {};
  const cases: Case[] = [
    { name: 'JSON.parse + zod (parseServerFrame)', setup: () => (f) => { sink += core.protocol.parseServerFrame(f).ok ? 1 : 0; }, times: [] },
    ...(core.parser
      ? [{ name: 'JSON.parse + hot-frame check (parseInboundFrame)', setup: () => (f: string) => { sink += core.parser!.parseInboundFrame(f, 1 << 20).ok ? 1 : 0; }, times: [] as number[] }]
      : []),
    ...[10, 100].map((subs) => ({
      name: `WebSocketClient, ${subs} subscriptions`,
      target: true,
      // Frames carry seq per stream; every round needs a fresh client so none is judged a duplicate.
      setup: async () => {
        const { client, socket } = await connectedClient(core, subs);
        client.on('price_update', () => { sink++; });
        return (data: string) => socket.onmessage!({ data });
      },
      times: [] as number[],
    })),
    {
      name: 'client + bridge + 100 list queries (flush per 100 frames)',
      setup: async () => {
        const { client, socket } = await connectedClient(core, 100);
        const queryClient = core.query.createQueryClient();
        for (let q = 0; q < 100; q++) {
          const ids = Array.from({ length: 10 }, (_, k) => ASSETS[(q * 3 + k) % ASSETS.length]!);
          const key = core.query.queryKeys.prices(ids);
          queryClient.setQueryData(key, [...new Set(key[3] ?? [])].map((assetId) => ({ assetId, price: 1 })));
        }
        const scheduler = core.query.manualFrameScheduler();
        core.query.connectRealtimeBridge(queryClient, client, { scheduler });
        flushBridge = () => scheduler.flush();
        return (data: string) => socket.onmessage!({ data });
      },
      after: () => flushBridge(),
      times: [],
    },
  ];
  return cases.map((c) => ({ ...c, name: label ? `${c.name} [${label}]` : c.name }));
}

const bare: Case = { name: 'bare JSON.parse', setup: () => (f) => { sink += JSON.parse(f).seq; }, times: [] };
const picked = (c: Case) => !values.only || c.name.includes(values.only);
const cases: Case[] = [bare, ...casesFor(await load(values.src!), values.compare ? values.src! : '').filter(picked)];
if (values.compare) cases.push(...casesFor(await load(values.compare), values.compare).filter(picked));

const loadAtStart = loadavg();
// Round-robin: every case runs once per round, so a machine that gets busier mid-run slows them all
// alike. The order turns each round, so no case always runs right after the same other one.
for (let round = 0; round <= ROUNDS; round++) {
  const order = cases.map((_, i) => cases[(i + round) % cases.length]!);
  for (const c of order) {
    const each = await c.setup();
    const start = performance.now();
    for (let i = 0; i < frames.length; i++) {
      each(frames[i]!);
      if (c.after && i % 100 === 99) c.after();
    }
    const elapsed = performance.now() - start;
    if (round > 0) c.times.push((elapsed * 1000) / frames.length); // round 0 warms up
  }
  if (round > 0) for (const c of cases) (c.ratios ??= []).push(c.times.at(-1)! / bare.times.at(-1)!);
}
const loadAtEnd = loadavg();

const rows = cases.map((c) => ({ name: c.name, us: median(c.times), ratio: median(c.ratios!), target: c.target ?? false }));
const loadText = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
if (values.json) {
  console.log(JSON.stringify({ frames: FRAMES, rounds: ROUNDS, loadAtStart, loadAtEnd, cores: availableParallelism(), rows }));
} else {
  console.log(`\nReceive path per price frame (Node ${process.version}, ${FRAMES} frames, median of ${ROUNDS} interleaved rounds)`);
  console.log(`Load average (1 / 5 / 15 min): ${loadText(loadAtStart)} at the start, ${loadText(loadAtEnd)} at the end; ${availableParallelism()} cores.`);
  console.log('| path | µs / frame | × JSON.parse (same round) |');
  console.log('|---|---:|---:|');
  for (const row of rows) console.log(`| ${row.name}${row.target ? ' ¹' : ''} | ${row.us.toFixed(2)} | ${row.ratio.toFixed(2)} |`);
  console.log('¹ the receive path of the ≤ 1.5× JSON.parse target');
}
if (sink === -1) console.log('');
process.exit(0); // client timers (heartbeat, grace) would keep the process alive
