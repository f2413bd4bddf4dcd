import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** A free loopback TCP port (redis-server cannot pick one itself). */
export function freePort(): Promise<number> {
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

/**
 * A real redis-server on a free port with AOF on, in a temporary directory; `restart` stops it
 * (SIGTERM, so the AOF is complete) and starts it again on the same port and data. `args` are
 * added to the command line (e.g. `['--appendonly', 'no']`).
 */
export class RedisProcess {
  readonly dir = mkdtempSync(join(tmpdir(), 'crw-redis-'));
  port = 0;
  #child: ChildProcess | undefined;

  constructor(readonly args: readonly string[] = []) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      if (!this.port || attempt > 0) this.port = await freePort();
      try {
        await this.#spawn();
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  }

  /** Stops and starts again on the same port with the same data directory. */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.#spawn();
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      // SIGTERM lets Redis finish its AOF; one that hangs on it is killed rather than left behind.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Deletes the data (the AOF) while stopped: the next start is an empty Redis. */
  async wipe(): Promise<void> {
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { recursive: true, force: true });
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  #spawn(): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', this.dir, '--loglevel', 'notice', ...this.args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    return new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`redis-server did not start: ${out}`));
      }, 20_000);
      const onData = (chunk: Buffer) => {
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

/** A started RedisProcess; `destroy()` stops it and removes its data. */
export async function startRedis(args: readonly string[] = []): Promise<RedisProcess> {
  const redis = new RedisProcess(args);
  try {
    await redis.start();
  } catch (err) {
    await redis.destroy();
    throw err;
  }
  return redis;
}
