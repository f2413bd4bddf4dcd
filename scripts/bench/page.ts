// The benchmark page: an in-page fake feed that writes the protocol's real frames (as strings) at
// a set rate, and three ways of showing them: the library's <crypto-ticker>s, and two baselines.
//   A: a custom element per asset that parses and writes every message at once;
//   B: the same elements, writing each asset's latest value once per animation frame.
// Bundled by scripts/bench-browser.ts with the library from a chosen src/ copy.
type Lib = {
  WebSocketClient: new (options: Record<string, unknown>) => unknown;
  ApiClient: new (options: Record<string, unknown>) => unknown;
  SocketTransport: new (options: Record<string, unknown>) => { WebSocket: unknown; pipeline: unknown; attach(client: unknown): void };
  RenderBudget: { prototype: { record(workMs: number, rows?: number, waiting?: number, messages?: number): void; readonly framesPerFlush: number } };
};

/** The bench feed inside the socket Worker (impl `worker`): started, read and stopped by messages. */
interface RemoteFeed {
  start(): void;
  sent(): Promise<number>;
  /** Stops the feed; resolves with the last price sent per asset. */
  stop(): Promise<Map<string, number>>;
}

function remoteFeed(worker: Worker): RemoteFeed {
  const ask = <T>(type: string, answer: string) => new Promise<T>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.data?.type !== answer) return;
      worker.removeEventListener('message', listener);
      resolve(event.data as T);
    };
    worker.addEventListener('message', listener);
    worker.postMessage({ type });
  });
  return {
    start: () => worker.postMessage({ type: 'bench-start' }),
    sent: async () => (await ask<{ sent: number }>('bench-sent', 'bench-sent')).sent,
    stop: async () => new Map((await ask<{ last: Array<[string, number]> }>('bench-stop', 'bench-final')).last),
  };
}

export interface RunConfig {
  /** `worker`: the library with `<crypto-data-provider worker>`, the feed running inside the socket Worker. */
  impl: 'A' | 'B' | 'lib' | 'worker';
  tickers: number;
  perTicker: number;
  rate: number;
  sparkline?: boolean;
  /** Record send → rendered-frame latency of one asset. */
  latency?: boolean;
}

import { EPOCH, Feed, pump, type PriceData } from './feed.js';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 2, maximumFractionDigits: 2 });


