// Runs scripts/start-demo.mjs (the production build and the feed server) in a child process on
// free ports with an in-memory database and its own build folder; for scripts that need the demo.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * With `CRW_DEMO_BUILD` set to a finished demo build (`npm test` builds one for all its
 * end-to-end files), each demo serves a copy of it instead of building its own: tests may change
 * their copy (a new service worker), never the shared one.
 * @returns {Promise<{ url: string, feedUrl: string, outDir: string, stop(): Promise<void> }>}
 */
export function startDemoServer(extraArgs = []) {
  const outDir = mkdtempSync(join(tmpdir(), 'crw-demo-build-'));
  const prebuilt = process.env.CRW_DEMO_BUILD;
  if (prebuilt) cpSync(prebuilt, outDir, { recursive: true });
  const child = spawn(process.execPath, ['scripts/start-demo.mjs', '--port', '0', '--demo-port', '0', '--db', ':memory:', '--out-dir', outDir, ...(prebuilt ? ['--prebuilt'] : []), ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(outDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the demo did not start in 90 s:\n${output}`));
    }, 90_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const demo = /crypto-risk-widgets demo:\s+(\S+)/.exec(output);
      const feed = /feed server:\s+(\S+)/.exec(output);
      if (demo && feed) {
        clearTimeout(timer);
        resolve({ url: demo[1], feedUrl: feed[1], outDir, stop });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code}:\n${output}`));
    });
  });
}
