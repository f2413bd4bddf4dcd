import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FeedServer } from '../../demo/server/server.js';
import { startServer } from '../server/helpers.js';
import { credentials, FUZZ_SECRET } from './credentials.js';
import { FRAME_TYPES, FrameFuzzer, fuzzFrames } from './frame-fuzz.js';

/** Cases per frame type; `npm run bench:fuzz` runs 100,000. */
const RUNS = Number(process.env.CRW_FUZZ_RUNS ?? 10_000);

describe('fuzzing every client frame type (the socket handler, in-process)', () => {
  let server: FeedServer;
  let fuzzer: FrameFuzzer;

  before(async () => {
    server = await startServer({ authSecret: FUZZ_SECRET, maxClientFramesPerSecond: 1_000_000 });
    const creds = await credentials(['demo', 'fuzz-a']);
    const other = await server.app.inject({
      method: 'POST',
      url: '/api/portfolios',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${creds.users[1]?.token}` },
      payload: JSON.stringify({ name: 'Not yours', holdings: [{ assetId: 'BTC', quantity: 1, costBasis: 1 }] }),
    });
    assert.equal(other.statusCode, 201);
    const listed = await server.app.inject({ method: 'GET', url: '/api/portfolios', headers: { authorization: `Bearer ${creds.users[0]?.token}` } });
    const own = (JSON.parse(listed.body) as { portfolios: { id: string }[] }).portfolios.map((p) => p.id);
    assert.ok(own.length > 0);
    // Some history to replay, so `since` has something to resume.
    for (let i = 0; i < 20; i += 1) server.raiseAlert({ title: `Alert ${i}` });
    server.step(3);
    const streams = () => [server.alerts.streamFor('demo'), server.alerts.streamFor(undefined), ...own.map((id) => server.portfolioFeed.stream(id))];
    fuzzer = new FrameFuzzer(server, creds, {
      own,
      foreign: [JSON.parse(other.body).id],
      positions: () => streams().flatMap((s) => [s.position, { epoch: s.position.epoch, seq: Math.max(0, s.position.seq - 5) }]),
    });
  });
  after(async () => {
    await server?.close();
  });

  for (const type of Object.keys(FRAME_TYPES)) {
    // Junk is mixed into every other type's cases too, so it gets a smaller run of its own.
    const runs = type === 'junk' ? Math.ceil(RUNS / 4) : RUNS;
    test(`${type} frames: ${runs} cases, every answer valid, never "internal"`, async () => {
      await fuzzFrames(fuzzer, type, runs);
    });
  }

  test('the fuzzed connection still works: ping answers pong', async () => {
    fuzzer.connect();
    await fuzzer.run([{ kind: 'json', value: { type: 'ping', id: 'after' } }]);
    assert.ok((fuzzer.received.pong ?? 0) > 0);
    assert.ok((fuzzer.received.subscribed ?? 0) > 100, `valid subscribes were rare: ${JSON.stringify(fuzzer.received)}`);
    assert.ok((fuzzer.received.authenticated ?? 0) > 100, `valid auth frames were rare: ${JSON.stringify(fuzzer.received)}`);
  });
});
