import type { AlertSeverity } from '../protocol/index.js';

/** Where alert notifications stand for this browser. */
export interface PushState {
  /** Why push cannot work here, or null when it can. */
  unsupported: string | null;
  /** The browser's notification permission. */
  permission: NotificationPermission;
  /** This browser is subscribed with the feed server. */
  subscribed: boolean;
  /** A subscribe or unsubscribe is under way. */
  busy: boolean;
  /** What went wrong last, for a person. */
  error: string | null;
}

function whyUnsupported(): string | null {
  if (typeof window === 'undefined') return 'not in a browser';
  if (!window.isSecureContext) return 'Notifications need a secure (https) page.';
  if (!('serviceWorker' in navigator)) return 'This browser has no service workers, so it cannot receive alerts in the background.';
  if (!('PushManager' in window) || !('Notification' in window)) return 'This browser cannot receive push notifications.';
  return null;
}

function urlBase64ToBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Gives the signed-in user's bearer token, or nothing when signed out. */
export type PushTokenGetter = () => Promise<string | undefined>;

/** Tells who is signed in changed, with the token handed out before the change (a `TokenSource`). */
export interface SignInChanges {
  subscribe(listener: (previous: string | undefined) => void): () => void;
}

/**
 * Subscribes this browser to the feed server's alert pushes (`/api/push`) as the signed-in user:
 * the server sends it that user's alerts and the market alerts. `subscribe()` asks for
 * notification permission, so call it only from a user gesture (a click on "Notify me").
 * Fires `change` whenever `state` changes.
 */
export class PushSubscriber extends EventTarget {
  #state: PushState;
  #signInChecks: Promise<void> = Promise.resolve();

  constructor(
    private readonly apiUrl: string,
    private readonly token: PushTokenGetter = () => Promise.resolve(undefined),
  ) {
    super();
    const unsupported = whyUnsupported();
    this.#state = {
      unsupported,
      permission: unsupported ? 'denied' : Notification.permission,
      subscribed: false,
      busy: false,
      error: null,
    };
  }

  get state(): Readonly<PushState> {
    return this.#state;
  }

  /** Reads the permission and the current subscription again. */
  async refresh(): Promise<void> {
    if (this.#state.unsupported) return;
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription().catch(() => null);
    this.#set({ permission: Notification.permission, subscribed: !!subscription });
  }

  /** Asks for permission (from a user gesture), subscribes with the server's VAPID key, and registers the subscription. */
  async subscribe(severities: AlertSeverity[] = ['critical']): Promise<boolean> {
    if (this.#state.unsupported || this.#state.busy) return false;
    this.#set({ busy: true, error: null });
    try {
      const permission = await Notification.requestPermission();
      this.#set({ permission });
      if (permission === 'default') this.#set({ error: 'Notifications were not turned on: the browser\'s question was closed without an answer. Click again to choose.' });
      if (permission !== 'granted') return false;
      const registration = await navigator.serviceWorker.getRegistration();
      if (!registration?.active) throw new Error('the offline worker is not running yet; reload the page and try again');
      const keyAnswer = await fetch(`${this.apiUrl}/api/push/vapid-public-key`, { headers: { accept: 'application/json' } });
      if (!keyAnswer.ok) throw new Error(`the feed server has no push service (HTTP ${keyAnswer.status})`);
      const { publicKey } = (await keyAnswer.json()) as { publicKey: string };
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlBase64ToBytes(publicKey) });
      const saved = await fetch(`${this.apiUrl}/api/push/subscriptions`, {
        method: 'POST',
        headers: await this.#headers(),
        body: JSON.stringify({ subscription: subscription.toJSON(), severities }),
      });
      if (!saved.ok) {
        await subscription.unsubscribe().catch(() => {});
        throw new Error(saved.status === 401 ? 'sign in first: alerts are sent to the signed-in user' : `the feed server refused the subscription (HTTP ${saved.status})`);
      }
      this.#set({ subscribed: true });
      return true;
    } catch (err) {
      this.#set({ error: `Could not turn on notifications: ${err instanceof Error ? err.message : String(err)}` });
      return false;
    } finally {
      this.#set({ busy: false });
    }
  }

  async unsubscribe(): Promise<void> {
    if (this.#state.unsupported || this.#state.busy) return;
    this.#set({ busy: true, error: null });
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription) {
        // The browser's subscription goes in any case; the server also forgets an endpoint the push
        // service reports gone, so a failed DELETE only costs one undelivered push.
        const headers = await this.#headers().catch(() => ({ 'content-type': 'application/json' }));
        await fetch(`${this.apiUrl}/api/push/subscriptions`, { method: 'DELETE', headers, body: JSON.stringify({ endpoint: subscription.endpoint }) }).catch(() => {});
        await subscription.unsubscribe();
      }
      this.#set({ subscribed: false });
    } catch (err) {
      this.#set({ error: `Could not turn off notifications: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      this.#set({ busy: false });
    }
  }

  /**
   * Keeps this browser's subscription with the user who made it: when `source` signs out, or in
   * as someone else, the subscription is deleted on the server with the previous user's token and
   * unsubscribed here, so a shared browser stops receiving the previous user's alerts. The new
   * user turns notifications on for themselves. Returns the function that stops following.
   */
  followSignIn(source: SignInChanges): () => void {
    return source.subscribe((previous) => {
      this.#signInChecks = this.#signInChecks.then(() => this.#leaveIfNotOwner(previous));
    });
  }

  async #leaveIfNotOwner(previous: string | undefined): Promise<void> {
    if (this.#state.unsupported) return;
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      const subscription = await registration?.pushManager.getSubscription().catch(() => null);
      if (!subscription) return;
      const current = await this.token().catch(() => undefined);
      // The server knows whose the endpoint is: a refreshed token of the same user finds it listed.
      if (current && (current === previous || (await this.#listsEndpoint(current, subscription.endpoint)))) return;
      this.#set({ busy: true, error: null });
      if (previous) {
        // Offline, the DELETE fails; the push service then reports the unsubscribed endpoint gone
        // on the next push, and the server deletes it.
        await fetch(`${this.apiUrl}/api/push/subscriptions`, {
          method: 'DELETE',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${previous}` },
          body: JSON.stringify({ endpoint: subscription.endpoint }),
        }).catch(() => {});
      }
      await subscription.unsubscribe();
      this.#set({ subscribed: false });
    } catch (err) {
      this.#set({ error: `Could not turn off the previous user's notifications: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      if (this.#state.busy) this.#set({ busy: false });
    }
  }

  async #listsEndpoint(token: string, endpoint: string): Promise<boolean> {
    const answer = await fetch(`${this.apiUrl}/api/push/subscriptions`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (!answer?.ok) return false;
    const { subscriptions } = (await answer.json()) as { subscriptions: Array<{ endpoint: string }> };
    return subscriptions.some((sub) => sub.endpoint === endpoint);
  }

  async #headers(): Promise<Record<string, string>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    const bearer = await this.token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    return headers;
  }

  #set(patch: Partial<PushState>): void {
    this.#state = { ...this.#state, ...patch };
    this.dispatchEvent(new Event('change'));
  }
}
