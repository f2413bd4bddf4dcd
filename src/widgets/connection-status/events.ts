import type { ConnectionDisplayState } from './display-state.js';

/** Fired when the connection moves to another of the states the widget shows. */
export class ConnectionChangeEvent extends Event {
  static readonly eventName = 'crw-connection-change';
  constructor(readonly detail: { from: ConnectionDisplayState; to: ConnectionDisplayState }) {
    super(ConnectionChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-connection-change': ConnectionChangeEvent;
  }
}
