import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { feedServerPlugin } from './test/support/wtr-feed-plugin.mjs';
import { summaryReporter } from './test/support/wtr-summary-reporter.mjs';

const executablePath = findChromium();

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts', '!**/*.node.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 2,
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
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    feedServerPlugin({ seed: 42, rate: 40 }),
  ],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), summaryReporter()],
};
