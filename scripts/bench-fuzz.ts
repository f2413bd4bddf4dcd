// `npm run bench:fuzz [-- --runs N] [-- --workers N]`: the fuzzers of `npm test` at bench scale
// (100,000 cases per REST write, on worker threads with servers of their own, and 100,000 per
// client frame type), printing status counts, time and the process's RSS as it goes. It fails
// only on a server bug (a 5xx, an `internal` error, an invalid answer), never on speed or memory.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createFeedServer, type FeedServer } from '../demo/server/server.js';
import { credentials, FUZZ_SECRET } from '../test/fuzz/credentials.js';
import { FRAME_TYPES, FrameFuzzer, fuzzFrames } from '../test/fuzz/frame-fuzz.js';
import { runRestFuzz } from '../test/fuzz/rest-fuzz-pool.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, workers: { type: 'string' } } });
const RUNS = Number(values.runs);
const CHUNK = 5_000;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
let peakRss = process.memoryUsage().rss;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 200);

/** Runs `total` cases in chunks (fresh seeds), printing the RSS after each chunk. */
async function inChunks(label: string, total: number, run: (n: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const rssStart = process.memoryUsage().rss;
  for (let done = 0; done < total; done += CHUNK) {
    await run(Math.min(CHUNK, total - done));
    sample();
    process.stdout.write(`\r  ${label}: ${Math.min(total, done + CHUNK)}/${total}, RSS ${mib(process.memoryUsage().rss)}   `);
  }
  const s = (performance.now() - started) / 1000;
  console.log(`\r  ${label}: ${total} cases in ${s.toFixed(1)} s (${((s * 1e6) / total).toFixed(0)} µs/case), RSS ${mib(rssStart)} → ${mib(process.memoryUsage().rss)}`);
}

const start = (options: Parameters<typeof createFeedServer>[0]) =>
  createFeedServer({ port: 0, host: '127.0.0.1', db: ':memory:', autoStart: false, authSecret: FUZZ_SECRET, ...options });

const servers: FeedServer[] = [];
try {
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`REST writes, ${RUNS} cases per endpoint, in-process on worker threads:`);
  const restStarted = performance.now();
  const rest = await runRestFuzz({
    rounds: RUNS,
    chunk: CHUNK,
    ...(values.workers ? { workers: Number(values.workers) } : {}),
    onProgress: (p) => {
      peakRss = Math.max(peakRss, p.rss);
      console.log(`  ${p.group}: ${p.done}/${p.rounds} rounds, RSS ${mib(p.rss)}`);
    },
    onGroupDone: (g) => console.log(`  ${g.group}: done in ${g.seconds.toFixed(1)} s on worker ${g.worker}`),
  });
  const restSeconds = (performance.now() - restStarted) / 1000;
  for (const [name, statuses] of Object.entries(rest.byEndpoint)) console.log(`  ${name}: ${JSON.stringify(statuses)}`);
  console.log(`  ${Object.keys(rest.byEndpoint).length} endpoints × ${RUNS} cases in ${restSeconds.toFixed(1)} s on ${rest.workers} workers`);

  const creds = await credentials(['demo', 'fuzz-a', 'fuzz-b']);
  const server = await start({ devRoutes: true, demoAuth: true, maxPortfoliosPerUser: 20, maxClientFramesPerSecond: 1_000_000 });
  servers.push(server);
  console.log(`Client frames (${RUNS} cases per type), through the socket handler:`);
  const listed = await server.app.inject({ method: 'GET', url: '/api/portfolios', headers: { authorization: `Bearer ${creds.users[0]?.token}` } });
  const own = (JSON.parse(listed.body) as { portfolios: { id: string }[] }).portfolios.map((p) => p.id);
  for (let i = 0; i < 20; i += 1) server.raiseAlert({ title: `Alert ${i}` });
  const streams = () => [server.alerts.streamFor('demo'), ...own.map((id) => server.portfolioFeed.stream(id))];
  const frames = new FrameFuzzer(server, creds, {
    own,
    foreign: [],
    positions: () => streams().flatMap((s) => [s.position, { epoch: s.position.epoch, seq: Math.max(0, s.position.seq - 5) }]),
  });
  for (const type of Object.keys(FRAME_TYPES)) await inChunks(`${type} frames`, RUNS, (n) => fuzzFrames(frames, type, n));
  console.log(`  server messages: ${JSON.stringify(frames.received)}`);
  console.log(`\nNo 5xx, no "internal", every answer valid. Peak RSS ${mib(peakRss)}; heap ${mib(process.memoryUsage().heapUsed)}.`);
} finally {
  clearInterval(sampler);
  for (const s of servers) await s.close();
}
