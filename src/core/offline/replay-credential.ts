import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The bearer token the service worker's Background Sync replays a user's queued edits with, when
 * no page is open to lend its own. The page hands it over (writes it here) only while an edit of
 * that user waits, and it never outlives the token: it is dropped when it expires, when the feed
 * answers 401 to it, when the queue empties, and when the page signs out or in as someone else.
 * See docs/OFFLINE.md ("Auth") for why a token and not a grant of the feed's own.
 */
export interface ReplayCredential {
  token: string;
  /** The token's subject (`sub`): whose edits it may replay. */
  userId: string | undefined;
  /** When it stops being usable (ms since the epoch): the token's `exp`, or an hour when it has none. */
  expiresAt: number;
}

/** What the inspect API shows: never the token itself. */
export type ReplayCredentialSummary = Omit<ReplayCredential, 'token'>;

interface CredentialSchema extends DBSchema {
  credential: { key: string; value: ReplayCredential };
}

export const REPLAY_CREDENTIAL_DB = 'crw-replay-credential';
const KEY = 'current';
/** A token without `exp` is kept at most this long. */
const NO_EXPIRY_MS = 3600_000;
/** A token this close to its expiry is not worth sending: it would be refused on the way. */
const MARGIN_MS = 5_000;

let opened: Promise<IDBPDatabase<CredentialSchema>> | undefined;
function db(): Promise<IDBPDatabase<CredentialSchema>> {
  return (opened ??= openDB<CredentialSchema>(REPLAY_CREDENTIAL_DB, 1, {
    upgrade(d) {
      d.createObjectStore('credential');
    },
  }));
}

/**
 * The `sub` and `exp` of a JWT, read without checking its signature: only to know whose edits a
 * token is for and when to stop using it. The feed verifies every token it is sent.
 */
export function tokenClaims(token: string | undefined): { userId: string | undefined; expiresAt: number | undefined } {
  const payload = token?.split('.')[1];
  if (!payload) return { userId: undefined, expiresAt: undefined };
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (payload.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { sub?: unknown; exp?: unknown };
    return {
      userId: typeof claims.sub === 'string' ? claims.sub : undefined,
      expiresAt: typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined,
    };
  } catch {
    return { userId: undefined, expiresAt: undefined };
  }
}

/** Stores `token` for the worker's replays (replacing any other); an expired one is not stored. */
export async function rememberReplayCredential(token: string, now = Date.now()): Promise<void> {
  const { userId, expiresAt } = tokenClaims(token);
  const until = expiresAt ?? now + NO_EXPIRY_MS;
  if (until - MARGIN_MS <= now) return forgetReplayCredential();
  await (await db()).put('credential', { token, userId, expiresAt: until }, KEY);
}

/** Deletes the stored credential; with `token`, only if it is still that one (not a fresher one handed over since). */
export async function forgetReplayCredential(token?: string): Promise<void> {
  const tx = (await db()).transaction('credential', 'readwrite');
  if (token === undefined || (await tx.store.get(KEY))?.token === token) await tx.store.delete(KEY);
  await tx.done;
}

/** The stored credential while it is usable; an expired one is deleted and never returned. */
export async function replayCredential(now = Date.now()): Promise<ReplayCredential | undefined> {
  const stored = await (await db()).get('credential', KEY);
  if (!stored) return undefined;
  if (stored.expiresAt - MARGIN_MS <= now) {
    await forgetReplayCredential();
    return undefined;
  }
  return stored;
}

export async function describeReplayCredential(): Promise<ReplayCredentialSummary | null> {
  const stored = await replayCredential();
  return stored ? { userId: stored.userId, expiresAt: stored.expiresAt } : null;
}
