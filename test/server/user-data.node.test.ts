// One contract, two stores: every case runs against SQLite and against a real redis-server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Portfolio } from '../../src/core/protocol/index.js';
import { AlertStore } from '../../demo/server/store/alerts.js';
import { openDatabase, type Db } from '../../demo/server/store/db.js';
import { RedisUserData, StoreUnavailableError } from '../../demo/server/store/redis-user-data.js';
import { SqliteUserData } from '../../demo/server/store/sqlite-user-data.js';
import type { RemoteChange, UserData } from '../../demo/server/store/user-data.js';
import { startRedis, type RedisProcess } from '../support/redis.mjs';
import { http, startServer } from './helpers.js';

interface Backend {
  name: string;
  /** A fresh, empty store. */
  fresh(): Promise<UserData>;
  /** Another handle on the same data as `data` (a restart, or a second node). */
  reopen(data: UserData): Promise<UserData>;
  /** Waits until a lease of `ms` has surely run out; answers the `now` to pass after it. */
  outlive(ms: number, now: number): Promise<number>;
  /** Makes alerts with these ids exist in `owner`'s stream, where the store needs them for acks. */
  alertsExist(data: UserData, owner: string, ids: string[]): void;
}

const tempDirs: string[] = [];
let redis: RedisProcess | undefined;
const opened: UserData[] = [];
const sqliteFiles = new Map<UserData, { path: string; db: Db }>();

const sqlite: Backend = {
  name: 'SQLite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'crw-userdata-'));
    tempDirs.push(dir);
    const path = join(dir, 'feed.sqlite');
    const db = openDatabase(path);
    const data = new SqliteUserData(db);
    sqliteFiles.set(data, { path, db });
    return data;
  },
  async reopen(data) {
    // One process owns a SQLite file: "another handle" is a restart.
    const file = sqliteFiles.get(data)!;
    file.db.close();
    const db = openDatabase(file.path);
    const again = new SqliteUserData(db);
    sqliteFiles.set(again, { path: file.path, db });
    return again;
  },
  async outlive(ms, now) {
    return now + ms + 1;
  },
  alertsExist(data, owner, ids) {
    const store = new AlertStore(sqliteFiles.get(data)!.db, () => `e-${owner}`, owner);
    ids.forEach((id, i) => store.insert({ id, kind: 'price_move', severity: 'info', title: 't', message: 'm', createdAt: T0, acknowledged: false }, store.lastSeq() + 1));
  },
};

let prefixes = 0;
const redisPrefix = new Map<UserData, string>();
const redisBackend: Backend = {
  name: 'Redis',
  async fresh() {
    const keyPrefix = `t${(prefixes += 1)}:`;
    const data = await RedisUserData.connect(redis!.url, { keyPrefix });
    redisPrefix.set(data, keyPrefix);
    opened.push(data);
    return data;
  },
  async reopen(data) {
    const keyPrefix = redisPrefix.get(data)!;
    const again = await RedisUserData.connect(redis!.url, { keyPrefix });
    redisPrefix.set(again, keyPrefix);
    opened.push(again);
    return again;
  },
  async outlive(ms, now) {
    await new Promise((r) => setTimeout(r, ms + 30));
    return now + ms + 30;
  },
  // Alerts live in the alert streams; Redis keeps only the acknowledgements.
  alertsExist() {},
};

before(async () => {
  redis = await startRedis();
});

