import type { Alert } from '../../core/protocol/index.js';

/** Fired when a new alert arrives from the feed (not for the alerts already there when the widget loaded). */
export class AlertEvent extends Event {
  static readonly eventName = 'crw-alert';
  constructor(readonly detail: { alert: Alert }) {
    super(AlertEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-alert': AlertEvent;
  }
}
