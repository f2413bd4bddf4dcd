import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** Runtime dependencies stay external in the npm build; only the CDN bundle inlines them. */
const external = [/^uplot($|\/)/, /^lit($|\/)/, /^@lit\//, /^@lit-labs\//, /^@tanstack\//, /^eventemitter3($|\/)/, /^zod($|\/)/, /^idb($|\/)/, /^signal-polyfill($|\/)/, /^web-vitals($|\/)/, /^react($|\/)/];

/** The demo and Storybook import the library by its package name, the way a user would. */
const alias = [
  { find: /^crypto-risk-widgets\/define$/, replacement: src('define.ts') },
  { find: /^crypto-risk-widgets\/analytics$/, replacement: src('core/analytics/index.ts') },
  { find: /^crypto-risk-widgets\/chart$/, replacement: src('chart.ts') },
  { find: /^crypto-risk-widgets\/devtools$/, replacement: src('devtools.ts') },
  { find: /^crypto-risk-widgets\/widgets\/([a-z-]+)$/, replacement: src('widgets/$1.ts') },
  { find: /^crypto-risk-widgets$/, replacement: src('index.ts') },
];

const FEED_URL = process.env.FEED_URL ?? 'http://127.0.0.1:8000';

/** Per-widget entries: `crypto-risk-widgets/widgets/<tag>` and the autoloader's chunks. */
export const WIDGET_ENTRIES = [
  'crypto-data-provider', 'crypto-ticker', 'portfolio-value', 'risk-gauge', 'alert-feed',
  'connection-status', 'market-movers', 'crypto-watchlist', 'portfolio-manager', 'price-chart', 'perf-monitor',
  'pwa-status', 'push-subscribe',
] as const;

const widgetEntries = Object.fromEntries(WIDGET_ENTRIES.map((tag) => [`widgets/${tag}`, src(`widgets/${tag}.ts`)]));

/**
 * The npm build keeps one output file per source module, so an app's bundler drops whatever it
 * doesn't import: one widget costs one widget, whichever entry it comes from.
 */
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
          devtools: src('devtools.ts'),
          ...widgetEntries,
          // React wrappers and the tag list, generated from the manifest by scripts/framework-bindings.mjs.
          react: src('frameworks/react.generated.ts'),
          'react-chart': src('frameworks/react-chart.generated.ts'),
          tags: src('frameworks/tags.generated.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external,
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  };
}

/**
 * Dependencies (query-core) branch on `process.env.NODE_ENV`, which an app's bundler replaces.
 * A `<script>` tag has no bundler, so the browser bundles replace it themselves.
 */
const productionDefine = { 'process.env.NODE_ENV': JSON.stringify('production') };

/** The IIFE is one file: the layers other builds load on demand are imported statically instead. */
const bundledOnDemand = [
  { find: /^\.\/on-demand\.js$/, replacement: src('core/elements/on-demand.bundled.ts') },
  { find: /^\.\/worker-on-demand\.js$/, replacement: src('core/worker/worker-on-demand.bundled.ts') },
];

