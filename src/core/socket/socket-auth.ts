import type { TokenSource } from '../api/index.js';
import type { AuthenticatedMessage, AuthExpiredMessage, ErrorMessage } from '../protocol/index.js';
import { TimerSlot, type Clock, type Timers } from './seams.js';
import { SocketError } from './socket-error.js';

export interface SocketAuthHost {
  /** Sends an `auth` frame on the live socket; false when there is none. */
  sendAuth(token: string): boolean;
  emitError(error: SocketError): void;
  log(message: string, details?: unknown): void;
}

/** How long before `exp` a fresh token is sent. */
const REFRESH_LEAD_MS = 60_000;

/**
 * Signs the socket in: after `welcome` the token goes out in an `auth` frame (never in the URL),
 * before anything else; a fresh one follows ahead of expiry, on `auth_expired` and whenever the
 * page sets a new token. Renewing keeps every subscription; the server checks frames in order, so
 * subscribes sent right behind the `auth` frame already see the user.
 */
export class SocketAuth {
  readonly #refresh: TimerSlot;
  readonly #stopListening: () => void;
  #live = false;
  #run = 0;

  constructor(
    private readonly source: TokenSource,
    private readonly host: SocketAuthHost,
    private readonly clock: Clock,
    timers: Timers,
  ) {
    this.#refresh = new TimerSlot(timers);
    this.#stopListening = source.subscribe(() => {
      if (this.#live) void this.#send(false);
    });
  }

  /**
   * On `welcome`: fetches the token and sends it, then `proceed()` (resubscribe, drain the queue).
   * Without a token the socket proceeds signed out; `isCurrent` guards against a socket replaced meanwhile.
   */
  onWelcome(isCurrent: () => boolean, proceed: () => void): void {
    this.#live = false;
    this.#refresh.cancel();
    if (!this.source.configured) {
      proceed();
      this.#live = true;
      return;
    }
    const run = ++this.#run;
    this.source.get().then(
      (token) => {
        if (run !== this.#run || !isCurrent()) return;
        if (token) this.host.sendAuth(token);
        this.#live = true;
        proceed();
      },
      (error: unknown) => {
        if (run !== this.#run || !isCurrent()) return;
        this.host.emitError(new SocketError('auth_failed', 'getToken() failed; continuing signed out', error));
        this.#live = true;
        proceed();
      },
    );
  }

  onAuthenticated(message: AuthenticatedMessage): void {
    this.host.log(`signed in as ${message.userId}`);
    if (message.expiresAt === null) return this.#refresh.cancel();
    const left = message.expiresAt - this.clock.now();
    // Renew a minute ahead, or halfway through a token that lives less than two minutes.
    this.#refresh.arm(Math.max(0, left > 2 * REFRESH_LEAD_MS ? left - REFRESH_LEAD_MS : left / 2), () => void this.#send(true));
  }

  onExpired(_message: AuthExpiredMessage): void {
    void this.#send(true);
  }

  /** A server error about the token itself (not about one channel). */
  onError(message: ErrorMessage): boolean {
    if (message.channel !== undefined) return false;
    if (message.code !== 'unauthorized' && message.code !== 'token_expired' && message.code !== 'forbidden') return false;
    this.host.emitError(new SocketError('auth_failed', `the server refused the token: ${message.message}`, undefined, { code: message.code }));
    return true;
  }

  connectionLost(): void {
    this.#live = false;
    this.#run++;
    this.#refresh.cancel();
  }

  dispose(): void {
    this.connectionLost();
    this.#stopListening();
  }

  async #send(fresh: boolean): Promise<void> {
    const run = this.#run;
    if (fresh) this.source.invalidate();
    try {
      const token = await this.source.get();
      if (run !== this.#run || !this.#live || !token) return;
      this.host.sendAuth(token);
    } catch (error) {
      if (run === this.#run) this.host.emitError(new SocketError('auth_failed', 'getToken() failed while renewing the token', error));
    }
  }
}
