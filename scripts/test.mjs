// `npm test`: every check in order — typecheck, node tests (core, analytics, feed server),
// build, package checks, bundle sizes, browser tests in Chromium, end-to-end tests (npm start, the
// Storybook catalog, and the example apps in examples/, installed from the packed tarball) — and one
// closing line with the totals.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const only = process.argv.slice(2); // e.g. `npm test -- node browser`
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function findFiles(dir, suffix, found = []) {
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(ROOT, dir, name);
    if (statSync(path).isDirectory()) findFiles(relative(ROOT, path), suffix, found);
    else if (name.endsWith(suffix)) found.push(relative(ROOT, path));
  }
  return found.sort();
}

const stages = {
  async typecheck() {
    const { code } = await run('npx', ['tsc', '-p', '.']);
    return { ok: code === 0 };
  },
  async node() {
    return nodeTests('node tests', ['src', 'test', 'demo'].flatMap((dir) => findFiles(dir, '.node.test.ts')));
  },
  async build() {
    const { code } = await run('npm', ['run', '--silent', 'build']);
    return { ok: code === 0 };
  },
  async package() {
    // What `npm pack` ships (needs the build stage): the manifest, publint, types resolution.
    return nodeTests('package checks', findFiles('test', '.pkg.test.ts'));
  },
  async size() {
    // Bundle sizes as users get them (needs the build stage); prints the budget table.
    const { code, out } = await run(process.execPath, ['scripts/size.mjs'], { capture: true });
    const match = /size ceilings: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(out);
    const counts = match ? { passed: +match[1], failed: +match[2], skipped: +match[3] } : { passed: 0, failed: 1, skipped: 0 };
    return { ok: code === 0 && counts.failed === 0, counts };
  },
  async browser() {
    const { code, out } = await run('npx', ['web-test-runner'], { capture: true });
    const match = /browser tests: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(out);
    const counts = match ? { passed: +match[1], failed: +match[2], skipped: +match[3] } : { passed: 0, failed: 1, skipped: 0 };
    return { ok: code === 0 && counts.failed === 0 && counts.passed > 0, counts };
  },
  async e2e() {
    const { code } = await run('npm', ['run', '--silent', 'build-storybook']);
    if (code !== 0) return { ok: false };
    // One demo build for every file that starts the demo (each serves its own copy).
    const demoBuild = mkdtempSync(join(tmpdir(), 'crw-demo-shared-'));
    try {
      if ((await run(process.execPath, ['scripts/start-demo.mjs', '--build-only', '--out-dir', demoBuild])).code !== 0) return { ok: false };
      process.env.CRW_DEMO_BUILD = demoBuild;
      return await nodeTests('end-to-end tests', findFiles('test', '.e2e.test.ts'));
    } finally {
      delete process.env.CRW_DEMO_BUILD;
      rmSync(demoBuild, { recursive: true, force: true });
    }
  },
};

async function nodeTests(label, files) {
  const tap = join(mkdtempSync(join(tmpdir(), 'crw-node-tests-')), 'results.tap');
  const { code } = await run(process.execPath, [
    '--import', 'tsx', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = readFileSync(tap, 'utf8');
  const num = (key) => Number(new RegExp(`^# ${key} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  const counts = { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
  console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  return { ok: code === 0 && counts.failed === 0 && counts.passed > 0, counts };
}

for (const [name, stage] of Object.entries(stages)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = await stage();
  if (result.counts) for (const key of Object.keys(totals)) totals[key] += result.counts[key];
  console.log(`=== ${name}: ${result.ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s) ===`);
  if (!result.ok) {
    failures.push(name);
    if (!result.counts) totals.failed++;
  }
}

if (failures.length) console.log(`\nFailed stages: ${failures.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
