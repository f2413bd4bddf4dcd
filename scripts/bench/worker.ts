// The bench's socket Worker: the library's Worker side (serveSockets), with a socket whose "server"
// is the bench feed running inside the Worker, so the page's main thread does none of the feed's
// work, as with a real server. Bundled by scripts/bench-browser.ts; `serveSockets` is injected.
import { EPOCH, Feed, pump } from './feed.js';

type Serve = (scope: unknown, WebSocketImpl: unknown) => void;
const scope = globalThis as unknown as { postMessage(m: unknown): void; addEventListener(t: 'message', l: (e: { data: { type: string } }) => void): void };

let feed: Feed | null = null;
let rate = 0;
let socket: BenchSocket | null = null;
let stop = () => {};

class BenchSocket {
  readyState = 0;
  binaryType = 'arraybuffer';
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  constructor(url: string) {
    const params = new URL(url).searchParams;
    rate = Number(params.get('rate'));
    feed = new Feed(Array.from({ length: Number(params.get('assets')) }, (_, i) => `A${i}`));
    socket = this;
    setTimeout(() => {
      this.readyState = 1;
      this.onopen?.({});
      this.onmessage?.({ data: JSON.stringify({ type: 'welcome', sessionId: 'bench', heartbeatMs: 15000, serverTime: Date.now(), protocolVersion: 1, maxFrameBytes: 65536 }) });
    });
  }
  send(text: string) {
    const message = JSON.parse(text);
    if (message.type !== 'subscribe' || !feed) return;
    const ids: string[] = message.params?.assetIds ?? feed.assets;
    const positions = Object.fromEntries(ids.map((id) => [`price_updates:${id}`, { epoch: EPOCH, seq: feed!.seq.get(id) ?? 0 }]));
    setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'subscribed', channel: message.channel, params: message.params, positions }) }));
  }
  close() {
    stop();
  }
}

export function run(serveSockets: Serve): void {
  scope.addEventListener('message', ({ data }) => {
    if (data.type === 'bench-start' && feed && socket) {
      const target = socket;
      stop = pump(feed, rate, (text) => target.onmessage?.({ data: text }));
    } else if (data.type === 'bench-sent') {
      scope.postMessage({ type: 'bench-sent', sent: feed?.sent ?? 0 });
    } else if (data.type === 'bench-stop') {
      stop();
      scope.postMessage({ type: 'bench-final', sent: feed?.sent ?? 0, last: feed ? [...feed.last].map(([id, p]) => [id, p.price]) : [] });
    }
  });
  serveSockets(scope, BenchSocket);
}
