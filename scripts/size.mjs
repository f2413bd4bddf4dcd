// `npm run size`: what users download, measured the way they get it — minified, dependencies
// included, each file compressed with gzip -9. Deterministic: the apps are bundled from fixed
// sources with no hashes or timestamps in what is measured. Needs `npm run build` first.
//
// Each case has two numbers. `budget` is the size we aim for. `ceiling` is today's size plus a
// little room: going over it fails the run, so nothing grows unnoticed while the budget is not yet
// met. Lower a ceiling whenever a change makes the bundle smaller; raise one only when a feature that must sit on every widget's path lands, and say which in the commit.
// The performance monitor (with web-vitals) and the offline layer (persisted cache, edit queue,
// service worker registration, idb, workbox-window) load on demand, only for a provider whose
// attributes ask for them (src/core/elements/on-demand.ts): the bundler cases count what a page
// loads up front and list the on-demand chunks apart. So do the zod schemas: a ticker's frames and
// answers pass hand-written checks (src/core/protocol/fast-checks.ts), and the schemas load only
// for data that has no such check, or to explain a refusal.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CDN = join(ROOT, 'dist/cdn');
const KiB = 1024;
const gz = (code) => gzipSync(code, { level: 9 }).length;

/** A chunk and every chunk it imports statically, as the browser would fetch them. */
function staticGraph(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  const pattern = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of code.matchAll(pattern)) staticGraph(resolve(dirname(entry), match[1]), seen);
  return seen;
}

function files(paths) {
  const list = [...paths];
  return { files: list.length, bytes: list.reduce((sum, path) => sum + gz(readFileSync(path)), 0) };
}

/** A tiny app that shows one `<crypto-ticker>`, importing it from the installed package. */
function makeApp() {
  const dir = mkdtempSync(join(tmpdir(), 'crw-size-'));
  mkdirSync(join(dir, 'node_modules'));
  // The built package as an app sees it (exports map, dist files); its dependencies resolve from here.
  symlinkSync(ROOT, join(dir, 'node_modules/crypto-risk-widgets'), 'dir');
  writeFileSync(join(dir, 'main.js'), [
    "import { CryptoTicker } from 'crypto-risk-widgets/widgets/crypto-ticker';",
    'const ticker = new CryptoTicker();',
    "ticker.symbols = ['BTC', 'ETH'];",
    'document.body.append(ticker);',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>\n');
  return dir;
}

/**
 * What a page loads before anything asks for more: the entry and the chunks it imports
 * statically. Chunks behind a dynamic `import()` (the performance monitor, the offline layer, the
 * service worker registration) load only when a provider's attributes ask for them; they are
 * reported on their own.
 */
function initialLoad(entry, chunks) {
  const byName = new Map(chunks.map((chunk) => [chunk.name, chunk]));
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const next of byName.get(name).imports) visit(next);
  };
  visit(entry);
  const sum = (names) => names.reduce((total, name) => total + gz(byName.get(name).code), 0);
  const lazy = chunks.map((chunk) => chunk.name).filter((name) => !initial.has(name));
  return { files: initial.size, bytes: sum([...initial]), lazyFiles: lazy.length, lazyBytes: sum(lazy), names: initial };
}

