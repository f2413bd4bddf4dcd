import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { MAX_TOKEN_LENGTH } from '../../../src/core/protocol/index.js';
import { isUserId, type Principal } from './principal.js';

export interface TokenOptions {
  /** HS256 shared secret (at least 32 bytes). */
  secret?: string;
  /** A JWKS URL whose keys sign the tokens (RS256, ES256, EdDSA...). */
  jwksUrl?: string;
  /** Required `iss`, when set. */
  issuer?: string;
  /** Required `aud`, when set. */
  audience?: string;
}

/** Why a token was refused, for the error body. */
export class TokenError extends Error {
  constructor(
    readonly reason: 'missing' | 'malformed' | 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

const CLOCK_TOLERANCE_S = 5;
/** How long a verified token is remembered (never past its expiry), and how many are. */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

/**
 * Verifies bearer tokens (JWT) with `jose`: HS256 with a shared secret, or any asymmetric
 * algorithm with keys from a JWKS URL. Without either, a random secret is made up at start, so
 * only tokens this process mints (the demo's) are accepted.
 */
export class TokenVerifier {
  readonly #secret: Uint8Array | undefined;
  /** The secret imported once: jose would otherwise import the raw bytes again on every verify. */
  #hmacKey: Promise<CryptoKey> | undefined;
  readonly #jwks: JWTVerifyGetKey | undefined;
  readonly #options: TokenOptions;
  /**
   * Tokens verified in the last minute. A page sends the same token with every request and socket
   * frame; checking its signature once instead of each time keeps a busy (or flooding) client from
   * costing an HMAC or a signature check per request.
   */
  readonly #verified = new Map<string, { principal: Principal; until: number }>();

  constructor(options: TokenOptions = {}) {
    this.#options = options;
    if (options.jwksUrl) this.#jwks = createRemoteJWKSet(new URL(options.jwksUrl));
    if (options.secret !== undefined) this.#secret = new TextEncoder().encode(options.secret);
    else if (!options.jwksUrl) this.#secret = randomBytes(32);
  }

  /** Whether this server can mint tokens itself (it holds the HS256 secret). */
  get canMint(): boolean {
    return this.#secret !== undefined;
  }

  /** Checks signature, expiry, issuer and audience; answers who the token is for. */
  async verify(token: string): Promise<Principal> {
    const known = this.#verified.get(token);
    if (known && known.until > Date.now()) return known.principal;
    if (known) this.#verified.delete(token);
    const principal = await this.#check(token);
    const now = Date.now();
    const until = Math.min(now + VERIFIED_TTL_MS, principal.expiresAt ?? Infinity);
    if (until > now) {
      if (this.#verified.size >= VERIFIED_MAX) this.#verified.delete(this.#verified.keys().next().value as string);
      this.#verified.set(token, { principal, until });
    }
    return principal;
  }

  async #check(token: string): Promise<Principal> {
    if (!token) throw new TokenError('missing', 'a bearer token is required');
    if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) {
      throw new TokenError('malformed', 'the bearer token is not a JWT');
    }
    const checks = {
      ...(this.#options.issuer ? { issuer: this.#options.issuer } : {}),
      ...(this.#options.audience ? { audience: this.#options.audience } : {}),
      clockTolerance: CLOCK_TOLERANCE_S,
    };
    let payload;
    try {
      if (this.#jwks) {
        try {
          payload = (await jwtVerify(token, this.#jwks, checks)).payload;
        } catch (err) {
          // A token signed with the shared secret is still good when both are configured.
          if (!this.#secret || !(err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JOSEAlgNotAllowed)) throw err;
          payload = (await jwtVerify(token, await this.#hmac(this.#secret), { ...checks, algorithms: ['HS256'] })).payload;
        }
      } else {
        payload = (await jwtVerify(token, await this.#hmac(this.#secret as Uint8Array), { ...checks, algorithms: ['HS256'] })).payload;
      }
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenError('expired', 'the bearer token has expired');
      throw new TokenError('invalid', `the bearer token is not valid${err instanceof errors.JOSEError ? ` (${err.code})` : ''}`);
    }
    if (!isUserId(payload.sub)) throw new TokenError('invalid', 'the bearer token has no usable subject (sub)');
    return { userId: payload.sub, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined };
  }

  #hmac(secret: Uint8Array): Promise<CryptoKey> {
    this.#hmacKey ??= globalThis.crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return this.#hmacKey;
  }

  /** Mints an HS256 token for `userId`, valid for `ttlSeconds` from `now`. */
  async mint(userId: string, ttlSeconds: number, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    if (!this.#secret) throw new Error('this server verifies tokens from a JWKS and cannot mint its own');
    if (!isUserId(userId)) throw new Error(`not a usable user id: ${JSON.stringify(userId)}`);
    const iat = Math.floor(now / 1000);
    const exp = iat + Math.max(1, Math.floor(ttlSeconds));
    // A unique id, so two tokens minted in the same second still differ: a page that refreshes its
    // token can tell a new one from the one it had.
    let jwt = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setJti(randomBytes(12).toString('base64url'))
      .setIssuedAt(iat)
      .setExpirationTime(exp);
    if (this.#options.issuer) jwt = jwt.setIssuer(this.#options.issuer);
    if (this.#options.audience) jwt = jwt.setAudience(this.#options.audience);
    return { token: await jwt.sign(this.#secret), expiresAt: exp * 1000 };
  }
}

/** The token of an `Authorization: Bearer …` header; undefined when there is none. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw new TokenError('malformed', 'send one Authorization header');
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match) throw new TokenError('malformed', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}