after(async () => {
  for (const data of opened) await data.close();
  for (const { db } of sqliteFiles.values()) if (db.open) db.close();
  await redis?.destroy();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_750_000_000_000;

async function waitUntil(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
const portfolio = (id: string, createdAt = T0, holdings = [{ assetId: 'BTC', quantity: 0.5, costBasis: 41_000 }]): Portfolio => ({
  id,
  name: `Portfolio ${id}`,
  holdings,
  createdAt,
  updatedAt: createdAt,
});

for (const backend of [sqlite, redisBackend]) {
  describe(`user data contract: ${backend.name}`, () => {
    test('portfolios: create, read back exactly, list per owner in creation order (ties by id)', async () => {
      const data = await backend.fresh();
      const odd = [
        { assetId: 'ETH', quantity: 0.1 + 0.2, costBasis: 1e-9 },
        { assetId: 'SOL', quantity: 123_456_789.123_456_79, costBasis: 0 },
      ];
      await data.portfolios.create(portfolio('p_b', T0), 'alice');
      await data.portfolios.create(portfolio('p_a', T0), 'alice');
      await data.portfolios.create(portfolio('p_c', T0 - 5, odd), 'alice');
      await data.portfolios.create(portfolio('p_z', T0 - 10), 'bob');
      assert.deepEqual((await data.portfolios.list('alice')).map((p) => p.id), ['p_c', 'p_a', 'p_b']);
      assert.deepEqual((await data.portfolios.list('bob')).map((p) => p.id), ['p_z']);
      assert.deepEqual(await data.portfolios.list('carol'), []);
      assert.deepEqual(await data.portfolios.get('p_c'), portfolio('p_c', T0 - 5, odd));
      assert.equal(await data.portfolios.get('p_missing'), undefined);
      assert.equal(await data.portfolios.ownerOf('p_z'), 'bob');
      assert.equal(await data.portfolios.ownerOf('p_missing'), undefined);
      assert.equal(await data.portfolios.count('alice'), 3);
      assert.equal(await data.portfolios.count('carol'), 0);
      const all = await data.portfolios.all();
      assert.deepEqual(all.map((e) => [e.owner, e.portfolio.id]), [['bob', 'p_z'], ['alice', 'p_c'], ['alice', 'p_a'], ['alice', 'p_b']]);
      await assert.rejects(data.portfolios.create(portfolio('p_a'), 'bob'));
      assert.equal(await data.portfolios.ownerOf('p_a'), 'alice', 'a duplicate id never changes the owner');
    });

    test('portfolios: update patches name and holdings separately; delete once', async () => {
      const data = await backend.fresh();
      await data.portfolios.create(portfolio('p_1'), 'alice');
      const renamed = await data.portfolios.update('p_1', { name: 'Renamed' }, T0 + 1);
      assert.deepEqual(renamed, { ...portfolio('p_1'), name: 'Renamed', updatedAt: T0 + 1 });
      const holdings = [{ assetId: 'DOGE', quantity: 80_000, costBasis: 16_000 }];
      const moved = await data.portfolios.update('p_1', { holdings }, T0 + 2);
      assert.deepEqual(moved, { ...portfolio('p_1'), name: 'Renamed', holdings, updatedAt: T0 + 2 });
      assert.deepEqual(await data.portfolios.update('p_1', { holdings: [] }, T0 + 3), { ...portfolio('p_1'), name: 'Renamed', holdings: [], updatedAt: T0 + 3 });
      assert.equal(await data.portfolios.update('p_missing', { name: 'x' }, T0), undefined);
      assert.equal(await data.portfolios.delete('p_1'), true);
      assert.equal(await data.portfolios.delete('p_1'), false);
      assert.equal(await data.portfolios.get('p_1'), undefined);
      assert.deepEqual(await data.portfolios.list('alice'), []);
      assert.deepEqual(await data.portfolios.all(), []);
    });

    test('portfolios: the per-owner limit holds under concurrent creates', async () => {
      const data = await backend.fresh();
      // Two nodes for Redis; SQLite has one process per file.
      const other = backend.name === 'SQLite' ? data : await backend.reopen(data);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? data : other).portfolios.create(portfolio(`p_${i}`, T0 + i), 'alice', 5)),
      );
      assert.equal(results.filter((r) => r !== undefined).length, 5);
      assert.equal(await data.portfolios.count('alice'), 5);
      assert.equal(await data.portfolios.create(portfolio('p_bob'), 'bob', 5) !== undefined, true, 'the limit is per owner');
    });

    test('watchlist: add keeps the first addedAt, lists in order, removes once, per owner', async () => {
      const data = await backend.fresh();
      assert.deepEqual(await data.watchlist.add('alice', 'ETH', T0 + 1), { item: { assetId: 'ETH', addedAt: T0 + 1 }, created: true });
      assert.deepEqual(await data.watchlist.add('alice', 'BTC', T0 + 1), { item: { assetId: 'BTC', addedAt: T0 + 1 }, created: true });
      assert.deepEqual(await data.watchlist.add('alice', 'AVAX', T0), { item: { assetId: 'AVAX', addedAt: T0 }, created: true });
      assert.deepEqual(await data.watchlist.add('alice', 'ETH', T0 + 9), { item: { assetId: 'ETH', addedAt: T0 + 1 }, created: false });
      assert.deepEqual((await data.watchlist.list('alice')).map((i) => i.assetId), ['AVAX', 'BTC', 'ETH']);
      assert.deepEqual(await data.watchlist.list('bob'), []);
      assert.equal(await data.watchlist.remove('bob', 'ETH'), false);
      assert.equal(await data.watchlist.remove('alice', 'ETH'), true);
      assert.equal(await data.watchlist.remove('alice', 'ETH'), false);
      assert.deepEqual(await data.watchlist.list('alice'), [
        { assetId: 'AVAX', addedAt: T0 },
        { assetId: 'BTC', addedAt: T0 + 1 },
      ]);
    });

    test('rules: per owner, all with owners, only the owner deletes', async () => {
      const data = await backend.fresh();
      const rule = (id: string, createdAt: number) => ({ id, assetId: 'BTC', condition: 'above' as const, price: 70_000.5, enabled: true, createdAt });
      await data.rules.create(rule('r_2', T0), 'alice');
      await data.rules.create(rule('r_1', T0), 'alice');
      await data.rules.create(rule('r_0', T0 + 1), 'bob');
      assert.deepEqual(await data.rules.list('alice'), [rule('r_1', T0), rule('r_2', T0)]);
      assert.deepEqual((await data.rules.all()).map((e) => [e.owner, e.rule.id]), [['alice', 'r_1'], ['alice', 'r_2'], ['bob', 'r_0']]);
      assert.equal(await data.rules.ownerOf('r_0'), 'bob');
      assert.equal(await data.rules.ownerOf('r_x'), undefined);
      assert.equal(await data.rules.delete('alice', 'r_0'), false, "alice cannot delete bob's rule");
      assert.equal(await data.rules.delete('bob', 'r_0'), true);
      assert.equal(await data.rules.delete('bob', 'r_0'), false);
      assert.deepEqual(await data.rules.list('bob'), []);
    });

    test('idempotency: claim, pending for others, then the stored answer; release lets a retry run', async () => {
      const data = await backend.fresh();
      const other = backend.name === 'SQLite' ? data : await backend.reopen(data);
      const claim = await data.idempotency.begin('scope', 'k1', 'hash-a', T0, 30_000);
      assert.equal(claim.state, 'claimed');
      assert.deepEqual(await other.idempotency.begin('scope', 'k1', 'hash-b', T0, 30_000), { state: 'pending', bodyHash: 'hash-a' });
      assert.equal((await other.idempotency.begin('scope2', 'k1', 'hash-a', T0, 30_000)).state, 'claimed', 'keys are per scope');
      const stored = { bodyHash: 'hash-a', status: 201, response: JSON.stringify({ id: 'p_1', name: 'é ✓' }) };
      await data.idempotency.complete('scope', 'k1', (claim as { token: string }).token, stored, T0, 86_400_000);
      assert.deepEqual(await other.idempotency.begin('scope', 'k1', 'hash-b', T0 + 1, 30_000), { state: 'done', stored });

      const empty = await data.idempotency.begin('scope', 'k2', 'h', T0, 30_000);
      await data.idempotency.complete('scope', 'k2', (empty as { token: string }).token, { bodyHash: 'h', status: 204, response: null }, T0, 86_400_000);
      assert.deepEqual(await other.idempotency.begin('scope', 'k2', 'h', T0, 30_000), { state: 'done', stored: { bodyHash: 'h', status: 204, response: null } });

      const failed = await data.idempotency.begin('scope', 'k3', 'h', T0, 30_000);
      await data.idempotency.release('scope', 'k3', 'not-the-token');
      assert.equal((await other.idempotency.begin('scope', 'k3', 'h', T0, 30_000)).state, 'pending', 'only the holder releases');
      await data.idempotency.release('scope', 'k3', (failed as { token: string }).token);
      assert.equal((await other.idempotency.begin('scope', 'k3', 'h', T0, 30_000)).state, 'claimed');
    });

    test('idempotency: of many concurrent claims exactly one wins; an abandoned claim lapses after its lease', async () => {
      const data = await backend.fresh();
      const other = backend.name === 'SQLite' ? data : await backend.reopen(data);
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? data : other).idempotency.begin('s', 'race', 'h', T0, 30_000)));
      assert.equal(claims.filter((c) => c.state === 'claimed').length, 1);
      assert.equal(claims.filter((c) => c.state === 'pending').length, 19);

      const lapsing = await data.idempotency.begin('s', 'crashed', 'h', T0, 50);
      assert.equal(lapsing.state, 'claimed');
      const later = await backend.outlive(50, T0);
      assert.equal((await other.idempotency.begin('s', 'crashed', 'h', later, 50)).state, 'claimed');
    });

    test('acks: per user, only what was acknowledged, kept across a new handle', async () => {
      const data = await backend.fresh();
      backend.alertsExist(data, 'alice', ['a_1', 'a_2', 'a_3']);
      backend.alertsExist(data, 'bob', ['a_1']);
      assert.deepEqual(await data.acks.acknowledged('alice', ['a_1', 'a_2', 'a_3']), new Set());
      await data.acks.acknowledge('alice', 'a_1', T0);
      await data.acks.acknowledge('alice', 'a_3', T0 + 1);
      await data.acks.acknowledge('alice', 'a_3', T0 + 2);
      assert.deepEqual(await data.acks.acknowledged('alice', ['a_1', 'a_2', 'a_3', 'a_none']), new Set(['a_1', 'a_3']));
      assert.deepEqual(await data.acks.acknowledged('bob', ['a_1']), new Set(), "alice's acks are hers only");
      assert.deepEqual(await data.acks.acknowledged('alice', []), new Set());
      const again = await backend.reopen(data);
      assert.deepEqual(await again.acks.acknowledged('alice', ['a_1', 'a_2', 'a_3']), new Set(['a_1', 'a_3']));
    });

    test('users: touch records once, and a new handle knows them', async () => {
      const data = await backend.fresh();
      assert.equal(await data.users.touch('alice', T0), true);
      assert.equal(await data.users.touch('alice', T0 + 1), false);
      assert.equal(data.users.has('alice'), true);
      assert.equal(data.users.has('bob'), false);
      await data.portfolios.create(portfolio('p_kept'), 'alice');
      const again = await backend.reopen(data);
      assert.equal(again.users.has('alice'), true);
      assert.ok(again.users.ids().includes('alice'));
      assert.equal(await again.portfolios.ownerOf('p_kept'), 'alice');
    });

    test('seed: the demo data is written once, and a deleted demo portfolio stays deleted', async () => {
      const data = await backend.fresh();
      await data.seedDemoData(T0);
      const seeded = await data.portfolios.list('demo');
      assert.deepEqual(seeded.map((p) => p.id), ['demo-aggressive', 'demo-balanced', 'demo-bitcoin']);
      assert.deepEqual((await data.watchlist.list('demo')).map((i) => i.assetId), ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'LINK']);
      assert.equal(await data.portfolios.delete('demo-bitcoin'), true);
      const again = await backend.reopen(data);
      await again.seedDemoData(T0 + 1);
      assert.deepEqual((await again.portfolios.list('demo')).map((p) => p.id), ['demo-aggressive', 'demo-balanced']);
    });
  });
}

