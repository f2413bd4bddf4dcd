// Two real feed-server processes on one real Redis: one user writing to both nodes at once.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TokenVerifier } from '../../demo/server/auth/tokens.js';
import { parseCli } from '../../demo/server/options.js';
import { Probe } from './helpers.js';
import { startRedis, type RedisProcess } from '../support/redis.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'cluster-test-secret-0123456789-abcdefghij';
const MAX_PORTFOLIOS = 25;

interface Node {
  url: string;
  wsUrl: string;
  child: ChildProcess;
  output: () => string;
}

/** Every node process started, so none outlives the file even when a start fails half-way. */
const children = new Set<ChildProcess>();

function startNode(redisUrl: string): Promise<Node> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'demo/server/main.ts', '--port', '0', '--db', ':memory:', '--redis', redisUrl, '--auth-secret', SECRET, '--rate', '2', '--max-portfolios', String(MAX_PORTFOLIOS)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    // Generous: on a busy machine tsx alone can take tens of seconds to start a node.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not start within 90 s:\n${out}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${out}`));
    });
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+) \((ws:\/\/\S+)\)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, wsUrl: match[2]!, child, output: () => out });
    });
  });
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise((r) => node.child.once('exit', r));
  node.child.kill('SIGTERM');
  await exited;
}

interface Answer {
  status: number;
  replayed: boolean;
  body: any;
}

async function call(node: Node, token: string, method: string, path: string, body?: unknown, key?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  const res = await fetch(node.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get('idempotency-replayed') === 'true', body: text ? JSON.parse(text) : undefined };
}

/** The same request, sent to both nodes at the same moment. */
function both(nodes: [Node, Node], token: string, method: string, path: string, body: unknown, key: string): Promise<[Answer, Answer]> {
  return Promise.all([call(nodes[0], token, method, path, body, key), call(nodes[1], token, method, path, body, key)]);
}

function assertOneEffect([a, b]: [Answer, Answer], status: number): void {
  assert.equal(a.status, status, JSON.stringify(a.body));
  assert.equal(b.status, status, JSON.stringify(b.body));
  assert.deepEqual(a.body, b.body, 'both nodes answer the same body');
  assert.equal([a, b].filter((x) => x.replayed).length, 1, 'one node ran the request, the other replayed its answer');
}

