import { after, before, describe, test } from 'node:test';
import type { FeedServer } from '../../demo/server/server.js';
import { startServer } from '../server/helpers.js';
import { credentials, FUZZ_SECRET } from './credentials.js';
import { ENDPOINTS, fuzzEndpoints, PUSH_ENDPOINTS, RestFuzzer } from './rest-fuzz.js';

/** Cases per body (and for the bodiless writes together); `npm run bench:fuzz` runs 100,000. */
const RUNS = Number(process.env.CRW_FUZZ_RUNS ?? 10_000);

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

  for (const endpoint of ENDPOINTS.filter((e) => e.takesBody)) {
    test(`${endpoint.name}: ${RUNS} bodies, no 5xx, errors in the shared shape, successes valid`, async () => {
      await fuzzEndpoints(fuzzer, [endpoint], RUNS);
    });
  }
  for (const endpoint of PUSH_ENDPOINTS) {
    test(`${endpoint.name}: ${RUNS} bodies, no 5xx, errors in the shared shape`, async () => {
      await fuzzEndpoints(pushFuzzer, [endpoint], RUNS);
    });
  }
  const bodiless = ENDPOINTS.filter((e) => !e.takesBody);
  test(`writes without a body (${bodiless.map((e) => e.name).join(', ')}): ${RUNS} cases of paths, stray bodies, headers`, async () => {
    await fuzzEndpoints(fuzzer, bodiless, RUNS);
  });

  test('what the fuzzing stored still reads back valid: lists, valuations, risk', async () => {
    await fuzzer.checkStoredState();
  });
});
