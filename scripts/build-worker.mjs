// Builds the socket Worker (src/core/worker/socket-worker.ts) as one self-contained file for each
// way in: `dist/lib/core/worker/socket-worker.js` (an ES module worker next to the module that
// starts it, which an app's bundler picks up through `new Worker(new URL(…), import.meta.url)`),
// and `dist/cdn/crw-socket-worker.js` (a classic worker next to the CDN bundles). Then it writes
// the `new URL('./socket-worker.js', import.meta.url)` literal back into the library's
// worker-script.js, which the library build had to leave alone (see that module).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const entry = `${ROOT}src/core/worker/socket-worker.ts`;
const common = { entryPoints: [entry], bundle: true, minify: true, sourcemap: true, target: 'es2022', legalComments: 'none', logLevel: 'warning', tsconfig: `${ROOT}tsconfig.json` };

await build({ ...common, format: 'esm', outfile: `${ROOT}dist/lib/core/worker/socket-worker.js` });
await build({ ...common, format: 'iife', outfile: `${ROOT}dist/cdn/crw-socket-worker.js` });

const starter = `${ROOT}dist/lib/core/worker/worker-script.js`;
const code = readFileSync(starter, 'utf8');
const pattern = /new URL\(SOCKET_WORKER_FILE, import\.meta\.url\)/g;
if (!pattern.test(code)) throw new Error(`${starter}: no \`new URL(SOCKET_WORKER_FILE, import.meta.url)\` to rewrite; the build changed`);
writeFileSync(starter, code.replace(pattern, 'new URL("./socket-worker.js", import.meta.url)'));
console.log('socket Worker: dist/lib/core/worker/socket-worker.js, dist/cdn/crw-socket-worker.js');
