// The package as `npm pack` makes it: a package linter (publint) and a types-resolution check
// (@arethetypeswrong/cli) over every entry in `exports`. Runs after `npm run build`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the published package', () => {
  it('passes publint --strict', { timeout: 120_000 }, () => {
    const { status, output } = run(bin('publint'), ['--strict']);
    assert.equal(status, 0, output);
    assert.match(output, /All good/);
  });

  it('resolves types for every ESM entry (@arethetypeswrong/cli, esm-only profile)', { timeout: 180_000 }, () => {
    // `./cdn` is the classic-script bundle and `./sw` the service worker script: nobody imports
    // either; everything else must resolve.
    const { status, output } = run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--exclude-entrypoints', './cdn', './sw', '--format', 'ascii']);
    assert.equal(status, 0, output);
    const exportsMap = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports as Record<string, unknown>;
    for (const entry of Object.keys(exportsMap).filter((e) => e !== './cdn' && e !== './sw' && e !== '.')) {
      assert.ok(output.includes(`"crypto-risk-widgets/${entry.slice(2)}"`), `attw did not check ${entry}`);
    }
  });

  it('uses caret ranges for dependencies, while the lock file pins exact versions', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    for (const [name, range] of Object.entries(pkg.dependencies as Record<string, string>)) {
      assert.match(range, /^\^\d+\.\d+\.\d+$/, `${name}: ${range} is not a caret range`);
      assert.match(lock.packages[`node_modules/${name}`]?.version ?? '', /^\d+\.\d+\.\d+$/, `${name} is not pinned in the lock file`);
    }
    for (const [name, version] of Object.entries(pkg.devDependencies as Record<string, string>)) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `devDependency ${name}: ${version} is not an exact version`);
    }
  });
});
