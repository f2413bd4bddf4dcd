import { randomBytes } from 'node:crypto';

/** A random id such as `p_3f9a0c1b2d4e6f70`; ids only need to be unique, not secret. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}
