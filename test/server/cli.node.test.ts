import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { parseCli } from '../../demo/server/options.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe('command line', () => {
  test('options are parsed and checked', () => {
    const ok = parseCli(['--port', '0', '--seed', '7', '--rate', '50000', '--db', ':memory:', '--cors-origin', 'http://a.test, http://b.test']);
    assert.equal(ok.kind, 'run');
    if (ok.kind === 'run') {
      assert.equal(ok.options.rate, 50_000);
      assert.deepEqual(ok.options.corsOrigins, ['http://a.test', 'http://b.test']);
    }
    assert.equal(parseCli(['--help']).kind, 'help');
    for (const bad of [['--port', 'abc'], ['--port', '70000'], ['--rate', '0'], ['--seed', '-1'], ['--bogus'], ['--time-scale', '-2'], ['--heartbeat-ms', '1.5']]) {
      const r = parseCli(bad);
      assert.equal(r.kind, 'error', bad.join(' '));
      if (r.kind === 'error') assert.ok(r.message.length > 5);
    }
  });

  test('starts, prints the ready line once, and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
    const p = run(['--port', '0', '--db', ':memory:', '--seed', '1']);
    const deadline = Date.now() + 45_000;
    while (!/feed server listening on (http:\/\/\S+)/.test(p.out())) {
      if (Date.now() > deadline) assert.fail(`no ready line: ${p.out()} ${p.err()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /feed server listening on (http:\/\/\S+)/.exec(p.out())![1]!;
    assert.match(p.out(), /^feed server listening on http:\/\/127\.0\.0\.1:\d+ \(ws:\/\/127\.0\.0\.1:\d+\/ws\)\n$/);
    const health = await fetch(url + '/api/health');
    assert.equal(health.status, 200);
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
  });

  test('bad options fail with a clear message and exit code 2', { timeout: 60_000 }, async () => {
    const p = run(['--rate', 'fast']);
    assert.equal(await p.exited, 2);
    assert.match(p.err(), /--rate must be a number/);
  });
});
