/** Fired when the user turned alert notifications on or off with the "Notify me" control. */
export class PushChangeEvent extends Event {
  static readonly eventName = 'crw-push-change';
  constructor(readonly detail: { subscribed: boolean }) {
    super(PushChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-push-change': PushChangeEvent;
  }
}
