// After `npm install` in an example, run `node ../strip-tarball-integrity.mjs`: the lock then names
// the packed tarball without a hash, so `npm ci` always installs the tarball built in this run
// (with a hash, npm would quietly take its cached copy of an older build).
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const entry = lock.packages?.['node_modules/crypto-risk-widgets'];
if (!entry) throw new Error('package-lock.json has no crypto-risk-widgets entry: run this inside an example folder');
delete entry.integrity;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
