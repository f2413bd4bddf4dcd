import { parentPort } from 'node:worker_threads';
import type { FeedServer } from '../../demo/server/server.js';
import { startServer } from '../server/helpers.js';
import { credentials, FUZZ_SECRET } from './credentials.js';
import { ENDPOINT_GROUPS, fuzzRounds, RestFuzzer, type StatusCounts } from './rest-fuzz.js';

/**
 * One worker of the REST fuzz pool (see rest-fuzz-pool.ts): it runs the groups it is handed, one
 * after another, against in-process servers of its own, and reports progress, failures and, when
 * told to stop, what every answer's status was.
 */

/** What the pool sends: a group to run, or the end. */
export type WorkerTask = { group: string; rounds: number; chunk: number; seed?: number } | { stop: true };

/** What a worker answers. */
export type WorkerReport =
  | { type: 'progress'; group: string; done: number; rss: number }
  | { type: 'done'; group: string; seconds: number }
  | { type: 'failed'; group: string; message: string }
  | { type: 'stopped'; byEndpoint: Record<string, StatusCounts>; error?: string };

const port = parentPort;
if (!port) throw new Error('rest-fuzz-worker runs as a worker thread');
const post = (report: WorkerReport) => port.postMessage(report);

const creds = credentials(['demo', 'fuzz-a', 'fuzz-b']);
const servers: FeedServer[] = [];
let main: Promise<RestFuzzer> | undefined;
let push: Promise<RestFuzzer> | undefined;
const fuzzerOn = async (options: Parameters<typeof startServer>[0]): Promise<RestFuzzer> => {
  const server = await startServer({ authSecret: FUZZ_SECRET, ...options });
  servers.push(server);
  return new RestFuzzer(server, await creds);
};

async function runGroup(task: Extract<WorkerTask, { group: string }>): Promise<void> {
  const group = ENDPOINT_GROUPS.find((g) => g.name === task.group);
  if (!group) throw new Error(`no endpoint group "${task.group}"`);
  const fuzzer = await (group.push
    ? (push ??= fuzzerOn({}))
    : (main ??= fuzzerOn({ devRoutes: true, demoAuth: true, maxPortfoliosPerUser: 20, maxClientFramesPerSecond: 1_000_000 })));
  const started = performance.now();
  for (let done = 0, k = 0; done < task.rounds; k += 1) {
    const n = Math.min(task.chunk, task.rounds - done);
    await fuzzRounds(fuzzer, group.endpoints, n, task.seed === undefined ? undefined : task.seed + k);
    done += n;
    post({ type: 'progress', group: group.name, done, rss: process.memoryUsage().rss });
  }
  post({ type: 'done', group: group.name, seconds: (performance.now() - started) / 1000 });
}

async function stop(): Promise<void> {
  const byEndpoint: Record<string, StatusCounts> = {};
  let error: string | undefined;
  try {
    // What the fuzzing stored must still read back valid: lists, valuations, risk.
    if (main) await (await main).checkStoredState();
  } catch (err) {
    error = (err as Error).message;
  }
  for (const fuzzer of await Promise.all([main, push].filter((f) => f !== undefined))) {
    Object.assign(byEndpoint, fuzzer.byEndpoint);
  }
  await Promise.all(servers.map((s) => s.close()));
  post({ type: 'stopped', byEndpoint, ...(error ? { error } : {}) });
  port?.close();
}

port.on('message', (task: WorkerTask) => {
  if ('stop' in task) {
    void stop();
    return;
  }
  runGroup(task).catch((err: unknown) => post({ type: 'failed', group: task.group, message: err instanceof Error ? err.message : String(err) }));
});
