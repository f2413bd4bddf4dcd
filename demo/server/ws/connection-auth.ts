import type { AuthMessage, ErrorMessage, ServerMessage } from '../../../src/core/protocol/index.js';
import { TokenError } from '../auth/tokens.js';
import type { FeedContext } from '../context.js';
import type { ClientConnection } from './client-connection.js';

/** Channels whose data belongs to the signed-in user. */
const USER_CHANNELS = new Set(['portfolio_updates', 'risk_metrics_updates', 'alerts']);

/** setTimeout's ceiling; a token living longer than this is simply not timed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ConnectionAuthHooks {
  /** Ends one subscription of the client (registry and bookkeeping). */
  dropSubscription(client: ClientConnection, key: string): void;
  error(client: ClientConnection, error: Omit<ErrorMessage, 'type'>): void;
}

/**
 * The `auth` frame: checks the token, signs the connection in (or renews its token for the same
 * user, keeping every subscription), and follows the token's expiry: `auth_expired` at `exp`, and
 * after the grace period the user's subscriptions end with a `token_expired` error.
 */
export class ConnectionAuth {
  constructor(
    private readonly ctx: FeedContext,
    private readonly graceMs: number,
    private readonly hooks: ConnectionAuthHooks,
  ) {}

  async authenticate(client: ClientConnection, message: AuthMessage): Promise<void> {
    let principal;
    try {
      principal = await this.ctx.tokens.verify(message.token);
    } catch (err) {
      if (client.closed) return;
      if (!(err instanceof TokenError)) throw err;
      return this.hooks.error(client, { code: err.reason === 'expired' ? 'token_expired' : 'unauthorized', message: err.message });
    }
    if (client.closed) return;
    if (client.user !== undefined && client.user !== principal.userId) {
      return this.hooks.error(client, {
        code: 'forbidden',
        message: 'this connection is signed in as another user; open a new connection to switch users',
      });
    }
    client.user = principal.userId;
    // The token is valid whether or not the store is reachable: recording the user is best effort
    // (it is known to this node at once either way).
    await this.ctx.users.touch(principal.userId, this.ctx.now()).catch(() => undefined);
    if (client.closed) return;
    this.#follow(client, principal.expiresAt);
    client.sendMessage({ type: 'authenticated', userId: principal.userId, expiresAt: principal.expiresAt ?? null } satisfies ServerMessage);
  }

  /** Stops following the client's token (it closed). */
  forget(client: ClientConnection): void {
    clearTimeout(client.authTimer);
    client.authTimer = undefined;
  }

  #follow(client: ClientConnection, expiresAt: number | undefined): void {
    clearTimeout(client.authTimer);
    client.authTimer = undefined;
    if (expiresAt === undefined) return;
    const delay = Math.max(0, expiresAt - this.ctx.now());
    if (delay > MAX_TIMER_MS) return;
    client.authTimer = setTimeout(() => {
      if (client.closed) return;
      client.sendMessage({ type: 'auth_expired', graceMs: this.graceMs });
      client.authTimer = setTimeout(() => this.#signOut(client), this.graceMs);
      client.authTimer.unref?.();
    }, delay);
    client.authTimer.unref?.();
  }

  #signOut(client: ClientConnection): void {
    client.authTimer = undefined;
    if (client.closed || client.user === undefined) return;
    client.user = undefined;
    for (const [key, sub] of [...client.subscriptions]) {
      if (!USER_CHANNELS.has(sub.channel)) continue;
      this.hooks.dropSubscription(client, key);
      this.hooks.error(client, {
        code: 'token_expired',
        message: 'the token expired and no fresh one came; send an "auth" frame and subscribe again',
        channel: sub.channel,
      });
    }
  }
}