describe('Redis user data: operations', () => {
  test("a node hears the others' portfolio, rule and user changes in order, and not its own", async () => {
    const a = await redisBackend.fresh();
    const b = await redisBackend.reopen(a);
    const heardByA: RemoteChange[] = [];
    const heardByB: RemoteChange[] = [];
    a.onRemoteChange((c) => heardByA.push(c));
    b.onRemoteChange((c) => heardByB.push(c));
    await a.portfolios.create(portfolio('p_1'), 'alice');
    await a.portfolios.update('p_1', { name: 'x' }, T0 + 1);
    await a.rules.create({ id: 'r_1', assetId: 'BTC', condition: 'below', price: 1, enabled: true, createdAt: T0 }, 'alice');
    await a.rules.delete('alice', 'r_1');
    await a.portfolios.delete('p_1');
    await a.users.touch('carol', T0);
    await waitUntil(() => heardByB.length === 5 && b.users.has('carol'));
    assert.deepEqual(heardByB, [
      { kind: 'portfolio', id: 'p_1' },
      { kind: 'portfolio', id: 'p_1' },
      { kind: 'rule', id: 'r_1' },
      { kind: 'rule', id: 'r_1' },
      { kind: 'portfolio', id: 'p_1' },
    ]);
    assert.deepEqual(heardByA, []);
  });

  test('answers are kept with a TTL, so nothing needs pruning', async () => {
    const data = (await redisBackend.fresh()) as RedisUserData;
    const claim = await data.idempotency.begin('s', 'ttl', 'h', T0, 30_000);
    await data.idempotency.complete('s', 'ttl', (claim as { token: string }).token, { bodyHash: 'h', status: 200, response: '{}' }, T0, 86_400_000);
    const keys = await data.redis.keys(`${redisPrefix.get(data)}idem:*`);
    assert.equal(keys.length, 1);
    const ttl = await data.redis.pttl(keys[0]!);
    assert.ok(ttl > 86_300_000 && ttl <= 86_400_000, `TTL ${ttl}`);
    assert.equal(await data.idempotency.prune(T0 + 86_400_001), 0);
  });

  test('a Redis that is not there is a clear error at connect, and StoreUnavailableError afterwards', async () => {
    const gone = await startRedis();
    const url = gone.url;
    const data = await RedisUserData.connect(url, { keyPrefix: 'gone:' });
    await gone.destroy();
    await assert.rejects(data.portfolios.list('alice'), StoreUnavailableError);
    await data.close();
    await assert.rejects(RedisUserData.connect(url), /could not reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
  });

  test('warns when Redis runs without AOF', async () => {
    const warnings: string[] = [];
    const noAof = await startRedis(['--appendonly', 'no']);
    try {
      const data = await RedisUserData.connect(noAof.url, { warn: (m) => warnings.push(m) });
      await data.close();
    } finally {
      await noAof.destroy();
    }
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /appendonly no/);
  });
});

