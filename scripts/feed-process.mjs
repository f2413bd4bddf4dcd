// Runs the reference feed server as a child process, the way a user runs it, so that
// browser and end-to-end tests can stop it, start it again on the same port, and kill it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const READY = /feed server listening on (http:\/\/\S+)/;

/**
 * @typedef {{ port?: number, host?: string, seed?: number, rate?: number, db?: string, args?: string[], startTimeoutMs?: number }} FeedOptions
 * @typedef {{ url: string, wsUrl: string, port: number, running: boolean, stop(signal?: NodeJS.Signals): Promise<void>, start(): Promise<void> }} FeedProcess
 */

/** @param {FeedOptions} initialOptions @returns {Promise<FeedProcess>} */
export async function startFeedProcess(initialOptions = {}) {
  let options = initialOptions;
  const host = options.host ?? '127.0.0.1';
  const state = { port: options.port ?? 0, child: /** @type {import('node:child_process').ChildProcess | null} */ (null), url: '' };

  /** Starts (again) on the same port; `extraArgs` replaces the extra arguments for this and later starts. */
  async function start(extraArgs) {
    if (extraArgs) options = { ...options, args: extraArgs };
    const args = [
      '--import', 'tsx', 'demo/server/main.ts',
      '--host', host,
      '--port', String(state.port),
      '--seed', String(options.seed ?? 42),
      '--rate', String(options.rate ?? 20),
      '--db', options.db ?? ':memory:',
      ...(options.args ?? []),
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    state.child = child;
    let output = '';
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`feed server did not start within ${options.startTimeoutMs ?? 30000} ms:\n${output}`));
      }, options.startTimeoutMs ?? 30000);
      const onData = (chunk) => {
        output += chunk;
        const match = READY.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk) => {
        output += chunk;
        if (process.env.FEED_DEBUG) process.stderr.write(chunk);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`feed server exited with code ${code} before it was ready:\n${output}`));
      });
    });
    child.removeAllListeners('exit');
    state.url = url;
    state.port = Number(new URL(url).port);
  }

  async function stop(signal = 'SIGTERM') {
    const child = state.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
    state.child = null;
  }

  await start();
  return {
    get url() { return state.url; },
    get wsUrl() { return state.url.replace(/^http/, 'ws') + '/ws'; },
    get port() { return state.port; },
    get running() { return state.child !== null; },
    stop,
    start,
  };
}