function cdnBuild(withChart: boolean): UserConfig {
  return {
    publicDir: false,
    define: productionDefine,
    resolve: { alias: bundledOnDemand },
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

/**
 * The autoloader and the per-widget chunks it imports from next to itself: ES modules with every
 * dependency inlined, the shared code split into chunks the widgets have in common.
 */
function cdnModules(): UserConfig {
  return {
    publicDir: false,
    define: productionDefine,
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      lib: { entry: { autoloader: src('cdn-autoloader.ts'), ...widgetEntries }, formats: ['es'] },
      rolldownOptions: {
        // Library mode leaves ES output unminified for the app that bundles it; these files go to browsers as they are.
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          minify: true,
          // The widget base, the controllers every widget uses, and the provider with the guarded
          // registration that every widget chunk brings, and Lit's `repeat` (which ten of the twelve
          // widgets use): one chunk, not eight small ones. What
          // only some widgets use (form controls, CSSOM styles, mutation errors, the performance
          // controller) stays out, so a ticker page doesn't download it.
          codeSplitting: {
            groups: [{
              name: 'widget-base',
              test: /\/src\/(widgets\/shared\/(?!crw-control|cssom-style|mutation-error)|core\/elements\/controllers\/(?!performance-controller)|register\.ts|core\/elements\/crypto-data-provider\.ts)|lit(-html)?\/directives\/repeat/,
            }],
          },
        },
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

/**
 * Caching for the served demo (`npm start`): built files have content hashes in their names, so
 * they are cached for a year and never revalidated; the pages, the manifest and the service
 * worker are revalidated on every load, so a deploy is seen at once.
 */
function demoCacheHeaders(): Plugin {
  return {
    name: 'crw-demo-cache-headers',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0]!;
        if (!path.startsWith('/api/') && path !== '/ws') {
          res.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        }
        next();
      });
    },
  };
}

/** What a phone shows first in the demo: `demo/main.ts` imports these first, one per task, before anything else. */
const DEMO_FIRST_SCREEN = ['crypto-data-provider', 'connection-status', 'crypto-ticker', 'portfolio-manager', 'portfolio-value', 'risk-gauge', 'pwa-status'];

/** The entry, and every chunk the first-screen widgets need that the entry does not import statically. */
function firstScreenChunks(bundle: Rollup.OutputBundle, firstScreen: Set<string>): { entry: Rollup.OutputChunk | undefined; preloaded: Set<string> } {
  const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
  const roots = chunks.filter((chunk) => chunk.facadeModuleId && firstScreen.has(chunk.facadeModuleId));
  if (roots.length !== firstScreen.size) {
    throw new Error(`demo preload: found ${roots.length} of the ${firstScreen.size} first-screen widget chunks`);
  }
  const entry = chunks.find((chunk) => chunk.isEntry);
  const already = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
  const preloaded = new Set<string>();
  const visit = (fileName: string) => {
    if (preloaded.has(fileName) || already.has(fileName)) return;
    preloaded.add(fileName);
    const chunk = bundle[fileName];
    if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
  };
  roots.forEach((chunk) => visit(chunk.fileName));
  return { entry, preloaded };
}

/**
 * V8's explicit compile hint: every function in a file that starts with it is compiled as the
 * file streams in, off the main thread, instead of on its first call, on the main thread. Without
 * it the first screen's code compiled lazily during start-up: about 175 ms of `V8.CompileCode`
 * on the main thread in the first 5 s at full speed here, 25–50 ms with it. Chromium 136 and later
 * read it; elsewhere it is a comment.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * The demo's first-screen chunks as `<link rel="modulepreload">` in the page itself, so the browser
 * fetches the whole graph while it parses the HTML, and the entry inserts no preload links at
 * run time (with Vite's default, its first task spent 80 ms appending about 40 of them, 320 ms
 * under Lighthouse's 4× CPU). Chunks imported later, below the fold, load as they are imported.
 * Those chunks and the entry's start with the compile hint: nearly all of their code runs as
 * the first screen renders.
 */
