import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ENDPOINT_GROUPS } from './rest-fuzz.js';
import { runRestFuzz } from './rest-fuzz-pool.js';

/** Cases per endpoint (`npm run bench:fuzz` runs 100,000). */
const RUNS = Number(process.env.CRW_FUZZ_RUNS ?? 10_000);
const names = ENDPOINT_GROUPS.flatMap((g) => g.endpoints.map((e) => e.name));

describe('fuzzing every REST write (in-process, app.inject)', () => {
  // Each round sends one case to every write of a group (create, then edit and delete what exists),
  // varying body, path, headers and token; the groups run on worker threads with servers of their own.
  test(`${RUNS} cases for each of the ${names.length} writes (${names.join(', ')}): no 5xx, errors in the shared shape, successes valid, stored state still valid`, async () => {
    const seconds: string[] = [];
    const { byEndpoint, workers } = await runRestFuzz({ rounds: RUNS, onGroupDone: (g) => seconds.push(`${g.group} ${g.seconds.toFixed(1)} s (worker ${g.worker})`) });
    console.log(`REST fuzz on ${workers} worker(s): ${seconds.join(', ')}`);
    for (const name of names) {
      const statuses = byEndpoint[name] ?? {};
      console.log(`  ${name}: ${JSON.stringify(statuses)}`);
      const sum = (from: number, to: number) => Object.entries(statuses).reduce((n, [s, k]) => (+s >= from && +s < to ? n + k : n), 0);
      assert.equal(sum(0, 600), RUNS, `${name} got ${RUNS} cases`);
      // A fuzzer that never gets past validation tests only the refusals.
      if (RUNS >= 1_000) assert.ok(sum(200, 300) > 0, `${name} never succeeded: ${JSON.stringify(statuses)}`);
    }
  });
});
