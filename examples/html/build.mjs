// A static site needs no build: copy the page and the package's <script>-tag bundle into dist/.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const bundle = join(dirname(require.resolve('crypto-risk-widgets/package.json')), 'dist/cdn/crypto-risk-widgets.js');

rmSync('dist', { recursive: true, force: true });
cpSync('public', 'dist', { recursive: true });
mkdirSync('dist/vendor', { recursive: true });
cpSync(bundle, 'dist/vendor/crypto-risk-widgets.js');