function demoFirstScreenPreload(): Plugin {
  const firstScreen = new Set(DEMO_FIRST_SCREEN.map((tag) => src(`widgets/${tag}.ts`)));
  let base = '/';
  return {
    name: 'crw-demo-first-screen-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    generateBundle(_options, bundle) {
      const { entry, preloaded } = firstScreenChunks(bundle, firstScreen);
      for (const fileName of [entry?.fileName, ...(entry?.imports ?? []), ...preloaded]) {
        const chunk = fileName === undefined ? undefined : bundle[fileName];
        if (chunk?.type === 'chunk' && !chunk.code.startsWith(COMPILE_HINT)) chunk.code = COMPILE_HINT + chunk.code;
      }
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const { preloaded } = firstScreenChunks(bundle, firstScreen);
        // The page's own stylesheet (about 1 KiB) goes inline: fetched as a file it competed with
        // those preloads for the first connections, and the first paint waited for it. Nothing
        // else links it, so the file is not written (nor precached by the service worker).
        const inlined = html.replace(/<link rel="stylesheet"[^>]*href="([^"]+\.css)"[^>]*>/g, (link, href: string) => {
          const fileName = href.slice(base.length);
          const asset = bundle[fileName];
          if (asset?.type !== 'asset' || typeof asset.source !== 'string') return link;
          delete bundle[fileName];
          return `<style>${asset.source}</style>`;
        });
        return {
          html: inlined,
          tags: [...preloaded].map((fileName) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${fileName}` },
            injectTo: 'head' as const,
          })),
        };
      },
    },
  };
}

/**
 * The demo's chunking: the code the first screen's widgets share (Lit, the core, the query cache,
 * the controllers) in one chunk, `first-screen`, rather than the thirty-odd small ones of the
 * automatic split. Each of those was a request at start: to the server, the browser's network
 * and IO threads and the page, all on the same few cores as the page's first renders.
 * Which modules those are comes from a first, unwritten build with the automatic split: the
 * modules of the chunks the entry and the first-screen widgets import statically (what
 * `firstScreenChunks` preloads), so tree-shaking has already told them apart from what a barrel
 * merely re-exports. The widgets' own modules stay in their chunks, each evaluated in a task of
 * its own; so does every module something imports on demand, and what only later imports need
 * (below the fold, the Worker) is split as before.
 */
function demoFirstScreenChunk(): Plugin {
  const firstScreen = new Set(DEMO_FIRST_SCREEN.map((tag) => src(`widgets/${tag}.ts`)));
  const ownWidgetCode = /[\\/]src[\\/]widgets[\\/](?!shared[\\/])/;
  return {
    name: 'crw-demo-first-screen-chunk',
    apply: 'build',
    async config(config) {
      const { build } = await import('vite');
      const shared = new Set<string>();
      await build({
        configFile: false,
        root: config.root,
        mode: 'demo',
        logLevel: 'silent',
        resolve: { alias },
        build: { write: false, target: 'es2022', modulePreload: false },
        plugins: [{
          name: 'crw-demo-first-screen-modules',
          generateBundle(_options, bundle) {
            const { entry, preloaded } = firstScreenChunks(bundle, firstScreen);
            for (const fileName of [...(entry?.imports ?? []), ...preloaded]) {
              const chunk = bundle[fileName];
              if (chunk?.type !== 'chunk') continue;
              for (const id of chunk.moduleIds) {
                // What something imports on demand keeps its own chunk, so that import stays cheap.
                const lazy = (this.getModuleInfo(id)?.dynamicImporters.length ?? 0) > 0;
                if (!ownWidgetCode.test(id) && !lazy) shared.add(id);
              }
            }
          },
        }],
      });
      if (shared.size === 0) throw new Error('demo chunking: the first build found no first-screen modules');
      return { build: { rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'first-screen', test: (id: string) => shared.has(id) }] } } } } };
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
    plugins: [demoFirstScreenChunk(), demoFirstScreenPreload(), demoServiceWorker(), demoCacheHeaders()],
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
    build: {
      outDir: fileURLToPath(new URL('./dist/demo', import.meta.url)),
      emptyOutDir: true,
      target: 'es2022',
      // The page preloads its first screen itself (demoFirstScreenPreload).
      modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) },
    },
  };
}

export default defineConfig(({ command, mode }) => {
  if (command === 'serve' || mode === 'demo') return demoApp();
  if (mode === 'cdn') return cdnBuild(false);
  if (mode === 'cdn-chart') return cdnBuild(true);
  if (mode === 'cdn-modules') return cdnModules();
  return libraryBuild();
});
