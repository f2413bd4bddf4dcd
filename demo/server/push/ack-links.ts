import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PushSecrets } from './push-secrets.js';

const KEY = 'push.ack-secret';
/** How long a notification's Acknowledge button keeps working (an ack queued offline included). */
export const ACK_LINK_TTL_MS = 7 * 24 * 3600 * 1000;

export interface AckGrant {
  userId: string;
  alertId: string;
}

export type AckCheck = { ok: true; grant: AckGrant } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Signed, single-purpose "acknowledge this alert as this user" grants, carried inside the
 * (encrypted) push payload. The service worker holds no bearer token, and should not: with the
 * grant, Acknowledge on a notification works with no dashboard open, and an ack queued offline
 * can be replayed by Background Sync, while the grant can do nothing else. The HMAC key is made on
 * first start and stored (in the database, or in Redis for a cluster), so grants survive a
 * restart, and in a cluster any node accepts a grant another node signed.
 */
export class AckLinks {
  readonly #secret: Buffer;

  constructor(secret: Buffer) {
    this.#secret = secret;
  }

  static async open(secrets: PushSecrets): Promise<AckLinks> {
    const stored = await secrets.getOrCreate(KEY, () => randomBytes(32).toString('base64url'), (s) => Buffer.from(s, 'base64url').length === 32);
    return new AckLinks(Buffer.from(stored, 'base64url'));
  }

  mint(grant: AckGrant, now: number): string {
    const claims = Buffer.from(JSON.stringify({ u: grant.userId, a: grant.alertId, e: now + ACK_LINK_TTL_MS })).toString('base64url');
    return `${claims}.${this.#sign(claims)}`;
  }

  check(link: string, now: number): AckCheck {
    const [claims, signature, extra] = link.split('.');
    if (!claims || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.#sign(claims));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    let parsed: { u?: unknown; a?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof parsed.u !== 'string' || typeof parsed.a !== 'string' || typeof parsed.e !== 'number') return { ok: false, reason: 'invalid' };
    if (parsed.e <= now) return { ok: false, reason: 'expired' };
    return { ok: true, grant: { userId: parsed.u, alertId: parsed.a } };
  }

  #sign(claims: string): string {
    return createHmac('sha256', this.#secret).update(claims).digest('base64url');
  }
}