// ── Baselines ───────────────────────────────────────────────────────────────
class BenchRow extends HTMLElement {
  #price: HTMLSpanElement;
  #change: HTMLSpanElement;
  pending: PriceData | null = null;
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>:host{display:flex;gap:8px;font:14px system-ui}</style><span part="symbol"></span><span part="price"></span><span part="change"></span>';
    this.#price = root.querySelector('[part=price]')!;
    this.#change = root.querySelector('[part=change]')!;
  }
  set asset(id: string) {
    this.shadowRoot!.querySelector('[part=symbol]')!.textContent = id;
    this.dataset.asset = id;
  }
  write(p: PriceData) {
    const price = money.format(p.price);
    if (this.#price.textContent !== price) this.#price.textContent = price;
    const change = percent.format(p.changePercent24h / 100);
    if (this.#change.textContent !== change) this.#change.textContent = change;
  }
  priceText() {
    return this.#price.textContent ?? '';
  }
}
customElements.define('bench-row', BenchRow);

function mountBaseline(config: RunConfig, groups: string[][]) {
  const rows = new Map<string, BenchRow[]>();
  for (const group of groups) {
    const box = document.createElement('div');
    box.className = 'ticker';
    for (const id of group) {
      const row = document.createElement('bench-row') as BenchRow;
      row.asset = id;
      box.append(row);
      rows.set(id, [...(rows.get(id) ?? []), row]);
    }
    document.body.append(box);
  }
  const dirty = new Set<BenchRow>();
  let frame = 0;
  const flush = () => {
    frame = 0;
    for (const row of dirty) row.write(row.pending!);
    dirty.clear();
  };
  const deliver = (text: string) => {
    const message = JSON.parse(text);
    const targets = rows.get(message.data.assetId);
    if (!targets) return;
    for (const row of targets) {
      if (config.impl === 'A') row.write(message.data);
      else {
        row.pending = message.data;
        dirty.add(row);
        frame ||= requestAnimationFrame(flush);
      }
    }
  };
  const priceText = (id: string) => rows.get(id)?.[0]?.priceText() ?? '';
  return { deliver, priceText };
}

// ── The library ─────────────────────────────────────────────────────────────
function mountLibrary(lib: Lib, config: RunConfig, groups: string[][], feed: Feed): { deliver(text: string): void; priceText(id: string): string; remote?: RemoteFeed } {
  const sockets = new Set<{ onmessage: ((e: { data: string }) => void) | null }>();
  class FeedSocket {
    readyState = 1;
    binaryType = 'arraybuffer';
    onopen: ((e: unknown) => void) | null = null;
    onmessage: ((e: { data: string }) => void) | null = null;
    onclose: ((e: unknown) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    constructor() {
      sockets.add(this);
      setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'welcome', sessionId: 'bench', heartbeatMs: 15000, serverTime: Date.now(), protocolVersion: 1, maxFrameBytes: 65536 }) }));
    }
    send(text: string) {
      const message = JSON.parse(text);
      if (message.type !== 'subscribe') return;
      const ids: string[] = message.params?.assetIds ?? feed.assets;
      const positions = Object.fromEntries(ids.map((id) => [`price_updates:${id}`, { epoch: EPOCH, seq: feed.seq.get(id) ?? 0 }]));
      setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'subscribed', channel: message.channel, params: message.params, positions }) }));
    }
    close() {
      sockets.delete(this);
    }
  }
  const fakeFetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    if (url.pathname === '/api/prices/live') {
      const ids = url.searchParams.get('ids')?.split(',') ?? feed.assets;
      const prices = ids.map((id) => feed.last.get(id)).filter(Boolean);
      return new Response(JSON.stringify({ prices, ts: Date.now() }), { headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify({ error: { code: 'not_found', message: 'not in the bench' } }), { status: 404, headers: { 'content-type': 'application/json' } });
  };
  const api = new lib.ApiClient({ baseUrl: 'http://bench.local', fetch: fakeFetch });
  let remote: RemoteFeed | undefined;
  let client: unknown;
  if (config.impl === 'worker') {
    const transport = new lib.SocketTransport({
      mode: 'on',
      maxFrameBytes: 1 << 20,
      createWorker: () => {
        const worker = new Worker('/bench-worker.js', { name: 'crw-socket' });
        remote = remoteFeed(worker);
        return worker;
      },
    });
    const size = config.tickers * config.perTicker;
    client = new lib.WebSocketClient({ url: `ws://bench.local/ws?assets=${size}&rate=${config.rate}`, WebSocket: transport.WebSocket, pipeline: transport.pipeline, api, lifecycle: null });
    transport.attach(client);
  } else {
    client = new lib.WebSocketClient({ url: 'ws://bench.local/ws', WebSocket: FeedSocket, api, lifecycle: null });
  }
  const provider = document.createElement('crypto-data-provider') as HTMLElement & Record<string, unknown>;
  provider.client = client;
  provider.apiClient = api;
  provider.setAttribute('api-url', 'http://bench.local');
  provider.setAttribute('ws-url', 'ws://bench.local/ws');
  for (const group of groups) {
    const ticker = document.createElement('crypto-ticker');
    ticker.setAttribute('symbols', group.join(','));
    if (config.sparkline) ticker.setAttribute('show-sparkline', '');
    provider.append(ticker);
  }
  document.body.append(provider);
  const deliver = (text: string) => {
    for (const socket of sockets) socket.onmessage?.({ data: text });
  };
  // The price cell per asset, found once (rows are keyed, so a cell stays while its row does).
  const cells = new Map<string, Element>();
  const priceText = (id: string) => {
    let cell = cells.get(id);
    if (!cell?.isConnected) {
      cell = undefined;
      for (const ticker of document.querySelectorAll('crypto-ticker')) {
        cell = ticker.shadowRoot?.querySelector(`[data-asset="${id}"] [part~="price"]`) ?? undefined;
        if (cell) break;
      }
      if (cell) cells.set(id, cell);
    }
    return cell?.textContent?.trim() ?? '';
  };
  return {
    deliver,
    priceText,
    get remote() {
      return remote;
    },
  };
}