// A hang (a node or Redis gone missing) must fail the run, not stall it.
describe('two feed-server nodes on one Redis', { timeout: 300_000 }, () => {
  let redis: RedisProcess;
  let nodes: [Node, Node];
  const tokens = new TokenVerifier({ secret: SECRET });
  const tokenFor = async (user: string) => (await tokens.mint(user, 3600)).token;

  before(async () => {
    redis = await startRedis();
    nodes = await Promise.all([startNode(redis.url), startNode(redis.url)]);
  });

  after(async () => {
    await Promise.all((nodes ?? []).map(stopNode));
    for (const child of children) child.kill('SIGKILL');
    await redis?.destroy();
  });

  test('the same writes with the same Idempotency-Key to both nodes at once: exactly one effect, identical answers', async () => {
    const alice = await tokenFor('alice');
    const created: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      const answers = await both(nodes, alice, 'POST', '/api/portfolios', { name: `Round ${round}`, holdings: [{ assetId: 'BTC', quantity: 0.1 + round, costBasis: 1000 }] }, `create-${round}`);
      assertOneEffect(answers, 201);
      created.push(answers[0].body.id);
    }
    const [listA, listB] = await Promise.all(nodes.map((n) => call(n, alice, 'GET', '/api/portfolios')));
    assert.deepEqual(listA!.body, listB!.body);
    assert.deepEqual(listA!.body.portfolios.map((p: { id: string }) => p.id), created, 'one portfolio per key, in order');

    const id = created[0]!;
    assertOneEffect(await both(nodes, alice, 'PATCH', `/api/portfolios/${id}`, { name: 'Renamed' }, 'rename-1'), 200);
    assertOneEffect(await both(nodes, alice, 'PUT', '/api/watchlist/ETH', undefined, 'watch-eth'), 201);
    const rule = await both(nodes, alice, 'POST', '/api/alert-rules', { assetId: 'BTC', condition: 'above', price: 1_000_000 }, 'rule-1');
    assertOneEffect(rule, 201);
    assertOneEffect(await both(nodes, alice, 'DELETE', `/api/alert-rules/${rule[0].body.id}`, undefined, 'unrule-1'), 204);
    assertOneEffect(await both(nodes, alice, 'DELETE', `/api/portfolios/${created[1]}`, undefined, 'delete-1'), 204);

    const [after0, after1] = await Promise.all(nodes.map((n) => call(n, alice, 'GET', '/api/portfolios')));
    assert.deepEqual(after0!.body, after1!.body);
    assert.equal(after0!.body.portfolios.length, created.length - 1);
    assert.equal(after0!.body.portfolios[0].name, 'Renamed');
    const watch = await call(nodes[1], alice, 'GET', '/api/watchlist');
    assert.deepEqual(watch.body.items.map((i: { assetId: string }) => i.assetId), ['ETH']);
    assert.deepEqual((await call(nodes[0], alice, 'GET', '/api/alert-rules')).body.rules, []);

    // A later repeat on either node replays; the same key with another body is refused on either node.
    const again = await call(nodes[1], alice, 'POST', '/api/portfolios', { name: 'Round 0', holdings: [{ assetId: 'BTC', quantity: 0.1, costBasis: 1000 }] }, 'create-0');
    assert.equal(again.status, 201);
    assert.equal(again.replayed, true);
    assert.equal(again.body.id, created[0]);
    const clash = await call(nodes[0], alice, 'POST', '/api/portfolios', { name: 'Other', holdings: [] }, 'create-0');
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.code, 'conflict');
    // Keys stay per user across nodes too.
    const bob = await tokenFor('bob');
    const bobs = await call(nodes[1], bob, 'POST', '/api/portfolios', { name: 'Round 0', holdings: [{ assetId: 'BTC', quantity: 0.1, costBasis: 1000 }] }, 'create-0');
    assert.equal(bobs.status, 201);
    assert.equal(bobs.replayed, false);
    assert.notEqual(bobs.body.id, created[0]);
  });

  test('concurrent different writes on both nodes are all applied, and the per-user limit holds across nodes', async () => {
    const carol = await tokenFor('carol');
    const creates = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(nodes[i % 2]!, carol, 'POST', '/api/portfolios', { name: `P${i}`, holdings: [] }, `carol-${i}`)),
    );
    assert.deepEqual(creates.map((c) => c.status), Array(20).fill(201));
    const assets = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'LINK', 'AVAX', 'ARB', 'NEAR', 'USDC'];
    const adds = await Promise.all(assets.map((a, i) => call(nodes[i % 2]!, carol, 'PUT', `/api/watchlist/${a}`, undefined, `w-${a}`)));
    assert.deepEqual(adds.map((a) => a.status), Array(assets.length).fill(201));
    for (const node of nodes) {
      const list = await call(node, carol, 'GET', '/api/portfolios');
      assert.deepEqual(list.body.portfolios.map((p: { name: string }) => p.name).sort(), creates.map((c) => c.body.name).sort());
      const watch = await call(node, carol, 'GET', '/api/watchlist');
      assert.deepEqual(watch.body.items.map((i: { assetId: string }) => i.assetId).sort(), [...assets].sort());
    }

    // 20 exist; 15 more at once over both nodes: only 5 fit under the limit of 25.
    const more = await Promise.all(
      Array.from({ length: 15 }, (_, i) => call(nodes[i % 2]!, carol, 'POST', '/api/portfolios', { name: `Q${i}`, holdings: [] }, `carol-more-${i}`)),
    );
    assert.equal(more.filter((m) => m.status === 201).length, MAX_PORTFOLIOS - 20);
    assert.ok(more.filter((m) => m.status !== 201).every((m) => m.status === 409 && m.body.error.code === 'limit_reached'));
    assert.equal((await call(nodes[1], carol, 'GET', '/api/portfolios')).body.portfolios.length, MAX_PORTFOLIOS);
  });

  test('a portfolio written on one node streams from the other', async () => {
    const dave = await tokenFor('dave');
    const created = await call(nodes[0], dave, 'POST', '/api/portfolios', { name: 'Cross', holdings: [{ assetId: 'ETH', quantity: 2, costBasis: 5000 }] }, 'cross-1');
    assert.equal(created.status, 201);
    const probe = await Probe.connect(nodes[1].wsUrl);
    try {
      probe.send({ type: 'auth', token: dave });
      await probe.next((m) => m.type === 'authenticated');
      // The other node learns of the portfolio through Redis a moment after the write.
      let subscribed = false;
      for (let attempt = 0; attempt < 50 && !subscribed; attempt += 1) {
        const answer = probe.after((m) => m.type === 'subscribed' || m.type === 'error');
        probe.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: created.body.id } });
        subscribed = (await answer).type === 'subscribed';
        if (!subscribed) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(subscribed, 'node 2 serves the portfolio created on node 1');
      const update = await probe.next((m) => m.type === 'portfolio_update');
      assert.equal((update as { data: { portfolioId: string } }).data.portfolioId, created.body.id);

      const patched = await call(nodes[0], dave, 'PATCH', `/api/portfolios/${created.body.id}`, { name: 'Cross renamed' });
      assert.equal(patched.status, 200);
      await probe.next((m) => m.type === 'portfolio_update' && (m as { data: { name: string } }).data.name === 'Cross renamed');
      const live = await call(nodes[1], dave, 'GET', `/api/portfolios/${created.body.id}/live`);
      assert.equal(live.status, 200);
      assert.equal(live.body.name, 'Cross renamed');
    } finally {
      await probe.close();
    }
  });
});

describe('--redis', () => {
  test('takes a redis:// or rediss:// URL and refuses anything else', () => {
    const ok = parseCli(['--redis', 'redis://:secret@cache.internal:6380/2']);
    assert.equal(ok.kind, 'run');
    if (ok.kind === 'run') assert.equal(ok.options.redis, 'redis://:secret@cache.internal:6380/2');
    assert.equal(parseCli(['--redis', 'rediss://cache.internal']).kind, 'run');
    for (const bad of ['localhost:6379', 'http://cache', '']) {
      const r = parseCli(['--redis', bad]);
      assert.equal(r.kind, 'error', bad);
      if (r.kind === 'error') assert.match(r.message, /redis must be a redis:\/\/ or rediss:\/\/ URL/);
    }
  });

  test('a node whose Redis is not there exits 1 with a message naming it (the password hidden)', { timeout: 60_000 }, async () => {
    const gone = await startRedis();
    const url = `redis://:hunter2@127.0.0.1:${gone.port}`;
    await gone.destroy();
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', '--port', '0', '--db', ':memory:', '--redis', url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
    assert.equal(code, 1);
    assert.match(err, /could not start: could not reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    assert.doesNotMatch(err, /hunter2/);
  });
});
