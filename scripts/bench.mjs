// `npm run bench`: the Node per-frame micro-benchmark of the receive path, then the Chromium
// benchmark (library vs baselines A and B). Prints tables; never fails on speed.
// Arguments go to both, e.g. `npm run bench -- --src .bench-base/src` to measure another copy of src/.
// `npm run bench -- --browser-only` / `--node-only` runs one half.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const pass = args.filter((a) => a !== '--browser-only' && a !== '--node-only');
const srcArgs = pass.includes('--src') ? ['--src', pass[pass.indexOf('--src') + 1]] : [];
const tsx = ['--import', 'tsx'];

if (!args.includes('--browser-only')) {
  spawnSync(process.execPath, [...tsx, 'scripts/bench-receive.ts', ...srcArgs], { cwd: ROOT, stdio: 'inherit' });
}
if (!args.includes('--node-only')) {
  const browserArgs = pass.filter((a, i) => !['--frames', '--rounds'].includes(a) && !['--frames', '--rounds'].includes(pass[i - 1]));
  spawnSync(process.execPath, [...tsx, 'scripts/bench-browser.ts', ...browserArgs], { cwd: ROOT, stdio: 'inherit' });
}