// ── Measuring ───────────────────────────────────────────────────────────────
function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function install(lib: Lib) {
  // Every flush the render budget measured: [time, work ms, rows written, rows waiting, frames per flush, messages].
  const budgetLog: number[][] = [];
  const record = lib.RenderBudget.prototype.record;
  lib.RenderBudget.prototype.record = function (this: typeof lib.RenderBudget.prototype, ...args: [number, number?, number?, number?]) {
    const [workMs, rows = 1, waiting = rows, messages = NaN] = args;
    budgetLog.push([Math.round(performance.now()), Math.round(workMs * 10) / 10, rows, waiting, this.framesPerFlush, messages]);
    record.apply(this, args);
  };
  let state: {
    feed: Feed; stop: () => void; view: { priceText(id: string): string; remote?: RemoteFeed }; frames: number[]; measuring: boolean;
    sentAtStart: number; windowStart: number; latencies: number[]; latencyLog: number[][]; longFrames: number[][]; framesFrom: number;
  } | null = null;

  (window as unknown as { bench: unknown }).bench = {
    /** Mounts the views and starts the feed once they are ready (the library's tickers show data). */
    async start(config: RunConfig) {
      const assets = Array.from({ length: config.tickers * config.perTicker }, (_, i) => `A${i}`);
      const groups = Array.from({ length: config.tickers }, (_, t) => assets.slice(t * config.perTicker, (t + 1) * config.perTicker));
      const feed = new Feed(assets);
      const library = config.impl === 'lib' || config.impl === 'worker';
      const view = library ? mountLibrary(lib, config, groups, feed) : mountBaseline(config, groups);
      // Latency is sampled on the first asset of every ticker: about 300 samples in 3 s at 1k msg/s, so
      // p99 is a percentile, not the one worst sample of a single asset.
      const watched = groups.map((group) => group[0]!);
      // Wait until every row shows its first price.
      const t0 = performance.now();
      if (!library) for (const id of assets) view.deliver(feed.next().text, id);
      while (assets.some((id) => !view.priceText(id).startsWith('$'))) {
        if (performance.now() - t0 > 20_000) throw new Error('the view never showed prices');
        await new Promise((r) => setTimeout(r, 50));
      }
      /** Per watched asset: when each price text it may show was sent. */
      const sentAt = new Map(watched.map((id) => [id, new Map<string, number>()]));
      const s = (state = { feed, stop: () => {}, view, frames: [], measuring: false, sentAtStart: 0, windowStart: 0, latencies: [], latencyLog: [], longFrames: [], framesFrom: 0 });
      // The Worker's feed starts from the same seeded prices as this one (the REST snapshot) and runs there.
      if (view.remote) view.remote.start();
      else {
        s.stop = pump(feed, config.rate, (text, assetId) => {
          if (config.latency) sentAt.get(assetId)?.set(money.format(feed.last.get(assetId)!.price), performance.now());
          view.deliver(text, assetId);
        });
      }
      const shown = new Map(watched.map((id) => [id, view.priceText(id)]));
      const channel = new MessageChannel();
      let frameTime = 0;
      // After a frame renders (the next task), see whether a watched price changed in it.
      channel.port1.onmessage = () => {
        if (!config.latency || !s.measuring) return;
        for (const id of watched) {
          const now = view.priceText(id);
          if (now === shown.get(id)) continue;
          shown.set(id, now);
          const sent = sentAt.get(id)!;
          const at = sent.get(now);
          if (at !== undefined) {
            s.latencies.push(frameTime - at);
            s.latencyLog.push([Math.round(frameTime), Math.round((frameTime - at) * 10) / 10, Math.round(at)]);
          }
          sent.clear();
        }
      };
      let last = 0;
      const tick = (t: number) => {
        // Only frames that began inside the window: the one running when it opened belongs to the warm-up.
        if (s.measuring && last && last >= s.framesFrom) {
          s.frames.push(t - last);
          if (t - last > 50) s.longFrames.push([Math.round(last), Math.round(t - last)]);
        }
        last = t;
        frameTime = t;
        channel.port2.postMessage(0);
        if (state === s) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    async beginWindow() {
      const s = state!;
      s.frames.length = 0;
      s.latencies.length = 0;
      s.longFrames.length = 0;
      budgetLog.length = 0;
      s.framesFrom = performance.now();
      s.measuring = true;
      s.sentAtStart = s.view.remote ? await s.view.remote.sent() : s.feed.sent;
      s.windowStart = performance.now();
    },
    /** Ends the window, stops the feed, lets the view settle, and checks every row against the last price sent. */
    async finish() {
      const s = state!;
      s.measuring = false;
      const seconds = (performance.now() - s.windowStart) / 1000;
      const sent = (s.view.remote ? await s.view.remote.sent() : s.feed.sent) - s.sentAtStart;
      s.stop();
      const finalPrices = s.view.remote ? await s.view.remote.stop() : new Map([...s.feed.last].map(([id, p]) => [id, p.price]));
      // The view catches up at its own pace (a sliced, spaced backlog takes a few flushes): wait up to 5 s.
      const stoppedAt = performance.now();
      const countWrong = () => [...finalPrices].filter(([id, price]) => s.view.priceText(id) !== money.format(price)).length;
      let wrong = countWrong();
      while (wrong && performance.now() - stoppedAt < 5000) {
        await new Promise((r) => setTimeout(r, 100));
        wrong = countWrong();
      }
      const settleMs = performance.now() - stoppedAt;
      const frames = s.frames;
      state = null;
      // The library's live write rate at the end of the window (its status line's data-rate), to see the render budget at work.
      const status = document.querySelector('crypto-ticker')?.shadowRoot?.querySelector('[part~="status"]');
      return {
        rate: sent / seconds,
        fps: frames.length / seconds,
        p95Frame: percentile(frames, 95),
        maxFrame: frames.length ? Math.max(...frames) : NaN,
        over50: frames.filter((f) => f > 50).length,
        latencyP50: percentile(s.latencies, 50),
        latencyP99: percentile(s.latencies, 99),
        latencySamples: s.latencies.length,
        rows: s.feed.last.size,
        wrong,
        settleMs,
        heapMB: ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6,
        domNodes: document.getElementsByTagName('*').length,
        budgetLog: budgetLog.splice(0),
        latencyLog: s.latencyLog,
        longFrames: s.longFrames,
        liveHz: Number(status?.getAttribute('data-rate') ?? NaN),
      };
    },
  };
}
