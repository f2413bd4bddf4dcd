/** The user the seeded demo data belongs to, and whom `--demo-auth` mints tokens for. */
export const DEMO_USER = 'demo';

/** Who a request or connection acts for, from a verified token. */
export interface Principal {
  /** The token's `sub`. */
  readonly userId: string;
  /** When the token stops being valid (ms since the epoch); undefined when it has no `exp`. */
  readonly expiresAt: number | undefined;
}

const MAX_USER_ID = 128;

/** A usable `sub`: 1-128 characters, no control characters or lone surrogates. */
export function isUserId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_USER_ID &&
    !/[\u0000-\u001f\u007f-\u009f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)
  );
}
