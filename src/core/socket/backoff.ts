import type { RandomSource } from './seams.js';

/** Bounds for {@link backoffDelay}. */
export interface BackoffOptions {
  /** Smallest ceiling, in ms (the first retry's window). Default 1000. */
  minMs?: number;
  /** Largest ceiling, in ms. Default 30000. */
  maxMs?: number;
}

/** Past this exponent `2 ** n` already dwarfs any sane `maxMs`; capping it keeps the maths finite. */
const MAX_EXPONENT = 30;

/**
 * Full-jitter exponential backoff: a uniform draw in `[0, min(max, min * 2^attempt)]`.
 *
 * The draw stays uniform even once the ceiling reaches `maxMs`, so a crowd of clients dropped by
 * the same server restart spreads out instead of retrying in lockstep at the cap. `attempt` is
 * clamped, so huge, negative or non-finite counters still give a finite delay.
 */
export function backoffDelay(attempt: number, random: RandomSource, options: BackoffOptions = {}): number {
  const minMs = Math.max(0, options.minMs ?? 1000);
  const maxMs = Math.max(minMs, options.maxMs ?? 30_000);
  const n = Number.isFinite(attempt) ? Math.min(Math.max(0, Math.floor(attempt)), MAX_EXPONENT) : MAX_EXPONENT;
  const ceiling = Math.min(maxMs, minMs * 2 ** n);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return Math.round(unit * ceiling);
}

/** A uniform draw in `[base * (1 - spread), base * (1 + spread)]`, for periodic work that must not align. */
export function jittered(baseMs: number, random: RandomSource, spread = 0.2): number {
  return Math.max(0, Math.round(baseMs * (1 - spread + 2 * spread * random())));
}
