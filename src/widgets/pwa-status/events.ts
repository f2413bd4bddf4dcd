/** Fired after the install dialog closed, with what the user chose. */
export class PwaInstallEvent extends Event {
  static readonly eventName = 'crw-pwa-install';
  constructor(readonly detail: { outcome: 'accepted' | 'dismissed' | 'unavailable' }) {
    super(PwaInstallEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-pwa-install': PwaInstallEvent;
  }
}
