// `npm run size`: what users download, measured the way they get it — minified, dependencies
// included, each file compressed with gzip -9. Deterministic: the apps are bundled from fixed
// sources with no hashes or timestamps in what is measured. Needs `npm run build` first.
// `npm run size -- --composition` also prints what each case is made of (docs/SIZE.md).
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
import { TraceMap, eachMapping } from '@jridgewell/trace-mapping';

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
  const outputs = list.map((path) => ({ code: readFileSync(path, 'utf8'), map: existsSync(`${path}.map`) ? readFileSync(`${path}.map`, 'utf8') : null }));
  return { files: list.length, bytes: list.reduce((sum, path) => sum + gz(readFileSync(path)), 0), outputs };
}

// ---- Composition (`npm run size -- --composition`) ----
// Each output file's source map says which source every run of minified code came from. The runs
// of one source (a package, or one of our modules) are gzipped together, and those sizes are
// scaled so that they add up to the file's real gzip size: each part's share of what users
// download, with the compression it actually gets next to its neighbours approximated.

/** `node_modules/@scope/name/…` → `@scope/name`; our own sources → their path under src/. */
function owner(source) {
  const at = source.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = source.slice(at + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  // The npm build (what the bundler cases read) keeps one file per source module under dist/lib/.
  const lib = source.indexOf('dist/lib/');
  if (lib >= 0) return /_virtual\//.test(source) ? '(no source: bundler glue)' : `src/${source.slice(lib + 'dist/lib/'.length).replace(/\.js$/, '.ts')}`;
  const src = source.indexOf('src/');
  return src >= 0 ? source.slice(src) : '(no source: bundler glue)';
}

/** Splits one output file into runs per owner of the code, by its source map. */
function attribute(code, mapText, into) {
  const lines = code.split('\n');
  const lineStart = [0];
  for (const line of lines) lineStart.push(lineStart.at(-1) + line.length + 1);
  const marks = [];
  if (mapText) {
    eachMapping(new TraceMap(mapText), (m) => {
      marks.push([lineStart[m.generatedLine - 1] + m.generatedColumn, m.source ? owner(m.source) : null]);
    });
  }
  marks.sort((a, b) => a[0] - b[0]);
  let cursor = 0;
  let current = '(no source: bundler glue)';
  const add = (end) => {
    if (end <= cursor) return;
    const text = code.slice(cursor, end);
    const part = into.get(current) ?? { text: [], min: 0 };
    part.text.push(text);
    part.min += Buffer.byteLength(text);
    into.set(current, part);
    cursor = end;
  };
  for (const [offset, who] of marks) {
    add(offset);
    if (who) current = who;
  }
  add(code.length);
}

function composition(outputs) {
  const parts = new Map();
  for (const { code, map } of outputs) attribute(code, map, parts);
  const total = outputs.reduce((sum, { code }) => sum + gz(code), 0);
  const rows = [...parts].map(([who, part]) => ({ who, min: part.min, alone: gz(part.text.join('')) }));
  const scale = total / rows.reduce((sum, row) => sum + row.alone, 0);
  for (const row of rows) row.gz = row.alone * scale;
  return { total, rows: rows.sort((a, b) => b.gz - a.gz) };
}

/** Packages stay one row each; our modules are grouped by folder with the largest listed. */
function printComposition(name, outputs) {
  const { total, rows } = composition(outputs);
  const ownRows = rows.filter((row) => row.who.startsWith('src/'));
  const glue = rows.filter((row) => row.who.startsWith('('));
  const deps = rows.filter((row) => !row.who.startsWith('src/') && !row.who.startsWith('('));
  const sum = (list, key) => list.reduce((s, row) => s + row[key], 0);
  const k = (bytes) => (bytes / KiB).toFixed(1);
  console.log(`\n### ${name}: ${k(total)} KiB gzip\n`);
  console.log('| part | min KiB | gzip KiB |\n|---|---:|---:|');
  for (const row of deps) console.log(`| ${row.who} | ${k(row.min)} | ${k(row.gz)} |`);
  console.log(`| **dependencies** | **${k(sum(deps, 'min'))}** | **${k(sum(deps, 'gz'))}** |`);
  const folders = new Map();
  for (const row of ownRows) {
    const path = row.who.split('/');
    const folder = path.length <= 2 ? row.who : path.slice(0, row.who.startsWith('src/core/') ? 3 : 2).join('/');
    const group = folders.get(folder) ?? [];
    group.push(row);
    folders.set(folder, group);
  }
  for (const [folder, group] of [...folders].sort((a, b) => sum(b[1], 'gz') - sum(a[1], 'gz'))) {
    const label = group.length === 1 && group[0].who === folder ? folder
      : `${folder}/ (${group.length}: ${group.slice(0, 5).map((row) => `${row.who.slice(folder.length + 1)} ${k(row.gz)}`).join(', ')}${group.length > 5 ? ', …' : ''})`;
    console.log(`| ${label} | ${k(sum(group, 'min'))} | ${k(sum(group, 'gz'))} |`);
  }
  console.log(`| **own code** | **${k(sum(ownRows, 'min'))}** | **${k(sum(ownRows, 'gz'))}** |`);
  for (const row of glue) console.log(`| ${row.who} | ${k(row.min)} | ${k(row.gz)} |`);
  if (process.argv.includes('--modules')) {
    console.log(`\nEvery own module, largest first: ${ownRows.map((row) => `${row.who.slice(4)} ${k(row.gz)}`).join(', ')}`);
  }
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
  const outputs = [...initial].map((name) => ({ code: String(byName.get(name).code), map: byName.get(name).map }));
  return { files: initial.size, bytes: sum([...initial]), lazyFiles: lazy.length, lazyBytes: sum(lazy), names: initial, outputs };
}

async function viteApp(dir) {
  const { build } = await import('vite');
  const result = await build({
    root: dir, configFile: false, logLevel: 'silent', publicDir: false,
    build: { write: false, minify: true, target: 'es2022', modulePreload: false, sourcemap: true },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunks = outputs.filter((o) => o.type === 'chunk').map((o) => ({ name: o.fileName, code: o.code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'), map: o.map?.toString(), imports: o.imports }));
  return initialLoad(outputs.find((o) => o.type === 'chunk' && o.isEntry).fileName, chunks);
}

async function esbuildApp(dir) {
  const { build } = await import('esbuild');
  const result = await build({
    // Splitting on, as Angular CLI builds: a dynamic import() becomes a chunk of its own.
    entryPoints: [join(dir, 'main.js')], absWorkingDir: dir, bundle: true, minify: true, format: 'esm', splitting: true, outdir: join(dir, 'out'),
    target: 'es2022', platform: 'browser', write: false, logLevel: 'silent', legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' }, metafile: true, sourcemap: composing ? 'external' : false,
  });
  // esbuild keeps every zod locale when one is reached through the `locales` namespace (issue 8).
  const shipped = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path));
  const locales = shipped.filter((path) => /zod\/v4\/locales\//.test(path));
  const foreign = locales.filter((path) => !/locales\/en\.js$/.test(path));
  if (foreign.length) throw new Error(`zod locales other than English reached the esbuild app: ${foreign.join(', ')}`);
  const chunks = Object.entries(result.metafile.outputs).filter(([name]) => !name.endsWith('.map')).map(([name, output]) => ({
    name,
    code: result.outputFiles.find((file) => file.path === resolve(dir, name)).text,
    map: result.outputFiles.find((file) => file.path === `${resolve(dir, name)}.map`)?.text,
    imports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
  }));
  const load = initialLoad(Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === 'main.js').at(0), chunks);
  // A ticker's frames and answers all pass hand-written checks (src/core/protocol/fast-checks.ts):
  // zod is loaded only by what has no such check, never up front. The socket Worker's host loads
  // when a connection moves into the Worker (src/core/worker/socket-transport.ts).
  const upFront = [...load.names].flatMap((name) => Object.entries(result.metafile.outputs[name].inputs))
    .filter(([path, input]) => input.bytesInOutput > 0 && /node_modules\/zod\/|core\/worker\/worker-host\.js/.test(path));
  if (upFront.length) throw new Error(`on-demand code reached the one-ticker app's initial load: ${upFront.map(([path]) => path).join(', ')}`);
  return load;
}

if (!existsSync(join(CDN, 'autoloader.js')) || !existsSync(join(ROOT, 'dist/lib/widgets/crypto-ticker.js'))) {
  console.error('size: dist is missing or stale; run `npm run build` first.');
  process.exit(1);
}

const composing = process.argv.includes('--composition') || process.argv.includes('--modules');
const app = makeApp();
let rows;
try {
  rows = [
    ['autoloader page with one <crypto-ticker>: all JS it loads', 35, 54.4,
      files(new Set([...staticGraph(join(CDN, 'autoloader.js')), ...staticGraph(join(CDN, 'widgets/crypto-ticker.js'))]))],
    ['a Vite app importing only CryptoTicker', 40, 52.4, await viteApp(app)],
    ['the same app built with esbuild', 42, 55.7, await esbuildApp(app)],
    ['the all-in-one IIFE (dist/cdn/crypto-risk-widgets.js)', 60, 108.7, files([join(CDN, 'crypto-risk-widgets.js')])],
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
  if (lazyFiles) console.log(`${name}: plus ${lazyFiles} chunk(s), ${kib(lazyBytes)}, loaded only on demand (zod schemas, polling fallback, socket Worker, performance monitoring, pwa)`);
}
if (composing) for (const [name, , , { outputs }] of rows) printComposition(name, outputs);
console.log(`${rows.length - outOfBudget} of ${rows.length} cases within budget`);
console.log(`size ceilings: ${rows.length - over} passed, ${over} failed, 0 skipped`);
process.exit(over ? 1 : 0);
