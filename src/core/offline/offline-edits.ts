import type { QueryClient } from '@tanstack/query-core';
import { QUERY_ROOT } from '../query/index.js';
import {
  dismissFailure,
  EDIT_QUEUE_CHANNEL,
  EDIT_SYNC_TAG,
  listEdits,
  listFailures,
  replayEdits,
  type EditFailure,
  type QueuedEdit,
  type ReplayReport,
} from './edit-queue.js';
import { forgetReplayCredential, rememberReplayCredential, tokenClaims } from './replay-credential.js';

export interface OfflineEditsState {
  /** Edits waiting to be sent, oldest first. */
  pending: QueuedEdit[];
  /** Edits the server refused on replay, not yet dismissed. */
  failures: EditFailure[];
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/** Tells who is signed in changed (a `TokenSource`). */
export interface SignInChanges {
  subscribe(listener: () => void): () => void;
}

/** Edits the feed takes only with the user's token (an ack from a notification carries a grant of its own). */
const needsToken = (edit: QueuedEdit) => !/\/api\/push\/ack$/.test(edit.url);

/**
 * The page's view of the offline edit queue: what waits, what failed, and when to replay. It asks
 * for Background Sync when the browser has it (the worker then replays, even with the tab
 * closed) and otherwise replays on `online` and at load. After any replay the library's queries
 * are refetched, which also undoes the optimistic change of a refused edit. Fires `change`.
 */
export class OfflineEdits extends EventTarget {
  #state: OfflineEditsState = { pending: [], failures: [] };
  #clients = new Set<QueryClient>();
  #started = false;
  #replaying: Promise<ReplayReport | null> | null = null;
  /** Where page replays get the signed-in user's token (the latest attached feed's). */
  #token: (() => Promise<string | undefined>) | undefined;
  /** The user of the last token seen, for edits made while a fresh token cannot be fetched (offline). */
  #lastUser: string | undefined;

  get state(): Readonly<OfflineEditsState> {
    return this.#state;
  }

  /**
   * Starts listening (idempotent) and refetches `client`'s data after each replay. `token` gives
   * the bearer token replayed edits are sent with, since the feed takes writes only from a user.
   */
  attach(client: QueryClient, token?: () => Promise<string | undefined>, signIn?: SignInChanges): () => void {
    this.#clients.add(client);
    if (token) this.#token = token;
    // Signing out, or in as someone else: the worker must not keep the previous user's token.
    const stopFollowing = signIn?.subscribe(() => {
      this.#lastUser = undefined;
      void forgetReplayCredential().then(() => this.#handOver()).catch(() => {});
    });
    this.#start();
    return () => {
      stopFollowing?.();
      this.#clients.delete(client);
      if (this.#token === token) this.#token = undefined;
    };
  }

  /**
   * The signed-in user's id (the token's `sub`), which a queued edit is kept with so that only
   * that user's token replays it. Offline, when no fresh token can be had, the last one seen.
   */
  async currentUser(): Promise<string | undefined> {
    if (!this.#token) return undefined;
    try {
      const user = tokenClaims(await this.#token()).userId;
      this.#lastUser = user;
      return user;
    } catch {
      return this.#lastUser;
    }
  }

  /** Reads the queue again from IndexedDB. */
  async refresh(): Promise<void> {
    const [pending, failures] = await Promise.all([listEdits(), listFailures()]);
    this.#state = { pending, failures };
    this.dispatchEvent(new Event('change'));
    await this.#handOver();
  }

  /** An edit was queued: ask for a sync, and show it. */
  async queued(): Promise<void> {
    await this.refresh();
    await this.#requestSync();
  }

  /** Sends the queue now (when online). */
  replay(): Promise<ReplayReport | null> {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return Promise.resolve(null);
    this.#replaying ??= replayEdits({ token: () => this.#token?.() ?? Promise.resolve(undefined) })
      .then(async (report) => {
        await this.#afterReplay(report);
        return report;
      })
      .catch((err: unknown) => {
        console.warn('[crypto-risk-widgets] replaying offline edits failed:', err);
        return null;
      })
      .finally(() => (this.#replaying = null));
    return this.#replaying;
  }

  async dismiss(idempotencyKey: string): Promise<void> {
    await dismissFailure(idempotencyKey);
    await this.refresh();
  }

  #start(): void {
    if (this.#started || typeof window === 'undefined' || typeof indexedDB === 'undefined') return;
    this.#started = true;
    if (typeof BroadcastChannel !== 'undefined') {
      // The worker (Background Sync) or another tab changed the queue.
      new BroadcastChannel(EDIT_QUEUE_CHANNEL).onmessage = (event: MessageEvent<{ report?: ReplayReport }>) => {
        void (event.data.report ? this.#afterReplay(event.data.report) : this.refresh());
      };
    }
    window.addEventListener('online', () => void this.replay());
    // The page may be closing: leave the worker the freshest token for the edits that wait.
    window.addEventListener('pagehide', () => void this.#handOver());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void this.#handOver();
    });
    void this.refresh().then(() => (this.#state.pending.length ? this.replay() : null));
  }

  /**
   * Lends the worker this page's token while an edit that needs it waits, so Background Sync can
   * replay it with no page open; forgets it once nothing waits. A token of another user than the
   * waiting edits' is not handed over.
   */
  async #handOver(): Promise<void> {
    try {
      const waiting = this.#state.pending.filter(needsToken);
      if (!waiting.length) {
        await forgetReplayCredential();
        return;
      }
      if (!this.#token) return;
      // Offline, a token that cannot be refreshed leaves the one handed over before in place.
      const token = await this.#token().catch(() => null);
      if (token === null) return;
      const user = tokenClaims(token).userId;
      if (token && waiting.some((edit) => edit.userId === undefined || edit.userId === user)) await rememberReplayCredential(token);
      else await forgetReplayCredential();
    } catch (err) {
      console.warn('[crypto-risk-widgets] could not hand the offline worker its token:', err);
    }
  }

  async #requestSync(): Promise<void> {
    try {
      const registration = (await navigator.serviceWorker?.getRegistration()) as (ServiceWorkerRegistration & SyncRegistration) | undefined;
      if (registration?.sync && registration.active) {
        await registration.sync.register(EDIT_SYNC_TAG);
        return;
      }
    } catch {
      // No Background Sync (or not allowed): the `online` listener replays instead.
    }
  }

  async #afterReplay(report: ReplayReport): Promise<void> {
    await this.refresh();
    if (report.applied || report.failed.length) {
      for (const client of this.#clients) await client.invalidateQueries({ queryKey: [QUERY_ROOT] });
    }
  }
}

let shared: OfflineEdits | undefined;

/** The page's one offline-edit controller. */
export function offlineEdits(): OfflineEdits {
  return (shared ??= new OfflineEdits());
}