describe('feed server on Redis (in process)', () => {
  test('serves the seeded demo data from Redis, keeps acks there, and answers 503 unavailable while Redis is away', async () => {
    const own = await startRedis();
    const server = await startServer({ redis: own.url });
    try {
      assert.equal(server.userData.kind, 'redis');
      const list = await http(server, 'GET', '/api/portfolios');
      assert.deepEqual(list.body.portfolios.map((p: { id: string }) => p.id), ['demo-aggressive', 'demo-balanced', 'demo-bitcoin']);
      const alert = server.raiseAlert({ portfolioId: 'demo-balanced' });
      // On Redis the alert is numbered and stored a moment after it is raised.
      await server.alerts.settled();
      const ack = await http(server, 'POST', `/api/alerts/${alert.id}/ack`);
      assert.equal(ack.status, 200);
      assert.equal(ack.body.acknowledged, true);
      assert.deepEqual(await server.userData.acks.acknowledged('demo', [alert.id]), new Set([alert.id]), 'the ack is kept in Redis');
      const alerts = await http(server, 'GET', '/api/alerts');
      assert.equal(alerts.body.alerts.find((a: { id: string }) => a.id === alert.id).acknowledged, true);
      await own.stop();
      const write = await http(server, 'POST', '/api/portfolios', { body: { name: 'x', holdings: [] }, headers: { 'idempotency-key': 'away-1' } });
      assert.equal(write.status, 503);
      assert.equal(write.headers.get('retry-after'), '1');
      assert.deepEqual(write.body, { error: { code: 'unavailable', message: 'the data store is unavailable; retry shortly' } });
      assert.equal((await http(server, 'GET', '/api/watchlist')).status, 503);
      assert.equal((await http(server, 'GET', '/api/health')).status, 200, 'the rest of the server keeps serving');
    } finally {
      await server.close();
      await own.destroy();
    }
  });
});
