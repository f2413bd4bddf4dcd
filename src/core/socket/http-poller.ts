import type { ApiClient } from '../api/index.js';
import type { AlertsResponse, DataMessage, PortfolioParams, Position, PriceParams } from '../protocol/index.js';
import { streamKey } from '../protocol/names.js';
import { TimerSlot, type Timers } from './seams.js';
import type { SubscriptionEntry } from './subscription-registry.js';

/** Everything the poller needs from the client, passed in so that it stays a small, testable piece. */
export interface HttpPollerDeps {
  api: ApiClient;
  timers: Timers;
  intervalMs: number;
  /** The subscriptions wanted right now. */
  desired: () => SubscriptionEntry[];
  /** The client's stored position of a stream (alerts resume from it; envelopes reuse it). */
  position: (stream: string) => Position | undefined;
  /** A synthesized data message for a price, portfolio or risk read. */
  deliver: (message: DataMessage) => void;
  /** An alerts page read after the stored position. */
  deliverAlerts: (page: AlertsResponse) => void;
  onError: (error: unknown, what: string) => void;
  onPoll?: () => void;
}

/**
 * Polls the REST endpoints of the desired subscriptions while the WebSocket is unavailable and
 * hands the results on as data messages, so the layers above cannot tell the difference except
 * through `DataMeta.transport`. A poll starts only after the previous one finished.
 */
export class HttpPoller {
  readonly #slot: TimerSlot;
  #run = 0;
  #controller: AbortController | null = null;

  constructor(private readonly deps: HttpPollerDeps) {
    this.#slot = new TimerSlot(deps.timers);
  }

  get running(): boolean {
    return this.#run > 0 && this.#controller !== null;
  }

  /** Polls now, then every interval. */
  start(): void {
    if (this.running) return;
    this.#controller = new AbortController();
    const run = ++this.#run;
    void this.#loop(run);
  }

  stop(): void {
    this.#run++;
    this.#slot.cancel();
    this.#controller?.abort();
    this.#controller = null;
  }

  async #loop(run: number): Promise<void> {
    const signal = this.#controller?.signal;
    await this.pollOnce(signal, () => run === this.#run);
    if (run !== this.#run) return;
    this.#slot.arm(this.deps.intervalMs, () => void this.#loop(run));
  }

  /** One round over every desired subscription. Results arriving after `stop()` are discarded. */
  async pollOnce(signal?: AbortSignal, current: () => boolean = () => true): Promise<void> {
    const { api } = this.deps;
    this.deps.onPoll?.();
    const entries = this.deps.desired();
    const tasks: Promise<void>[] = [];
    const guard = <T>(what: string, promise: Promise<T>, use: (value: T) => void) =>
      tasks.push(
        promise.then(
          (value) => {
            if (current()) use(value);
          },
          (error) => {
            if (current()) this.deps.onError(error, what);
          },
        ),
      );

    const priceEntries = entries.filter((e) => e.channel === 'price_updates');
    if (priceEntries.length) {
      const all = priceEntries.some((e) => !(e.params as PriceParams | undefined)?.assetIds);
      const ids = all ? undefined : [...new Set(priceEntries.flatMap((e) => (e.params as PriceParams).assetIds ?? []))].sort();
      guard('prices', api.getLivePrices(ids, { signal }), (prices) => {
        for (const price of prices) {
          const stream = streamKey('price_updates', price.assetId);
          this.deps.deliver({ type: 'price_update', channel: 'price_updates', ...this.#envelope(stream), ts: price.ts, data: price });
        }
      });
    }
    for (const entry of entries) {
      const portfolioId = (entry.params as PortfolioParams | undefined)?.portfolioId;
      if (entry.channel === 'portfolio_updates' && portfolioId) {
        const stream = streamKey('portfolio_updates', portfolioId);
        guard(`portfolio ${portfolioId}`, api.getPortfolioLiveData(portfolioId, { signal }), (data) =>
          this.deps.deliver({ type: 'portfolio_update', channel: 'portfolio_updates', ...this.#envelope(stream), ts: data.ts, data }),
        );
      } else if (entry.channel === 'risk_metrics_updates' && portfolioId) {
        const stream = streamKey('risk_metrics_updates', portfolioId);
        guard(`risk ${portfolioId}`, api.getRiskMetrics(portfolioId, { signal }), (data) =>
          this.deps.deliver({ type: 'risk_metrics_update', channel: 'risk_metrics_updates', ...this.#envelope(stream), ts: data.ts, data }),
        );
      } else if (entry.channel === 'alerts') {
        const from = this.deps.position('alerts');
        guard('alerts', api.getAlerts({ since: from?.seq, epoch: from?.epoch, limit: 1000 }, { signal }), (page) => this.deps.deliverAlerts(page));
      }
    }
    await Promise.all(tasks);
  }

  /** Polled messages keep the stream's stored position: they are snapshots, not stream entries. */
  #envelope(stream: string) {
    const at = this.deps.position(stream);
    return { stream, epoch: at?.epoch ?? 'rest', seq: at?.seq ?? 0 };
  }
}
