import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly child: ChildProcess;
  /** Stops redis-server (SIGTERM, then SIGKILL) and removes its folder. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A real redis-server with AOF on, on a free loopback port, in its own temporary folder. Another
 * process may take the port between the probe and the start, so a failed start is retried.
 */
export async function startRedis(extraArgs: string[] = []): Promise<RedisProcess> {
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'crw-redis-'));
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, '--logfile', '', '--loglevel', 'warning', ...extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const ready = await waitForPort(port, child, 5_000);
    if (ready) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        dir,
        child,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
            await exited;
            clearTimeout(timer);
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    lastError = output;
  }
  throw new Error(`redis-server did not start: ${lastError}`);
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const { Socket } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => {
        s.write('PING\r\n');
      });
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
