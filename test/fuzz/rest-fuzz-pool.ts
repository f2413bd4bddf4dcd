import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ENDPOINT_GROUPS } from './rest-fuzz.js';
import type { StatusCounts } from './rest-fuzz.js';
import type { WorkerReport, WorkerTask } from './rest-fuzz-worker.js';

/**
 * Runs the REST fuzz (every group of ENDPOINT_GROUPS, `rounds` cases per endpoint) on a pool of
 * worker threads, each with servers of its own, the heaviest groups handed out first. The cases
 * are independent per group, so the work spreads over the machine's cores instead of one.
 */
export interface RestFuzzOptions {
  /** Cases per endpoint. */
  rounds: number;
  /** Worker threads. Default: `CRW_FUZZ_WORKERS`, else one per core, at most one per group. */
  workers?: number;
  /** Rounds per fast-check run; progress is reported after each. Default: all at once. */
  chunk?: number;
  seed?: number;
  onProgress?: (report: { group: string; done: number; rounds: number; rss: number }) => void;
  onGroupDone?: (report: { group: string; seconds: number; worker: number }) => void;
}

export interface RestFuzzResult {
  /** Answers by status, per endpoint. */
  byEndpoint: Record<string, StatusCounts>;
  workers: number;
}

/** The worker's module, loaded through tsx's loader (a worker does not inherit the parent's). */
function startWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./rest-fuzz-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

export async function runRestFuzz(options: RestFuzzOptions): Promise<RestFuzzResult> {
  const queue = [...ENDPOINT_GROUPS].sort((a, b) => b.weight - a.weight).map((g) => g.name);
  const wanted = options.workers ?? Number(process.env.CRW_FUZZ_WORKERS ?? availableParallelism());
  const count = Math.max(1, Math.min(wanted, queue.length));
  const byEndpoint: Record<string, StatusCounts> = {};
  const failures: string[] = [];
  const workers = Array.from({ length: count }, () => startWorker());
  const pool = workers.map((worker, index) => {
    return new Promise<void>((resolve, reject) => {
      let started = 0;
      const next = () => {
        const group = failures.length ? undefined : queue.shift();
        const task: WorkerTask = group
          ? { group, rounds: options.rounds, chunk: options.chunk ?? options.rounds, ...(options.seed !== undefined ? { seed: options.seed + started++ * 1_000 } : {}) }
          : { stop: true };
        worker.postMessage(task);
      };
      worker.on('message', (report: WorkerReport) => {
        if (report.type === 'progress') options.onProgress?.({ group: report.group, done: report.done, rounds: options.rounds, rss: report.rss });
        else if (report.type === 'done') {
          options.onGroupDone?.({ group: report.group, seconds: report.seconds, worker: index });
          next();
        } else if (report.type === 'failed') {
          failures.push(`${report.group}: ${report.message}`);
          next();
        } else {
          Object.assign(byEndpoint, report.byEndpoint);
          if (report.error) failures.push(`stored state: ${report.error}`);
          resolve();
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fuzz worker ${index} exited with code ${code}`))));
      next();
    });
  });
  try {
    await Promise.all(pool);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failures.length) throw new Error(failures.join('\n\n'));
  return { byEndpoint, workers: count };
}
