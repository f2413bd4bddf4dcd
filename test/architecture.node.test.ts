// Keeps the folder rules of the architecture map true: which folder may import which.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface ImportRef {
  file: string;
  specifier: string;
  typeOnly: boolean;
  target: string | null; // repo-relative path for relative imports
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) sourceFiles(path, out);
    else if (/\.ts$/.test(name) && !/\.(node\.)?test\.ts$|\.stories\.ts$/.test(name)) out.push(path);
  }
  return out;
}

function importsOf(file: string): ImportRef[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const refs: ImportRef[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[3]!;
    const target = specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : null;
    refs.push({ file, specifier, typeOnly: Boolean(match[2]), target });
  }
  return refs;
}

const all = sourceFiles('src').flatMap(importsOf);
const inside = (ref: ImportRef, folder: string) => ref.file.startsWith(folder);
const violations = (refs: ImportRef[]) => refs.map((r) => `${r.file} imports ${r.specifier}`);

test('relative imports carry .js extensions', () => {
  const bad = all.filter((r) => r.target && !/\.js$/.test(r.specifier));
  assert.deepEqual(violations(bad), []);
});

test('src never imports from demo/', () => {
  assert.deepEqual(violations(all.filter((r) => r.target?.startsWith('demo/'))), []);
});

test('src/core outside elements/ is framework-free (no Lit)', () => {
  const bad = all.filter((r) => inside(r, 'src/core/') && !inside(r, 'src/core/elements/') && /^(lit|@lit\/|@lit-labs\/)/.test(r.specifier));
  assert.deepEqual(violations(bad), []);
});

test('protocol imports only zod and itself', () => {
  const bad = all.filter((r) => inside(r, 'src/core/protocol/') && (r.target ? !r.target.startsWith('src/core/protocol/') : !/^zod(\/|$)/.test(r.specifier)));
  assert.deepEqual(violations(bad), []);
});

test('analytics imports nothing at runtime but itself (protocol types allowed)', () => {
  const bad = all.filter((r) => {
    if (!inside(r, 'src/core/analytics/')) return false;
    if (r.target?.startsWith('src/core/analytics/')) return false;
    return !(r.typeOnly && r.target?.startsWith('src/core/protocol/'));
  });
  assert.deepEqual(violations(bad), []);
});

test('the service worker imports no Lit and no widgets', () => {
  const bad = all.filter((r) => inside(r, 'src/sw/') && (/^(lit|@lit)/.test(r.specifier) || r.target?.startsWith('src/widgets/')));
  assert.deepEqual(violations(bad), []);
});

test('widgets reach the core only through elements/ and analytics/', () => {
  const bad = all.filter((r) => inside(r, 'src/widgets/') && r.target?.startsWith('src/core/') &&
    !/^src\/core\/(elements|analytics|protocol)\//.test(r.target));
  assert.deepEqual(violations(bad), []);
});

test('no main entry reaches the devtools (they load on demand from their own entry)', () => {
  const byFile = new Map<string, ImportRef[]>();
  for (const ref of all) byFile.set(ref.file, [...(byFile.get(ref.file) ?? []), ref]);
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const ref of byFile.get(file) ?? []) if (ref.target && !ref.typeOnly) visit(ref.target.replace(/\.js$/, '.ts'));
  };
  for (const entry of ['src/index.ts', 'src/define.ts', 'src/chart.ts', 'src/cdn.ts', 'src/cdn-chart.ts']) visit(entry);
  assert.ok(reached.size > 20, 'the walk found the entries\' modules');
  const bad = [...reached].filter((file) => file.startsWith('src/devtools'));
  const devtoolsPackage = all.filter((r) => reached.has(r.file) && r.specifier.startsWith('@tanstack/query-devtools'));
  assert.deepEqual([...bad, ...violations(devtoolsPackage)], []);
});
