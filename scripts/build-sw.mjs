// Builds the service worker: bundles src/sw/crw-sw.ts into one classic script with esbuild, then
// lets workbox-build's injectManifest write the precache list (URL + revision of every matching
// file) into it. Also writes the ESM routes module for apps with their own worker.
//
//   node scripts/build-sw.mjs            -> dist/sw/crw-sw.js (empty precache) + dist/sw/routes.js
//   buildServiceWorker({ globDirectory: 'dist/demo', swDest: 'dist/demo/crw-sw.js', ... })  (the demo build)
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const HASH_SLOT = '__CRW_BUILD_HASH__';

/** What the demo's worker precaches. Pages are left out: navigations go network first, so a deploy shows at once. */
export const DEMO_PRECACHE_PATTERNS = ['assets/**/*.{js,css}', 'icons/*.png', 'manifest.webmanifest', 'offline.html'];

/**
 * @param {{ globDirectory: string, swDest: string, globPatterns?: string[], globIgnores?: string[], minify?: boolean }} options
 * @returns {Promise<{ swDest: string, version: string, count: number, size: number, warnings: string[] }>}
 */
export async function buildServiceWorker({ globDirectory, swDest, globPatterns = [], globIgnores = [], minify = true }) {
  const tmp = mkdtempSync(join(tmpdir(), 'crw-sw-'));
  const swSrc = join(tmp, 'crw-sw.js');
  try {
    await build({
      entryPoints: [join(ROOT, 'src/sw/crw-sw.ts')],
      outfile: swSrc,
      bundle: true,
      format: 'iife',
      target: 'es2022',
      minify,
      legalComments: 'none',
      define: {
        'process.env.NODE_ENV': '"production"',
        __CRW_SW_VERSION__: JSON.stringify(`${VERSION}+${HASH_SLOT}`),
      },
      logLevel: 'warning',
    });
    const result = await injectManifest({
      swSrc,
      swDest: resolve(swDest),
      globDirectory: resolve(globDirectory),
      globPatterns,
      globIgnores: ['**/crw-sw.js', '**/*.map', ...globIgnores],
      // Vite's hashed file names are their own revision.
      dontCacheBustURLsMatching: /-[A-Za-z0-9_-]{8,}\.(?:js|css|png|svg|woff2)$/,
      maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
    });
    // The version names the exact worker: same sources and precache list, same version.
    const code = readFileSync(resolve(swDest), 'utf8');
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 10);
    writeFileSync(resolve(swDest), code.replace(HASH_SLOT, hash));
    return { swDest, version: `${VERSION}+${hash}`, count: result.count, size: result.size, warnings: result.warnings };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The ESM module behind `crypto-risk-widgets/sw/routes` (workbox stays a dependency, not inlined). */
export async function buildRoutesModule(outfile) {
  await build({
    entryPoints: [join(ROOT, 'src/sw/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    packages: 'external',
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = join(ROOT, 'dist/sw');
  const sw = await buildServiceWorker({ globDirectory: out, swDest: join(out, 'crw-sw.js'), globPatterns: [] });
  await buildRoutesModule(join(out, 'routes.js'));
  const kb = (readFileSync(sw.swDest).length / 1024).toFixed(1);
  console.log(`dist/sw/crw-sw.js  ${kb} KiB  version ${sw.version}; dist/sw/routes.js`);
}
