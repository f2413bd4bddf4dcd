// `npm run bench`: the Node per-frame micro-benchmark of the receive path, then the Chromium
// benchmark (library vs baselines A and B). Prints tables; never fails on speed.
// Arguments go to both, e.g. `npm run bench -- --src .bench-base/src` to measure another copy of src/;
// `--compare <src copy>` measures a second copy in the same Node run, interleaved (before/after).
// `npm run bench -- --browser-only` / `--node-only` runs one half.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const pass = args.filter((a) => a !== '--browser-only' && a !== '--node-only');
const valueOf = (flag) => (pass.includes(flag) ? [flag, pass[pass.indexOf(flag) + 1]] : []);
const srcArgs = [...valueOf('--src'), ...valueOf('--compare'), ...valueOf('--frames'), ...valueOf('--rounds')];
const tsx = ['--import', 'tsx'];

if (!args.includes('--browser-only')) {
  spawnSync(process.execPath, [...tsx, 'scripts/bench-receive.ts', ...srcArgs], { cwd: ROOT, stdio: 'inherit' });
}
if (!args.includes('--node-only')) {
  const nodeOnly = ['--frames', '--rounds', '--compare'];
  const browserArgs = pass.filter((a, i) => !nodeOnly.includes(a) && !nodeOnly.includes(pass[i - 1]));
  spawnSync(process.execPath, [...tsx, 'scripts/bench-browser.ts', ...browserArgs], { cwd: ROOT, stdio: 'inherit' });
}
