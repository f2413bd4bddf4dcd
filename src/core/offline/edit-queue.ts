import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { tokenClaims } from './replay-credential.js';

/**
 * The offline edit queue in IndexedDB, shared by the page and the service worker: edits made
 * without a network, each with its own Idempotency-Key, replayed in order. Uses no DOM, so the
 * worker replays it on Background Sync and the page on `online` or its next load.
 */

export type EditKind = 'createPortfolio' | 'updatePortfolio' | 'deletePortfolio' | 'acknowledgeAlert' | 'addToWatchlist' | 'removeFromWatchlist';

export interface QueuedEdit {
  /** Order of arrival (IndexedDB key). */
  seq?: number;
  kind: EditKind;
  /** What the person did, in their words: "Rename portfolio “Balanced” to “Growth”". */
  label: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** JSON text. */
  body?: string;
  idempotencyKey: string;
  createdAt: number;
  /** For a create: the placeholder id shown until the server gives the real one. */
  pendingId?: string;
  /**
   * Who made the edit (the signed-in user's id, the token's `sub`): it is replayed only with that
   * user's token, so a browser shared by two people never applies one's edit to the other's data.
   * Absent when nobody was signed in (or for an ack, which carries its own grant).
   */
  userId?: string;
}

/** An edit the server refused on replay; it was taken off the queue and its change undone. */
export interface EditFailure {
  idempotencyKey: string;
  label: string;
  status: number;
  message: string;
  at: number;
}

export interface ReplayReport {
  applied: number;
  failed: EditFailure[];
  /** Edits still queued (the network or the server was not available). */
  remaining: number;
  /**
   * Why the replay stopped with edits left: `network` (still offline), `server` (5xx, 429),
   * `sign-in` (the feed wants a valid token of the edit's user, which this replay did not have).
   */
  stoppedBy?: 'network' | 'server' | 'sign-in';
}

export interface ReplayOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** The bearer token to send the edits with; an edit of another user than the token's waits. */
  token?: () => Promise<string | undefined>;
  /** Called when the feed answered 401 to the token given (expired, revoked): it is no good any more. */
  onUnauthorized?: (token: string | undefined) => void | Promise<void>;
}

interface QueueSchema extends DBSchema {
  edits: { key: number; value: QueuedEdit };
  failures: { key: string; value: EditFailure };
}

export const EDIT_QUEUE_DB = 'crw-offline-edits';
/** BroadcastChannel on which every change of the queue is announced, to pages and the worker. */
export const EDIT_QUEUE_CHANNEL = 'crw-offline-edits';
/** Background Sync tag. */
export const EDIT_SYNC_TAG = 'crw-offline-edits';
/** Answers that mean "this edit can never apply": the change is undone and the person told. */
const REFUSED = new Set([400, 403, 404, 409, 410, 422]);

let opened: Promise<IDBPDatabase<QueueSchema>> | undefined;
function db(): Promise<IDBPDatabase<QueueSchema>> {
  return (opened ??= openDB<QueueSchema>(EDIT_QUEUE_DB, 1, {
    upgrade(d) {
      d.createObjectStore('edits', { keyPath: 'seq', autoIncrement: true });
      d.createObjectStore('failures', { keyPath: 'idempotencyKey' });
    },
  }));
}

function announce(message: { type: 'changed'; report?: ReplayReport }): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(EDIT_QUEUE_CHANNEL);
  channel.postMessage(message);
  channel.close();
}

export async function enqueueEdit(edit: Omit<QueuedEdit, 'seq'>): Promise<QueuedEdit> {
  const seq = await (await db()).add('edits', edit as QueuedEdit);
  announce({ type: 'changed' });
  return { ...edit, seq };
}

export async function listEdits(): Promise<QueuedEdit[]> {
  return (await db()).getAll('edits');
}

export async function listFailures(): Promise<EditFailure[]> {
  return (await db()).getAll('failures');
}

