import { after, before, describe, test } from 'node:test';
import type { FeedServer } from '../../demo/server/server.js';
import { startServer } from '../server/helpers.js';
import { credentials, FUZZ_SECRET } from './credentials.js';
import { ENDPOINTS, fuzzEndpoints, PUSH_ENDPOINTS, RestFuzzer } from './rest-fuzz.js';

/** Cases over the writes (`npm run bench:fuzz` runs 100,000); the push routes get a share in proportion. */
const RUNS = Number(process.env.CRW_FUZZ_RUNS ?? 10_000);
const PUSH_RUNS = Math.ceil((RUNS * PUSH_ENDPOINTS.length) / ENDPOINTS.length);

describe('fuzzing every REST write (in-process, app.inject)', () => {
  let server: FeedServer;
  let push: FeedServer;
  let fuzzer: RestFuzzer;
  let pushFuzzer: RestFuzzer;

  before(async () => {
    const options = { authSecret: FUZZ_SECRET, devRoutes: true, demoAuth: true, maxPortfoliosPerUser: 20 };
    // Push subscriptions get a server of their own: an endpoint stored there must never be sent
    // the alerts the other fuzzer raises.
    [server, push] = await Promise.all([startServer(options), startServer({ authSecret: FUZZ_SECRET })]);
    const creds = await credentials(['demo', 'fuzz-a', 'fuzz-b']);
    fuzzer = new RestFuzzer(server, creds);
    pushFuzzer = new RestFuzzer(push, creds);
  });
  after(async () => {
    await Promise.all([server?.close(), push?.close()]);
  });

  // Each case picks one write; every write is reached some 1,000 times in npm test (10,000 per
  // write in `npm run bench:fuzz -- --per-endpoint`), and each case varies body, path, headers and token.
  test(`every write (${ENDPOINTS.map((e) => e.name).join(', ')}): ${RUNS} cases, no 5xx, errors in the shared shape, successes valid`, async () => {
    await fuzzEndpoints(fuzzer, ENDPOINTS, RUNS);
  });
  test(`push subscriptions (${PUSH_ENDPOINTS.map((e) => e.name).join(', ')}): ${PUSH_RUNS} cases, no 5xx, errors in the shared shape`, async () => {
    await fuzzEndpoints(pushFuzzer, PUSH_ENDPOINTS, PUSH_RUNS);
  });

  test('what the fuzzing stored still reads back valid: lists, valuations, risk', async () => {
    await fuzzer.checkStoredState();
  });
});
