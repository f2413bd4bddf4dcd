// The benchmark page: an in-page fake feed that writes the protocol's real frames (as strings) at
// a set rate, and three ways of showing them: the library's <crypto-ticker>s, and two baselines.
//   A: a custom element per asset that parses and writes every message at once;
//   B: the same elements, writing each asset's latest value once per animation frame.
// Bundled by scripts/bench-browser.ts with the library from a chosen src/ copy.
type Lib = {
  WebSocketClient: new (options: Record<string, unknown>) => unknown;
  ApiClient: new (options: Record<string, unknown>) => unknown;
};

export interface RunConfig {
  impl: 'A' | 'B' | 'lib';
  tickers: number;
  perTicker: number;
  rate: number;
  sparkline?: boolean;
  /** Record send → rendered-frame latency of one asset. */
  latency?: boolean;
}

const EPOCH = 'bench';
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface PriceData {
  assetId: string; price: number; open24h: number; high24h: number; low24h: number; volume24h: number;
  change24h: number; changePercent24h: number; marketCap: number; ts: number;
}

/** The feed: per-asset sequence numbers and prices; `frame()` writes the next price_update. */
class Feed {
  readonly seq = new Map<string, number>();
  readonly last = new Map<string, PriceData>();
  sent = 0;
  #cursor = 0;
  #rng = 12345;
  constructor(readonly assets: string[]) {
    for (const id of assets) {
      this.seq.set(id, 0);
      this.last.set(id, this.#price(id, 100 + (this.#random() * 100)));
    }
  }
  #random() {
    this.#rng = (this.#rng * 1103515245 + 12345) & 0x7fffffff;
    return this.#rng / 0x7fffffff;
  }
  #price(assetId: string, price: number): PriceData {
    const open = 150;
    return {
      assetId, price, open24h: open, high24h: 250, low24h: 90, volume24h: 123456789.5, change24h: price - open,
      changePercent24h: ((price - open) / open) * 100, marketCap: price * 19_000_000, ts: Date.now(),
    };
  }
  next(): { assetId: string; text: string } {
    const assetId = this.assets[this.#cursor++ % this.assets.length]!;
    const seq = this.seq.get(assetId)! + 1;
    this.seq.set(assetId, seq);
    const prev = this.last.get(assetId)!;
    const price = Math.round(Math.max(1, prev.price * (1 + (this.#random() - 0.5) * 0.002)) * 100) / 100;
    const data = this.#price(assetId, price);
    this.last.set(assetId, data);
    this.sent++;
    return {
      assetId,
      text: JSON.stringify({ type: 'price_update', channel: 'price_updates', stream: `price_updates:${assetId}`, epoch: EPOCH, seq, ts: data.ts, data }),
    };
  }
}

/** Sends `rate` frames a second from a 4 ms timer, catching up at most 50 ms per tick, so an overloaded page sends less. */
function pump(feed: Feed, rate: number, deliver: (text: string, assetId: string) => void): () => void {
  const start = performance.now();
  let due = 0;
  const timer = setInterval(() => {
    const target = Math.floor(((performance.now() - start) * rate) / 1000);
    const cap = Math.max(1, Math.ceil(rate * 0.05));
    let n = Math.min(target - due, cap);
    due = Math.max(due + n, target - cap);
    while (n-- > 0) {
      const { text, assetId } = feed.next();
      deliver(text, assetId);
    }
  }, 4);
  return () => clearInterval(timer);
}

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
function mountLibrary(lib: Lib, config: RunConfig, groups: string[][], feed: Feed) {
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
  const client = new lib.WebSocketClient({ url: 'ws://bench.local/ws', WebSocket: FeedSocket, api, lifecycle: null });
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
  const priceText = (id: string) => {
    for (const ticker of document.querySelectorAll('crypto-ticker')) {
      const cell = ticker.shadowRoot?.querySelector(`[data-asset="${id}"] [part~="price"]`);
      if (cell) return cell.textContent?.trim() ?? '';
    }
    return '';
  };
  return { deliver, priceText };
}

// ── Measuring ───────────────────────────────────────────────────────────────
function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function install(lib: Lib) {
  let state: {
    feed: Feed; stop: () => void; view: { priceText(id: string): string }; frames: number[]; measuring: boolean;
    sentAtStart: number; windowStart: number; latencies: number[]; watch: string;
  } | null = null;

  (window as unknown as { bench: unknown }).bench = {
    /** Mounts the views and starts the feed once they are ready (the library's tickers show data). */
    async start(config: RunConfig) {
      const assets = Array.from({ length: config.tickers * config.perTicker }, (_, i) => `A${i}`);
      const groups = Array.from({ length: config.tickers }, (_, t) => assets.slice(t * config.perTicker, (t + 1) * config.perTicker));
      const feed = new Feed(assets);
      const view = config.impl === 'lib' ? mountLibrary(lib, config, groups, feed) : mountBaseline(config, groups);
      const watch = assets[0]!;
      // Wait until every row shows its first price.
      const t0 = performance.now();
      if (config.impl !== 'lib') for (const id of assets) view.deliver(feed.next().text, id);
      while (assets.some((id) => !view.priceText(id).startsWith('$'))) {
        if (performance.now() - t0 > 20_000) throw new Error('the view never showed prices');
        await new Promise((r) => setTimeout(r, 50));
      }
      const sentAt = new Map<string, number>();
      const s = (state = { feed, stop: () => {}, view, frames: [], measuring: false, sentAtStart: 0, windowStart: 0, latencies: [], watch });
      s.stop = pump(feed, config.rate, (text, assetId) => {
        if (config.latency && assetId === watch) sentAt.set(money.format(feed.last.get(watch)!.price), performance.now());
        view.deliver(text, assetId);
      });
      let shown = view.priceText(watch);
      const channel = new MessageChannel();
      let frameTime = 0;
      // After a frame renders (the next task), see whether the watched price changed in it.
      channel.port1.onmessage = () => {
        if (!config.latency || !s.measuring) return;
        const now = view.priceText(watch);
        if (now !== shown) {
          shown = now;
          const at = sentAt.get(now);
          if (at !== undefined) s.latencies.push(frameTime - at);
          sentAt.clear();
        }
      };
      let last = 0;
      const tick = (t: number) => {
        if (s.measuring && last) s.frames.push(t - last);
        last = t;
        frameTime = t;
        channel.port2.postMessage(0);
        if (state === s) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    beginWindow() {
      const s = state!;
      s.frames.length = 0;
      s.latencies.length = 0;
      s.measuring = true;
      s.sentAtStart = s.feed.sent;
      s.windowStart = performance.now();
    },
    /** Ends the window, stops the feed, lets the view settle, and checks every row against the last price sent. */
    async finish() {
      const s = state!;
      s.measuring = false;
      const seconds = (performance.now() - s.windowStart) / 1000;
      const sent = s.feed.sent - s.sentAtStart;
      s.stop();
      await new Promise((r) => setTimeout(r, 1500));
      let wrong = 0;
      for (const [id, data] of s.feed.last) if (s.view.priceText(id) !== money.format(data.price)) wrong++;
      const frames = s.frames;
      state = null;
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
        heapMB: ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6,
        domNodes: document.getElementsByTagName('*').length,
      };
    },
  };
}
