/** Returns the current bearer token, or nothing when signed out. May be async (refresh, fetch). */
export type TokenGetter = () => string | null | undefined | Promise<string | null | undefined>;

/**
 * Where the REST client and the socket get the bearer token: a fixed `token`, or an async
 * `getToken()` whose answer is kept until {@link TokenSource.invalidate} (after a 401, or when the
 * socket is told its token expired). Listeners hear about every change, so a live socket can
 * re-authenticate at once.
 */
export class TokenSource {
  #token: string | undefined;
  #getter: TokenGetter | undefined;
  #cached: string | undefined;
  #pending: Promise<string | undefined> | undefined;
  #generation = 0;
  /** The token last handed out, so listeners can still act for the user who is signing out. */
  #lastGiven: string | undefined;
  readonly #listeners = new Set<(previous: string | undefined) => void>();

  constructor(init: { token?: string | null; getToken?: TokenGetter } = {}) {
    this.#token = init.token || undefined;
    this.#getter = init.getToken;
  }

  /** Whether a token or a getter is set. */
  get configured(): boolean {
    return this.#getter !== undefined || this.#token !== undefined;
  }

  /** Sets a fixed token (empty or null signs out). A getter, when set, takes precedence. */
  setToken(token: string | null | undefined): void {
    const next = token || undefined;
    if (next === this.#token) return;
    const previous = this.#getter ? this.#lastGiven : this.#token;
    this.#token = next;
    this.#changed(previous);
  }

  /** Sets (or with undefined removes) the async getter. */
  setGetter(getter: TokenGetter | undefined): void {
    if (getter === this.#getter) return;
    this.#getter = getter;
    this.#cached = undefined;
    this.#changed();
  }

  /** The token to send now: the fixed one, or the getter's (asked once, then kept until invalidated). */
  get(): Promise<string | undefined> {
    const getter = this.#getter;
    if (!getter) return Promise.resolve((this.#lastGiven = this.#token));
    if (this.#cached !== undefined) return Promise.resolve(this.#cached);
    if (this.#pending) return this.#pending;
    const generation = this.#generation;
    const pending = Promise.resolve()
      .then(getter)
      .then(
        (token) => {
          const value = token || undefined;
          if (generation === this.#generation) {
            this.#cached = value;
            this.#pending = undefined;
            this.#lastGiven = value;
          }
          return value;
        },
        (error: unknown) => {
          if (generation === this.#generation) this.#pending = undefined;
          throw error;
        },
      );
    this.#pending = pending;
    return pending;
  }

  /**
   * Forgets the getter's answer, so the next {@link TokenSource.get} asks again. Answers whether a
   * fresh token can come at all (false with a fixed token: asking again gives the same one).
   */
  invalidate(): boolean {
    if (!this.#getter) return false;
    this.#generation++;
    this.#cached = undefined;
    this.#pending = undefined;
    return true;
  }

  /**
   * Calls `listener` whenever the token or getter is replaced, with the token last handed out
   * before the change (still valid for a moment: what signing out needs to clean up with).
   * Returns the remover.
   */
  subscribe(listener: (previous: string | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(previous = this.#lastGiven): void {
    this.#lastGiven = undefined;
    this.#generation++;
    this.#cached = undefined;
    this.#pending = undefined;
    for (const listener of [...this.#listeners]) {
      try {
        listener(previous);
      } catch {
        // One broken listener must not keep the others from hearing about the new token.
      }
    }
  }
}
