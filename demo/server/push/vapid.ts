import webpush from 'web-push';
import { getMeta, setMeta, type Db } from '../store/db.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const KEY = 'push.vapid';

/**
 * The server's VAPID key pair: generated on first start and stored in the database, so browsers'
 * subscriptions (bound to the public key) stay valid across restarts with the same file.
 */
export function loadOrCreateVapidKeys(db: Db): VapidKeys {
  const stored = getMeta(db, KEY);
  if (stored) {
    const keys = JSON.parse(stored) as VapidKeys;
    if (keys.publicKey && keys.privateKey) return keys;
  }
  const keys = webpush.generateVAPIDKeys();
  setMeta(db, KEY, JSON.stringify(keys));
  return keys;
}
