import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { lastWord } from './shutdown.js';

export interface LeaderLeaseOptions {
  key: string;
  /** How long the lease lives without renewal, ms. Default 3000. */
  ttlMs?: number;
  /** How often the holder renews and the others try to take it, ms. Default 1000. */
  intervalMs?: number;
  onElected: () => void;
  onDemoted: () => void;
  now?: () => number;
}

const RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * One leader per cluster: a key in Redis holding the leader's token with a time to live. The
 * leader renews it every `intervalMs`; the others try SET NX as often. A leader that cannot renew
 * steps down before its lease can have expired, so two nodes never run the market at once; and
 * since fenced publishes check the token inside Redis, even a stalled former leader cannot write.
 * Worst case after a crash, another node leads within `ttlMs + intervalMs` (4 s by default).
 */
export class LeaderLease {
  readonly token = randomBytes(12).toString('base64url');
  #leader = false;
  #timer: NodeJS.Timeout | undefined;
  #lastRenewed = 0;
  #busy = false;
  readonly #ttlMs: number;
  readonly #intervalMs: number;
  readonly #now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: LeaderLeaseOptions,
  ) {
    this.#ttlMs = options.ttlMs ?? 3000;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  /** The token to fence writes with while leading. */
  fence(): string | undefined {
    return this.#leader ? this.token : undefined;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#round(), this.#intervalMs);
    void this.#round();
  }

  /** Stops competing; a leader gives the lease up at once so another node takes over without waiting for it to expire. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (!this.#leader) return;
    this.#demote();
    // Without Redis the lease simply runs out, and another node takes over when it does.
    await lastWord(this.redis, () => this.redis.eval(RELEASE_LUA, 1, this.options.key, this.token));
  }

  async #round(): Promise<void> {
    if (this.#busy) {
      this.#checkExpiry();
      return;
    }
    this.#busy = true;
    const started = this.#now();
    try {
      if (this.#leader) {
        const renewed = await this.redis.eval(RENEW_LUA, 1, this.options.key, this.token, String(this.#ttlMs));
        if (Number(renewed) === 1) this.#lastRenewed = started;
        else this.#demote();
      } else if (this.#timer) {
        const taken = await this.redis.set(this.options.key, this.token, 'PX', this.#ttlMs, 'NX');
        if (taken === 'OK' && this.#timer) {
          this.#lastRenewed = started;
          this.#leader = true;
          this.options.onElected();
        }
      }
    } catch {
      this.#checkExpiry();
    } finally {
      this.#busy = false;
    }
  }

  /** Without a renewal, step down with a margin before the lease could expire in Redis. */
  #checkExpiry(): void {
    if (this.#leader && this.#now() - this.#lastRenewed > this.#ttlMs - this.#intervalMs / 2) this.#demote();
  }

  #demote(): void {
    if (!this.#leader) return;
    this.#leader = false;
    this.options.onDemoted();
  }
}
