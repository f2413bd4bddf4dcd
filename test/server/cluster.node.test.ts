// Cluster mode end to end: three feed-server processes on one real redis-server, a WebSocketClient
// given the list of nodes, and nodes (and Redis) killed under it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import WS from 'ws';
import type { DataMessage } from '../../src/core/protocol/index.js';
import { WebSocketClient, type ResyncEvent, type SubscribedEvent } from '../../src/core/socket/index.js';
import { RedisProcess } from '../support/redis.mjs';
import { until } from '../support/until.js';

interface FeedProcess {
  url: string;
  wsUrl: string;
  running: boolean;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const SECRET = 'cluster-test-secret-0123456789abcdefghij';

async function clusterInfo(node: FeedProcess): Promise<{ leader: boolean; epoch: string; elections: number }> {
  return (await (await fetch(`${node.url}/api/cluster`)).json()) as { leader: boolean; epoch: string; elections: number };
}

async function raiseAlert(node: FeedProcess, title: string): Promise<string> {
  const res = await fetch(`${node.url}/api/dev/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  assert.equal(res.status, 201, `raising an alert on ${node.url}`);
  return ((await res.json()) as { id: string }).id;
}

/** A raw socket that records every price frame of one asset, to check seqs one by one. */
async function priceProbe(node: FeedProcess, assetId: string): Promise<{ seqs: { seq: number; epoch: string; at: number }[]; close(): void }> {
  const socket = new WS(node.wsUrl);
  const seqs: { seq: number; epoch: string; at: number }[] = [];
  socket.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { type: string; seq?: number; epoch?: string; data?: { assetId?: string } };
    if (m.type === 'price_update' && m.data?.assetId === assetId) seqs.push({ seq: m.seq as number, epoch: m.epoch as string, at: Date.now() });
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates', params: { assetIds: [assetId] } }));
  return { seqs, close: () => socket.terminate() };
}

describe('cluster mode: three nodes on one Redis', { timeout: 400_000 }, () => {
  const redis = new RedisProcess();
  const nodes: FeedProcess[] = [];
  let client: WebSocketClient;
  const alerts: { id: string; seq: number; epoch: string }[] = [];
  const prices: { seq: number; epoch: string }[] = [];
  const subscribed: SubscribedEvent[] = [];
  const resyncs: ResyncEvent[] = [];

  before(async () => {
    await redis.start();
    const { startFeedProcess } = (await import('../../scripts/feed-process.mjs' as string)) as {
      startFeedProcess(options?: Record<string, unknown>): Promise<FeedProcess>;
    };
    // Market alerts off, so the public alerts stream carries only the burst this test counts.
    const args = ['--redis', redis.url, '--dev-routes', '--auth-secret', SECRET, '--heartbeat-ms', '2000', '--alert-move-pct', '100000', '--alert-drawdown-pct', '100'];
    nodes.push(await startFeedProcess({ rate: 40, args, startTimeoutMs: 120_000 }));
    for (let i = 0; i < 50 && !(await clusterInfo(nodes[0] as FeedProcess)).leader; i += 1) await new Promise((r) => setTimeout(r, 100));
    nodes.push(...(await Promise.all([startFeedProcess({ rate: 40, args, startTimeoutMs: 120_000 }), startFeedProcess({ rate: 40, args, startTimeoutMs: 120_000 })])));
  });

  after(async () => {
    client?.dispose();
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    await redis.destroy();
  });

  it('one node leads; positions are global, so every node numbers a stream alike', async () => {
    const infos = await Promise.all(nodes.map(clusterInfo));
    assert.deepEqual(infos.map((i) => i.leader), [true, false, false]);
    assert.equal(new Set(infos.map((i) => i.epoch)).size, 1);
    const probes = await Promise.all(nodes.map((n) => priceProbe(n, 'BTC')));
    try {
      await until(() => probes.every((p) => p.seqs.length >= 4), 'BTC prices on every node');
      // The same seq means the same message on every node.
      const common = probes.map((p) => new Set(p.seqs.map((s) => s.seq)));
      const shared = [...(common[0] as Set<number>)].filter((seq) => common.every((c) => c.has(seq)));
      assert.ok(shared.length >= 2, `nodes deliver the same positions (${shared.length} in common)`);
    } finally {
      for (const p of probes) p.close();
    }
  });

  it('kill the node a client is on mid alert burst: it resumes on another node, no alert lost or duplicated', async () => {
    const [leader, a, b] = nodes as [FeedProcess, FeedProcess, FeedProcess];
    client = new WebSocketClient({ url: [a.wsUrl, b.wsUrl], WebSocket: WS as never, lifecycle: null, backoffMinMs: 100, backoffMaxMs: 500, firstRetryMaxMs: 100 });
    client.on('alert', (m: DataMessage) => alerts.push({ id: (m.data as { id: string }).id, seq: m.seq, epoch: m.epoch }));
    client.on('price_update', (m: DataMessage) => prices.push({ seq: m.seq, epoch: m.epoch }));
    client.on('subscribed', (e) => subscribed.push(e));
    client.on('resync', (e) => resyncs.push(e));
    client.subscribe('alerts');
    client.subscribe('price_updates', { assetIds: ['BTC'] });
    await client.connect();
    await until(() => subscribed.length >= 2 && prices.length >= 2, 'subscribed, with prices');
    assert.equal(client.currentUrl, a.wsUrl);

    const raised: string[] = [];
    const pricesBeforeKill = prices.length;
    for (let i = 0; i < 150; i += 1) {
      raised.push(await raiseAlert(leader, `burst ${i}`));
      if (i === 60) {
        await until(() => alerts.length >= 20, 'part of the burst on the first node');
        await a.stop('SIGKILL');
      }
    }
    await until(() => alerts.length >= raised.length, `all ${raised.length} alerts (have ${alerts.length})`);
    await new Promise((r) => setTimeout(r, 300)); // anything extra would show up now

    assert.equal(client.currentUrl, b.wsUrl, 'moved to the other node');
    const ids = alerts.map((x) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'no alert delivered twice');
    assert.deepEqual(ids, raised, 'every alert raised, in order, none lost');
    // Server side: the stream in Redis holds exactly these, numbered without gaps.
    const redisClient = new Redis(redis.url, { protocol: 2, lazyConnect: true });
    await redisClient.connect();
    try {
      assert.equal(Number(await redisClient.get('crw:seq:alerts')), raised.length);
      assert.equal(await redisClient.xlen('crw:s:alerts'), raised.length);
    } finally {
      redisClient.disconnect();
    }
    assert.deepEqual(alerts.map((x) => x.seq), raised.map((_, i) => i + 1));
    assert.equal(new Set(alerts.map((x) => x.epoch)).size, 1);
    // Prices are latest-value streams: after any reconnect the client refreshes them (a 'reconnect' resync); alerts resume.
    assert.deepEqual(resyncs.filter((e) => e.channel === 'alerts'), [], 'alerts resumed, not reloaded');
    const resumed = subscribed.filter((e) => e.channel === 'alerts').at(-1);
    assert.equal(resumed?.recovered, true);

    // Prices: the same epoch, and positions carry on from where they were.
    await until(() => prices.length >= pricesBeforeKill + 5, 'prices after the move');
    assert.equal(new Set(prices.map((p) => p.epoch)).size, 1, 'one epoch across nodes');
    // The subscribe answer on the new node may hand out the latest price again, never an older one.
    for (let i = 1; i < prices.length; i += 1) assert.ok((prices[i] as { seq: number }).seq >= (prices[i - 1] as { seq: number }).seq, 'price positions never go back');
    assert.ok((prices.at(-1) as { seq: number }).seq > (prices[pricesBeforeKill - 1] as { seq: number }).seq);
  });

  it('kill the leader: another node runs the market within 5 s, no seq repeated or skipped', async () => {
    const [leader, , b] = nodes as [FeedProcess, FeedProcess, FeedProcess];
    const probe = await priceProbe(b, 'ETH');
    try {
      await until(() => probe.seqs.length >= 3, 'ETH prices');
      const killedAt = Date.now();
      await leader.stop('SIGKILL');
      await until(() => probe.seqs.some((s) => s.at > killedAt + 100), 'prices from a new leader', 15_000);
      const before = probe.seqs.filter((s) => s.at <= killedAt);
      const afterKill = probe.seqs.filter((s) => s.at > killedAt);
      const gapMs = (afterKill[0] as { at: number }).at - killedAt;
      console.log(`# leader takeover: first price ${gapMs} ms after the kill`);
      assert.ok(gapMs <= 5000, `takeover took ${gapMs} ms`);
      assert.equal((await clusterInfo(b)).leader, true);
      const seqs = probe.seqs.map((s) => s.seq);
      for (let i = 1; i < seqs.length; i += 1) assert.equal(seqs[i], (seqs[i - 1] as number) + 1, `seq ${seqs[i]} follows ${seqs[i - 1]}`);
      assert.ok(before.length > 0 && afterKill.length > 0);
    } finally {
      probe.close();
    }
  });

  it('restart Redis (AOF kept): the node recovers and the client resumes; data lost: the client is told to resync', async () => {
    const [, , b] = nodes as [FeedProcess, FeedProcess, FeedProcess];
    const probe = await priceProbe(b, 'SOL');
    try {
      await until(() => probe.seqs.length >= 2, 'SOL prices');
      const alertsBefore = alerts.length;
      const resyncsBefore = resyncs.length;
      await redis.restart(300);
      const restartedAt = Date.now();
      await until(() => probe.seqs.some((s) => s.at > restartedAt), 'prices after the restart', 15_000);
      const seqs = probe.seqs.map((s) => s.seq);
      for (let i = 1; i < seqs.length; i += 1) assert.equal(seqs[i], (seqs[i - 1] as number) + 1, 'no seq repeated or skipped across the restart');
      const id = await raiseAlert(b, 'after the restart');
      await until(() => alerts.length > alertsBefore, 'an alert after the restart');
      assert.deepEqual(alerts.slice(alertsBefore).map((x) => x.id), [id]);
      assert.equal((alerts.at(-1) as { seq: number }).seq, alertsBefore + 1);
      assert.equal(resyncs.length, resyncsBefore, 'the connection stayed up: nothing to resync');

      // Now Redis comes back empty: a new epoch, and clients are told to reload.
      await redis.stop();
      await redis.wipe();
      await redis.restart();
      await until(() => resyncs.some((e) => e.channel === 'alerts'), 'an alerts resync after Redis lost its data', 15_000);
      const epochs = new Set(alerts.map((x) => x.epoch));
      const id2 = await raiseAlert(b, 'new epoch');
      await until(() => alerts.some((x) => x.id === id2), 'alerts flow in the new epoch');
      const last = alerts.at(-1) as { seq: number; epoch: string };
      assert.ok(!epochs.has(last.epoch), 'a new epoch');
      assert.equal(last.seq, 1);
    } finally {
      probe.close();
    }
  });
});
