import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Credentials } from './rest-fuzz.js';

/** The HS256 secret the fuzzed servers are started with, so the fuzzer can mint bad tokens too. */
export const FUZZ_SECRET = 'fuzz-secret-0123456789-0123456789-abcdef';

const sign = (key: Uint8Array, sub: string, exp: number) =>
  new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt(exp - 3600).setExpirationTime(exp).sign(key);

/** Valid tokens for `userIds`, one expired an hour ago, and one signed with another key. */
export async function credentials(userIds: string[]): Promise<Credentials> {
  const key = new TextEncoder().encode(FUZZ_SECRET);
  const now = Math.floor(Date.now() / 1000);
  return {
    users: await Promise.all(userIds.map(async (id) => ({ id, token: await sign(key, id, now + 3600) }))),
    expired: await sign(key, userIds[0] as string, now - 3600),
    forged: await sign(randomBytes(32), userIds[0] as string, now + 3600),
  };
}
