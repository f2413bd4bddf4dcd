// Cluster mode, what the nodes share besides the streams: the alert history and its acks, push
// subscriptions and keys, the replay bounds, and the price history. Three in-process nodes on one
// real redis-server, shared by every test in the file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { FeedServer } from '../../demo/server/server.js';
import type { AlertWithSeq, ServerMessage } from '../../src/core/protocol/index.js';
import { browserKeys, decryptPush, startPushEndpoint, type PushEndpoint } from '../support/push-endpoint.js';
import { startRedis, type RedisProcess } from '../support/redis.mjs';
import { until } from '../support/until.js';
import { http, Probe, startServer } from './helpers.js';

const SECRET = 'cluster-shared-test-secret-0123456789abcdef';
const REPLAY_BYTES = 8192;

type AlertList = { alerts: AlertWithSeq[]; position: { epoch: string; seq: number } };

describe('cluster mode: alerts, acks, push, replay bounds and price history shared by three nodes', { timeout: 240_000 }, () => {
  let redis: RedisProcess;
  let push: PushEndpoint;
  const nodes: FeedServer[] = [];
  const tokens = new Map<FeedServer, string>();
  const alice = (node: FeedServer) => tokens.get(node) as string;

  const start = () =>
    startServer({
      redis: redis.url,
      authSecret: SECRET,
      devRoutes: true,
      autoStart: true,
      rate: 40,
      // A market minute per wall second, so the 1-minute history grows while the test watches.
      timeScale: 60,
      portfolioIntervalMs: 200,
      replayBytes: REPLAY_BYTES,
      // No market alerts of its own: the public stream carries only what the tests raise.
      alertRules: { priceMovePercent: 1e6, drawdownPercent: 100 },
    });

  before(async () => {
    [redis, push] = await Promise.all([startRedis(), startPushEndpoint()]);
    nodes.push(await start());
    await until(() => nodes[0]?.cluster?.isLeader === true, 'the first node to lead');
    nodes.push(...(await Promise.all([start(), start()])));
    // Alice is known to every node (market alerts are copied into every known user's stream).
    for (const node of nodes) tokens.set(node, await node.mintToken('alice'));
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await push?.close();
    await redis?.destroy();
  });

  const raise = async (node: FeedServer, body: Record<string, unknown>) => {
    const answer = await http<AlertWithSeq>(node, 'POST', '/api/dev/alerts', { body, token: null });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body;
  };
  const list = async (node: FeedServer, query = '', token: string | null = alice(node)) => (await http<AlertList>(node, 'GET', `/api/alerts${query}`, { token })).body;

  it('the dev route answers the seq Redis gave, and every node lists the same alerts', async () => {
    const [, follower, other] = nodes as [FeedServer, FeedServer, FeedServer];
    const before = (await list(other, '', null)).position;
    const raised = [await raise(follower, { title: 'one' }), await raise(follower, { title: 'two' })];
    assert.deepEqual(raised.map((a) => a.seq), [before.seq + 1, before.seq + 2], 'real seqs, not 0');
    const epoch = (await http<{ epoch: string }>(follower, 'GET', '/api/cluster')).body.epoch;
    for (const node of nodes) {
      const pub = await list(node, `?since=${before.seq}&epoch=${before.epoch}`, null);
      assert.deepEqual(pub.alerts.map((a) => [a.id, a.seq]), raised.map((a) => [a.id, a.seq]), 'the public list on every node');
      assert.equal(pub.position.epoch, epoch);
      assert.equal(pub.position.seq, before.seq + 2);
      const mine = await list(node);
      assert.deepEqual(mine.alerts.slice(-2).map((a) => a.id), raised.map((a) => a.id), "alice's copies, on every node");
    }
  });

  it('an ack made on one node shows on every node, in REST and in alerts replayed over the WebSocket', async () => {
    const [leader, follower, other] = nodes as [FeedServer, FeedServer, FeedServer];
    const from = (await list(other)).position;
    const ids: string[] = [];
    for (const title of ['a', 'b', 'c']) ids.push((await raise(leader, { title })).id);
    const acked = await http<{ id: string; acknowledged: boolean }>(follower, 'POST', `/api/alerts/${ids[1]}/ack`, { token: alice(follower), headers: { 'idempotency-key': 'ack-b' } });
    assert.equal(acked.status, 200);
    assert.equal(acked.body.acknowledged, true);
    assert.equal((await http(other, 'POST', '/api/alerts/a_nope/ack', { token: alice(other) })).status, 404);
    for (const node of nodes) {
      const page = await list(node, `?since=${from.seq}&epoch=${from.epoch}`);
      assert.deepEqual(page.alerts.map((a) => [a.id, a.acknowledged]), [[ids[0], false], [ids[1], true], [ids[2], false]]);
    }
    // A client that missed them resumes on a third node: the replayed alerts carry the ack as it is now.
    const probe = await Probe.signedIn(other, alice(other));
    try {
      const subscribed = probe.after((m) => m.type === 'subscribed');
      probe.send({ type: 'subscribe', channel: 'alerts', since: from });
      assert.equal(((await subscribed) as Extract<ServerMessage, { type: 'subscribed' }>).recovered, true);
      await probe.next((m) => m.type === 'alert' && (m.data as AlertWithSeq).id === ids[2]);
      const replayed = probe.messages.filter((m): m is Extract<ServerMessage, { type: 'alert' }> => m.type === 'alert');
      assert.deepEqual(replayed.map((m) => [(m.data as AlertWithSeq).id, (m.data as AlertWithSeq).acknowledged, m.seq]), [
        [ids[0], false, from.seq + 1],
        [ids[1], true, from.seq + 2],
        [ids[2], false, from.seq + 3],
      ]);
    } finally {
      probe.socket.terminate();
    }
  });

  it('push: one VAPID key for the cluster, subscriptions shared, each alert pushed once, grants accepted by any node', async () => {
    const [leader, follower, other] = nodes as [FeedServer, FeedServer, FeedServer];
    const keys = await Promise.all(nodes.map(async (n) => (await http<{ publicKey: string }>(n, 'GET', '/api/push/vapid-public-key')).body.publicKey));
    assert.equal(new Set(keys).size, 1, 'every node signs with the same key');
    const browser = browserKeys();
    const endpoint = `${push.url}/push/alice-laptop`;
    const subscribed = await http(follower, 'POST', '/api/push/subscriptions', { token: alice(follower), body: { subscription: { endpoint, keys: browser.keys }, severities: ['info', 'warning', 'critical'] } });
    assert.equal(subscribed.status, 201);
    const listed = await http<{ subscriptions: { endpoint: string }[] }>(other, 'GET', '/api/push/subscriptions', { token: alice(other) });
    assert.deepEqual(listed.body.subscriptions.map((s) => s.endpoint), [endpoint], 'listed by another node');

    const pushedIds = () => push.received.filter((r) => r.path === '/push/alice-laptop').map((r) => decryptPush(r.body, browser));
    // Raised by a follower (the dev route) and by the leader (alice's price rule, which only the leader evaluates).
    const market = await raise(other, { title: 'pushed once', severity: 'warning' });
    // Rules fire on crossing: one each way at today's price, and the random walk crosses one soon.
    const price = leader.simulator.priceOf('BTC') as number;
    const rules: string[] = [];
    for (const condition of ['above', 'below']) {
      const rule = await http<{ id: string }>(follower, 'POST', '/api/alert-rules', { token: alice(follower), body: { assetId: 'BTC', condition, price }, headers: { 'idempotency-key': `rule-${condition}` } });
      assert.equal(rule.status, 201);
      rules.push(rule.body.id);
    }
    let ruleAlert: string | undefined;
    await until(async () => (ruleAlert = (await list(other, '?limit=100')).alerts.find((a) => rules.includes(a.ruleId as string))?.id) !== undefined, "alice's rule to fire");
    await until(() => pushedIds().some((p) => p.alert.id === market.id) && pushedIds().some((p) => p.alert.id === ruleAlert), 'both pushes');
    await new Promise((r) => setTimeout(r, 1500)); // a second copy from another node would arrive by now
    const counts = new Map<string, number>();
    for (const p of pushedIds()) counts.set(p.alert.id, (counts.get(p.alert.id) ?? 0) + 1);
    assert.ok(counts.size >= 2);
    for (const [id, n] of counts) assert.equal(n, 1, `alert ${id} pushed ${n} times`);
    assert.ok(leader.cluster?.isLeader);

    // The grant in the push was signed by one node; another accepts it, and every node shows the ack.
    const grant = pushedIds().find((p) => p.alert.id === market.id)?.ack as string;
    const acked = await http(leader, 'POST', '/api/push/ack', { token: null, body: { ack: grant } });
    assert.equal(acked.status, 200, JSON.stringify(acked.body));
    const mine = await list(follower, '?limit=50');
    assert.equal(mine.alerts.find((a) => a.id === market.id)?.acknowledged, true);
    assert.equal((await http(other, 'DELETE', '/api/push/subscriptions', { token: alice(other), body: { endpoint } })).status, 204);
    assert.equal((await http<{ subscriptions: unknown[] }>(follower, 'GET', '/api/push/subscriptions', { token: alice(follower) })).body.subscriptions.length, 0);
  });

  it('replay from Redis is bounded by replayBytes as an in-memory buffer is', async () => {
    const node = nodes[1] as FeedServer;
    const probe = await Probe.signedIn(node, await node.mintToken('demo'));
    try {
      probe.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: 'demo-balanced' } });
      const updates = () => probe.messages.filter((m): m is Extract<ServerMessage, { type: 'portfolio_update' }> => m.type === 'portfolio_update');
      // Enough messages that the newest few fit in REPLAY_BYTES and all of them do not (the count bound alone would allow it).
      const frameBytes = (m: ServerMessage) => Buffer.byteLength(JSON.stringify(m));
      await until(() => updates().reduce((sum, m) => sum + frameBytes(m), 0) > REPLAY_BYTES * 2, 'portfolio updates');
      const seen = updates();
      const first = seen[0] as Extract<ServerMessage, { type: 'portfolio_update' }>;
      const last = seen.at(-1) as Extract<ServerMessage, { type: 'portfolio_update' }>;
      const resubscribe = async (seq: number) => {
        const other = await Probe.signedIn(nodes[2] as FeedServer, await node.mintToken('demo'));
        try {
          const answer = other.after((m) => m.type === 'subscribed');
          other.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: 'demo-balanced' }, since: { epoch: last.epoch, seq } });
          return ((await answer) as Extract<ServerMessage, { type: 'subscribed' }>).recovered;
        } finally {
          other.socket.terminate();
        }
      };
      assert.ok(last.seq - first.seq + 1 < (node.options.replaySize as number), 'within the count bound');
      assert.equal(await resubscribe(last.seq - 1), true, 'a short replay fits');
      assert.equal(await resubscribe(first.seq - 1), false, 'a replay larger than replayBytes is refused, as from memory');
    } finally {
      probe.socket.terminate();
    }
  });

  it('price history: followers answer the same as the leader; a new leader continues it with no gap or repeat', async () => {
    type History = { points: { ts: number; price: number }[] };
    const read = async (node: FeedServer) => (await http<History>(node, 'GET', '/api/prices/BTC/history?resolution=1m', { token: null })).body.points;
    const agree = (a: History['points'], b: History['points']) => {
      const byTs = new Map(b.map((p) => [p.ts, p.price]));
      const common = a.filter((p) => byTs.has(p.ts));
      assert.ok(common.length > 1000, `the histories overlap (${common.length})`);
      for (const p of common) assert.equal(byTs.get(p.ts), p.price, `the close at ${new Date(p.ts).toISOString()}`);
    };
    const [leader, follower] = nodes as [FeedServer, FeedServer, FeedServer];
    // Live samples arrive while we watch (a market minute a second); the follower reads them every second.
    const startTs = (await read(leader)).at(-1)?.ts as number;
    await until(async () => ((await read(follower)).at(-1)?.ts ?? 0) >= startTs + 3 * 60_000, 'live samples on the follower');
    const fromLeader = await read(leader);
    const fromFollower = await read(follower);
    agree(fromFollower, fromLeader);
    // A follower's live quotes are the leader's, 24 h figures included (its own market does not step).
    const frame = follower.registry.get('price_updates:BTC')?.latest?.frame;
    const live = (await http<{ prices: Record<string, unknown>[] }>(follower, 'GET', '/api/prices/live?ids=BTC', { token: null })).body.prices[0];
    const published = (JSON.parse(String(frame)) as { data: Record<string, unknown> }).data;
    if ((follower.registry.get('price_updates:BTC')?.latest?.frame ?? frame) === frame) assert.deepEqual({ ...live, ts: 0 }, { ...published, ts: 0 });

    await leader.close();
    nodes.splice(0, 1);
    await until(() => nodes.some((n) => n.cluster?.isLeader), 'a new leader', 10_000);
    const next = nodes.find((n) => n.cluster?.isLeader) as FeedServer;
    const lastBefore = fromLeader.at(-1)?.ts as number;
    await until(async () => ((await read(next)).at(-1)?.ts ?? 0) >= lastBefore + 3 * 60_000, 'the new leader extends the history');
    const continued = await read(next);
    agree(continued, fromLeader);
    for (let i = 1; i < continued.length; i += 1) assert.equal((continued[i] as { ts: number }).ts - (continued[i - 1] as { ts: number }).ts, 60_000);
    const other = nodes.find((n) => n !== next) as FeedServer;
    await until(async () => ((await read(other)).at(-1)?.ts ?? 0) >= (continued.at(-1)?.ts as number), 'the other follower catches up');
    agree(await read(other), continued);

    // The history the cluster keeps in Redis: one sample per minute, none missing or repeated.
    const client = new Redis(redis.url, { lazyConnect: true });
    await client.connect();
    try {
      const stamps = (await client.lrange('crw:hist:1m', 0, -1)).map((e) => Number(e.slice(0, e.indexOf(' '))));
      for (let i = 1; i < stamps.length; i += 1) assert.equal((stamps[i] as number) - (stamps[i - 1] as number), 60_000, `sample ${i} follows the one before`);
      assert.ok((stamps.at(-1) as number) > lastBefore);
    } finally {
      client.disconnect();
    }
  });
});
