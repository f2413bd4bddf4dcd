import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { prebundlePlugin } from './test/support/wtr-prebundle-plugin.mjs';
import { feedServerPlugin } from './test/support/wtr-feed-plugin.mjs';
import { summaryReporter } from './test/support/wtr-summary-reporter.mjs';

const executablePath = findChromium();

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts', '!**/*.node.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // One page at a time: a page in a background tab is 'hidden', and hidden pages rightly pause
  // reconnects and refetches, which would make timing-sensitive tests depend on tab order.
  concurrency: 1,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 30000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  middleware: [
    // msw registers its worker at the site root; serve the committed copy from there.
    function serveMswWorker(context, next) {
      if (context.url === '/mockServiceWorker.js') context.url = '/test/msw/mockServiceWorker.js';
      return next();
    },
    // The socket Worker is started as `socket-worker.js` next to its module, as in the built package.
    function serveSocketWorker(context, next) {
      if (context.path === '/src/core/worker/socket-worker.js') context.url = '/src/core/worker/socket-worker.ts';
      return next();
    },
  ],
  plugins: [
    prebundlePlugin(['node_modules/eventemitter3/index.mjs']),
    // query-core reads process.env.NODE_ENV, which an app's bundler replaces; replace it here too
    // (js: true reaches the dependencies), so the test page needs no window.process of its own.
    esbuildPlugin({ ts: true, js: true, target: 'es2022', tsconfig: './tsconfig.json', define: { 'process.env.NODE_ENV': '"development"' } }),
    // CRW_NO_FEED=1 runs mock-only tests without starting a feed server.
    ...(process.env.CRW_NO_FEED ? [] : [feedServerPlugin({ seed: 42, rate: 40 })]),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), summaryReporter()],
};
