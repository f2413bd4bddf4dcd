// The one redis-server spawner of the tests, in plain JS so that the browser tests' plugin (which
// Node loads without TypeScript) uses it as well as the node tests and benches (types: redis.d.mts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class RedisProcess {
  dir = mkdtempSync(join(tmpdir(), 'crw-redis-'));
  port = 0;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  #child;

  constructor(args = []) {
    this.args = args;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    for (let attempt = 0; ; attempt += 1) {
      // Another process may take the probed port before redis-server binds it: try another.
      if (!this.port || attempt > 0) this.port = await freePort();
      try {
        await this.#spawn();
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  }

  async restart(downMs = 0) {
    await this.stop();
    if (downMs) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.#spawn();
  }

  async stop() {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      // SIGTERM lets Redis finish its AOF; one that hangs on it is killed rather than left behind.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  async wipe() {
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { recursive: true, force: true });
  }

  async destroy() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  #spawn() {
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', this.dir, '--loglevel', 'notice', ...this.args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`redis-server did not start: ${out}`));
      }, 20_000);
      const onData = (chunk) => {
        out += chunk.toString();
        if (/Ready to accept connections/i.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  }
}

export async function startRedis(args = []) {
  const redis = new RedisProcess(args);
  try {
    await redis.start();
  } catch (err) {
    await redis.destroy();
    throw err;
  }
  return redis;
}