async function viteApp(dir) {
  const { build } = await import('vite');
  const result = await build({
    root: dir, configFile: false, logLevel: 'silent', publicDir: false,
    build: { write: false, minify: true, target: 'es2022', modulePreload: false, sourcemap: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunks = outputs.filter((o) => o.type === 'chunk').map((o) => ({ name: o.fileName, code: o.code, imports: o.imports }));
  return initialLoad(outputs.find((o) => o.type === 'chunk' && o.isEntry).fileName, chunks);
}

async function esbuildApp(dir) {
  const { build } = await import('esbuild');
  const result = await build({
    // Splitting on, as Angular CLI builds: a dynamic import() becomes a chunk of its own.
    entryPoints: [join(dir, 'main.js')], absWorkingDir: dir, bundle: true, minify: true, format: 'esm', splitting: true, outdir: join(dir, 'out'),
    target: 'es2022', platform: 'browser', write: false, logLevel: 'silent', legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' }, metafile: true,
  });
  // esbuild keeps every zod locale when one is reached through the `locales` namespace (issue 8).
  const shipped = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path));
  const locales = shipped.filter((path) => /zod\/v4\/locales\//.test(path));
  const foreign = locales.filter((path) => !/locales\/en\.js$/.test(path));
  if (foreign.length) throw new Error(`zod locales other than English reached the esbuild app: ${foreign.join(', ')}`);
  const chunks = Object.entries(result.metafile.outputs).map(([name, output]) => ({
    name,
    code: result.outputFiles.find((file) => file.path === resolve(dir, name)).contents,
    imports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
  }));
  const load = initialLoad(Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === 'main.js').at(0), chunks);
  // A ticker's frames and answers all pass hand-written checks (src/core/protocol/fast-checks.ts):
  // zod is loaded only by what has no such check, never up front.
  const zodUpFront = [...load.names].flatMap((name) => Object.entries(result.metafile.outputs[name].inputs))
    .filter(([path, input]) => input.bytesInOutput > 0 && /node_modules\/zod\//.test(path));
  if (zodUpFront.length) throw new Error(`zod reached the one-ticker app's initial load: ${zodUpFront.map(([path]) => path).join(', ')}`);
  return load;
}

if (!existsSync(join(CDN, 'autoloader.js')) || !existsSync(join(ROOT, 'dist/lib/widgets/crypto-ticker.js'))) {
  console.error('size: dist is missing or stale; run `npm run build` first.');
  process.exit(1);
}

const app = makeApp();
let rows;
try {
  rows = [
    ['autoloader page with one <crypto-ticker>: all JS it loads', 35, 53.8,
      files(new Set([...staticGraph(join(CDN, 'autoloader.js')), ...staticGraph(join(CDN, 'widgets/crypto-ticker.js'))]))],
    ['a Vite app importing only CryptoTicker', 40, 50.7, await viteApp(app)],
    ['the same app built with esbuild', 42, 53.9, await esbuildApp(app)],
    ['the all-in-one IIFE (dist/cdn/crypto-risk-widgets.js)', 60, 105.1, files([join(CDN, 'crypto-risk-widgets.js')])],
  ];
} finally {
  rmSync(app, { recursive: true, force: true });
}

const kib = (bytes) => `${(bytes / KiB).toFixed(1)} KiB`;
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${'case'.padEnd(width)} | files |   budget |  ceiling |   actual | within budget`);
console.log(`${'-'.repeat(width)}-|-------|----------|----------|----------|--------------`);
let over = 0;
let outOfBudget = 0;
for (const [name, budget, ceiling, { files: count, bytes }] of rows) {
  if (bytes > ceiling * KiB) over++;
  if (bytes > budget * KiB) outOfBudget++;
  const verdict = bytes > ceiling * KiB ? 'NO, and over the ceiling' : bytes > budget * KiB ? `no (+${kib(bytes - budget * KiB)})` : 'yes';
  console.log(`${name.padEnd(width)} | ${String(count).padStart(5)} | ${kib(budget * KiB).padStart(8)} | ${kib(ceiling * KiB).padStart(8)} | ${kib(bytes).padStart(8)} | ${verdict}`);
}
for (const [name, , , { lazyFiles, lazyBytes }] of rows) {
  if (lazyFiles) console.log(`${name}: plus ${lazyFiles} chunk(s), ${kib(lazyBytes)}, loaded only on demand (zod schemas, polling fallback, performance monitoring, pwa)`);
}
console.log(`${rows.length - outOfBudget} of ${rows.length} cases within budget`);
console.log(`size ceilings: ${rows.length - over} passed, ${over} failed, 0 skipped`);
process.exit(over ? 1 : 0);
