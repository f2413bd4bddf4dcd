import * as z from 'zod/mini';
import { ASSET_ID_MESSAGE, ID_MESSAGE } from './names.js';

/** Upper-case ticker such as `BTC` or `USDT`. */
export const assetIdSchema = z.string().check(
  z.regex(/^[A-Z0-9]{1,12}$/, ASSET_ID_MESSAGE),
);

/** Opaque identifier chosen by the server (portfolios, alerts, rules). */
export const idSchema = z.string().check(
  z.regex(/^[A-Za-z0-9_-]{1,64}$/, ID_MESSAGE),
);

/**
 * A whole number from a query string, written plainly in decimal: no hex (`0x10`), exponent,
 * sign, spaces, fraction or leading zeros, so every accepted value has exactly one spelling.
 */
export function queryIntSchema(min: number, max: number) {
  return z.pipe(
    z.string().check(z.regex(/^(0|[1-9][0-9]{0,15})$/, 'must be a whole number in decimal digits')),
    z.pipe(z.transform((text: string) => Number(text)), z.number().check(z.int(), z.gte(min), z.lte(max))),
  );
}

/** Milliseconds since the Unix epoch. */
export const timestampSchema = z.number().check(z.int(), z.nonnegative());

export const finiteNumberSchema = z.number();

export const nonNegativeNumberSchema = z.number().check(z.nonnegative('must be 0 or more'));

/**
 * A position in one stream. `epoch` changes when the server loses the stream's
 * history; within an epoch `seq` grows by exactly one per message.
 */
export const positionSchema = z.object({
  epoch: z.string().check(z.minLength(1), z.maxLength(64)),
  seq: z.int().check(z.nonnegative()),
});
export type Position = z.infer<typeof positionSchema>;