export async function dismissFailure(idempotencyKey: string): Promise<void> {
  await (await db()).delete('failures', idempotencyKey);
  announce({ type: 'changed' });
}

async function refusal(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: fall back to the status.
  }
  return response.status === 404 ? 'it no longer exists' : `the server answered HTTP ${response.status}`;
}

/** The create's real id replaces its placeholder in every later edit. */
async function adoptRealId(pendingId: string, realId: string): Promise<void> {
  const tx = (await db()).transaction('edits', 'readwrite');
  for (const edit of await tx.store.getAll()) {
    const url = edit.url.split(`/${encodeURIComponent(pendingId)}`).join(`/${encodeURIComponent(realId)}`);
    if (url !== edit.url) await tx.store.put({ ...edit, url });
  }
  await tx.done;
}

async function replayUnlocked(fetchFn: typeof fetch, now: () => number, token: () => Promise<string | undefined>, onUnauthorized: ReplayOptions['onUnauthorized']): Promise<ReplayReport> {
  const report: ReplayReport = { applied: 0, failed: [], remaining: 0 };
  for (;;) {
    const cursor = await (await db()).transaction('edits').store.openCursor();
    const edit = cursor?.value;
    if (!edit) break;
    const bearer = await token().catch(() => undefined);
    if (edit.userId !== undefined && bearer !== undefined && tokenClaims(bearer).userId !== edit.userId) {
      // Someone else is signed in now: this edit waits for its own user, and so does every later one.
      report.stoppedBy = 'sign-in';
      break;
    }
    let response: Response;
    try {
      // The feed takes writes only as JSON (no simple cross-site request can write), body or not.
      const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': edit.idempotencyKey };
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      response = await fetchFn(edit.url, { method: edit.method, headers, body: edit.body, credentials: 'same-origin' });
    } catch {
      report.stoppedBy = 'network';
      break; // Still offline: keep this edit and every later one, in order.
    }
    if (response.ok) {
      if (edit.kind === 'createPortfolio' && edit.pendingId) {
        const created = (await response.json().catch(() => null)) as { id?: string } | null;
        if (created?.id) await adoptRealId(edit.pendingId, created.id);
      }
      await (await db()).delete('edits', edit.seq!);
      report.applied += 1;
      continue;
    }
    if (REFUSED.has(response.status)) {
      const failure: EditFailure = { idempotencyKey: edit.idempotencyKey, label: edit.label, status: response.status, message: await refusal(response), at: now() };
      const tx = (await db()).transaction(['edits', 'failures'], 'readwrite');
      await tx.objectStore('edits').delete(edit.seq!);
      await tx.objectStore('failures').put(failure);
      await tx.done;
      report.failed.push(failure);
      continue;
    }
    if (response.status === 401) {
      // No token, or one expired or revoked since it was handed over: never dropped, never sent
      // without one; the next signed-in page (or a fresher token) replays it, in order.
      report.stoppedBy = 'sign-in';
      await onUnauthorized?.(bearer);
      break;
    }
    // 5xx, 429…: a later replay will do better; keep the order.
    report.stoppedBy = 'server';
    break;
  }
  report.remaining = (await (await db()).count('edits'));
  return report;
}

/**
 * Sends the queued edits in order, each with its Idempotency-Key, so an edit sent twice (by the
 * page and the worker, or again after a lost answer) applies once. Refused edits move to the
 * failures list; a network error, a server error or a 401 stops the replay with the rest kept.
 * Page and worker never replay at the same time (a Web Lock).
 */
export async function replayEdits(options: ReplayOptions = {}): Promise<ReplayReport> {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = options.now ?? Date.now;
  const token = options.token ?? (() => Promise.resolve(undefined));
  const run = () => replayUnlocked(fetchFn, now, token, options.onUnauthorized);
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const report = locks ? await locks.request('crw-offline-edits-replay', run) : await run();
  if (report.applied || report.failed.length) announce({ type: 'changed', report });
  return report;
}
