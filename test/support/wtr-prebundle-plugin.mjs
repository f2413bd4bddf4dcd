// Serves the ESM entry of packages that wrap a CommonJS build (eventemitter3's index.mjs imports
// its index.js) as one pre-bundled ES module, the way Vite's dependency pre-bundling does.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export function prebundlePlugin(entries) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cache = new Map();
  return {
    name: 'prebundle-commonjs',
    async serve(context) {
      const entry = entries.find((path) => context.path === `/${path}`);
      if (!entry) return undefined;
      if (!cache.has(entry)) {
        const result = await build({ entryPoints: [root + entry], bundle: true, format: 'esm', write: false, platform: 'browser', logLevel: 'silent' });
        cache.set(entry, result.outputFiles[0].text);
      }
      return { body: cache.get(entry), type: 'js' };
    },
  };
}
