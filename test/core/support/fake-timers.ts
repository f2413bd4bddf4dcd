import type { Clock, Timers } from '../../../src/core/socket/index.js';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * Virtual time for deterministic tests: a clock and timers that only move when told to.
 * `advance` fires due timers in order (including ones scheduled while advancing);
 * `jump` moves the wall clock without firing anything, like a laptop waking from sleep.
 */
export class FakeTime implements Clock, Timers {
  #now: number;
  #nextId = 1;
  #pending: Pending[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout = (callback: () => void, ms: number): number => {
    const id = this.#nextId++;
    this.#pending.push({ id, at: this.#now + Math.max(0, ms), callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#pending = this.#pending.filter((p) => p.id !== handle);
  };

  /** Timers waiting. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Delays (from now) of the waiting timers, soonest first. */
  pendingDelays(): number[] {
    return this.#pending.map((p) => p.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((p) => p !== due);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = end;
  }

  /** Fires the next timer, whenever it is due; returns false when none is waiting. */
  next(): boolean {
    const due = [...this.#pending].sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (!due) return false;
    this.advance(Math.max(0, due.at - this.#now));
    return true;
  }

  /** Moves the wall clock only: timers do not fire (they "slept"). */
  jump(ms: number): void {
    this.#now += ms;
    for (const p of this.#pending) p.at += ms;
  }
}

/** A seeded pseudo-random source (mulberry32), so "random" runs repeat exactly. */
export function seededRandom(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lets pending promise callbacks run. */
export async function flushMicrotasks(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
