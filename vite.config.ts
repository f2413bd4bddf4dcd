import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** Runtime dependencies stay external in the npm build; only the CDN bundle inlines them. */
const external = [/^uplot($|\/)/, /^lit($|\/)/, /^@lit\//, /^@lit-labs\//, /^@tanstack\//, /^eventemitter3($|\/)/, /^zod($|\/)/, /^idb($|\/)/, /^signal-polyfill($|\/)/];

/** The demo and Storybook import the library by its package name, the way a user would. */
const alias = [
  { find: /^crypto-risk-widgets\/define$/, replacement: src('define.ts') },
  { find: /^crypto-risk-widgets\/analytics$/, replacement: src('core/analytics/index.ts') },
  { find: /^crypto-risk-widgets\/chart$/, replacement: src('chart.ts') },
  { find: /^crypto-risk-widgets$/, replacement: src('index.ts') },
];

const FEED_URL = process.env.FEED_URL ?? 'http://127.0.0.1:8000';

function libraryBuild(): UserConfig {
  return {
    publicDir: false,
    build: {
      outDir: 'dist/lib',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      minify: false,
      lib: {
        entry: {
          index: src('index.ts'),
          define: src('define.ts'),
          analytics: src('core/analytics/index.ts'),
          chart: src('chart.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: { external },
    },
  };
}

function cdnBuild(withChart: boolean): UserConfig {
  return {
    publicDir: false,
    build: {
      outDir: 'dist/cdn',
      // The chart bundle is written next to the main one by a second run.
      emptyOutDir: !withChart,
      target: 'es2022',
      sourcemap: true,
      lib: {
        entry: src(withChart ? 'cdn-chart.ts' : 'cdn.ts'),
        formats: ['iife'],
        name: 'CryptoRiskWidgets',
        fileName: () => (withChart ? 'crypto-risk-widgets-with-chart.js' : 'crypto-risk-widgets.js'),
      },
    },
  };
}

/** After the demo build: the service worker, with the built files as its precache (scripts/build-sw.mjs). */
function demoServiceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'crw-demo-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const { buildServiceWorker, DEMO_PRECACHE_PATTERNS } = await import('./scripts/build-sw.mjs');
      await buildServiceWorker({
        globDirectory: outDir,
        swDest: `${outDir}/crw-sw.js`,
        globPatterns: DEMO_PRECACHE_PATTERNS,
      });
    },
  };
}

function demoApp(): UserConfig {
  // The demo talks to the feed server through the dev or preview server, so one origin serves both.
  const proxy = {
    '/api': { target: FEED_URL, changeOrigin: true },
    '/ws': { target: FEED_URL.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
  };
  return {
    root: fileURLToPath(new URL('./demo', import.meta.url)),
    publicDir: 'public',
    resolve: { alias },
    plugins: [demoServiceWorker()],
    preview: {
      host: process.env.DEMO_HOST ?? '127.0.0.1',
      port: Number(process.env.DEMO_PORT ?? 5173),
      strictPort: false,
      proxy,
    },
    server: {
      host: process.env.DEMO_HOST ?? '127.0.0.1',
      port: Number(process.env.DEMO_PORT ?? 5173),
      strictPort: false,
      fs: { allow: [root] },
      proxy,
    },
    build: { outDir: fileURLToPath(new URL('./dist/demo', import.meta.url)), emptyOutDir: true, target: 'es2022' },
  };
}

export default defineConfig(({ command, mode }) => {
  if (command === 'serve' || mode === 'demo') return demoApp();
  if (mode === 'cdn') return cdnBuild(false);
  if (mode === 'cdn-chart') return cdnBuild(true);
  return libraryBuild();
});
