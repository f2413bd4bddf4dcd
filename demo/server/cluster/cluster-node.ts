import type { Price } from '../../../src/core/protocol/index.js';
import type { MarketSimulator } from '../market/simulator.js';
import type { Stream, StreamMessage, StreamRegistry } from '../streams/stream-registry.js';
import { LeaderLease } from './leader-lease.js';
import { RedisStreams } from './redis-streams.js';
import { SharedPriceHistory } from './shared-history.js';

export interface ClusterNodeOptions {
  url: string;
  /** Messages kept per stream in Redis. */
  maxLen: number;
  /** Oldest message kept and replayed, ms. */
  maxAgeMs: number;
  /** Bytes of frames one replay may span (`--replay-bytes`, as in-memory buffers hold). */
  maxReplayBytes?: number;
  now: () => number;
  /** Lease time to live, ms (default 3000); a dead leader is replaced within this plus `leaseIntervalMs`. */
  leaseTtlMs?: number;
  leaseIntervalMs?: number;
}

const LEASE_KEY = 'crw:leader';

/** What only the leader runs: the market, the portfolio checks and the risk engine. */
export interface LeaderDuties {
  /** The node has just become leader. */
  lead(): void;
  /** The node is no longer leader (or is stopping). */
  standDown(): void;
}

/**
 * A feed server as a node of a cluster on one Redis: its streams live in Redis Streams, and a
 * lease decides which node runs the market simulator and the risk engine.
 */
export class ClusterNode {
  readonly streams: RedisStreams;
  readonly lease: LeaderLease;
  #duties: LeaderDuties | undefined;
  /** The price history, kept once for the cluster (set by `start`). */
  history: SharedPriceHistory | undefined;
  #simulator: MarketSimulator | undefined;
  /** Times this node became leader. */
  elections = 0;

  private constructor(
    readonly epoch: string,
    streams: RedisStreams,
    options: ClusterNodeOptions,
  ) {
    this.streams = streams;
    this.lease = new LeaderLease(streams.cmd, {
      key: LEASE_KEY,
      ttlMs: options.leaseTtlMs,
      intervalMs: options.leaseIntervalMs,
      now: options.now,
      onElected: () => {
        this.elections += 1;
        this.#duties?.lead();
      },
      onDemoted: () => this.#duties?.standDown(),
    });
  }

  /** Connects to Redis; fails with a clear message when it cannot be reached. */
  static async connect(options: ClusterNodeOptions): Promise<ClusterNode> {
    const streams = new RedisStreams({
      url: options.url,
      maxLen: options.maxLen,
      maxAgeMs: options.maxAgeMs,
      maxReplayBytes: options.maxReplayBytes,
      now: options.now,
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`could not reach Redis at ${options.url} within 5 s`)), 5000).unref(),
    );
    try {
      const epoch = await Promise.race([streams.connect(), timeout]);
      return new ClusterNode(epoch, streams, options);
    } catch (err) {
      await streams.close().catch(() => {});
      throw err;
    }
  }

  get isLeader(): boolean {
    return this.lease.isLeader;
  }

  /**
   * Starts the node: follows the price streams (every node mirrors the market), delivers into
   * `registry`, and competes for the lease. `onEpochChange` runs when Redis lost its data.
   */
  async start(deps: {
    registry: StreamRegistry;
    simulator: MarketSimulator;
    /** When this node started: the market clock's origin if it is the cluster's first. */
    startedAt: number;
    priceStreams: readonly Stream[];
    duties: LeaderDuties;
    onEpochChange: (epoch: string) => void;
  }): Promise<void> {
    this.#duties = deps.duties;
    this.#simulator = deps.simulator;
    this.streams.attach(deps.registry, {
      fence: () => this.lease.fence(),
      onMessage: (stream, message) => this.#mirror(stream, message),
      onEpochChange: deps.onEpochChange,
    });
    await Promise.all(deps.priceStreams.map((s) => this.streams.pin(s)));
    this.history = new SharedPriceHistory(this.streams.cmd, deps.simulator.history, () => this.lease.fence(), LEASE_KEY);
    await this.history.init(deps.startedAt);
    this.lease.start();
  }

  async close(): Promise<void> {
    this.history?.stop();
    await this.lease.stop();
    await this.streams.close();
  }

  /** A follower keeps its market at the leader's prices, so it can take over where the leader stopped. */
  #mirror(stream: Stream, message: StreamMessage): void {
    if (stream.channel !== 'price_updates' || this.lease.isLeader || !this.#simulator) return;
    const price = (JSON.parse(message.frame.toString()) as { data: Price }).data;
    this.#simulator.adoptPrice(price.assetId, price.price, price);
  }
}
