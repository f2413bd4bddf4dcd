import webpush from 'web-push';
import type { PushSecrets } from './push-secrets.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const KEY = 'push.vapid';

function isKeyPair(text: string): boolean {
  try {
    const keys = JSON.parse(text) as Partial<VapidKeys>;
    return typeof keys.publicKey === 'string' && keys.publicKey !== '' && typeof keys.privateKey === 'string' && keys.privateKey !== '';
  } catch {
    return false;
  }
}

/**
 * The server's VAPID key pair: generated on first start and stored (in the database, or in Redis
 * for a whole cluster), so browsers' subscriptions (bound to the public key) stay valid across
 * restarts and on every node.
 */
export async function loadOrCreateVapidKeys(secrets: PushSecrets): Promise<VapidKeys> {
  return JSON.parse(await secrets.getOrCreate(KEY, () => JSON.stringify(webpush.generateVAPIDKeys()), isKeyPair)) as VapidKeys;
}
