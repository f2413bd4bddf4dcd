import type { DataMessage } from '../protocol/index.js';
import type { DataMeta } from './client-types.js';
import { indexKeys, wildcardOf, type SubscriptionEntry } from './subscription-registry.js';

type Callback = (message: DataMessage, meta: DataMeta) => void;

/**
 * Hands each data message to the `onMessage` callbacks of the subscriptions that deliver its
 * stream, found by one map lookup (and one more for "all prices"), so a page with a hundred
 * subscriptions does not test a hundred of them against every frame.
 */
export class MessageRouter {
  readonly #routes = new Map<string, Set<Callback>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Routes the messages `entry` delivers to `callback`; returns the remover. */
  add(entry: Pick<SubscriptionEntry, 'channel' | 'params'>, callback: Callback): () => void {
    const keys = indexKeys(entry);
    // A wrapper per add, so the same function given twice is called twice and removed once each.
    const route: Callback = (message, meta) => callback(message, meta);
    for (const key of keys) {
      let set = this.#routes.get(key);
      if (!set) this.#routes.set(key, (set = new Set()));
      set.add(route);
    }
    return () => {
      for (const key of keys) {
        const set = this.#routes.get(key);
        set?.delete(route);
        if (set && !set.size) this.#routes.delete(key);
      }
    };
  }

  dispatch(message: DataMessage, meta: DataMeta): void {
    if (!this.#routes.size) return;
    this.#call(this.#routes.get(message.stream), message, meta);
    this.#call(this.#routes.get(wildcardOf(message.stream)), message, meta);
  }

  #call(routes: Set<Callback> | undefined, message: DataMessage, meta: DataMeta): void {
    if (!routes) return;
    for (const route of routes) {
      try {
        route(message, meta);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
