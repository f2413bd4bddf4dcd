/** Fired when the user activates an asset in the ticker (click, Enter or Space). */
export class TickerSelectEvent extends Event {
  static readonly eventName = 'crw-ticker-select';
  constructor(readonly detail: { assetId: string; price: number | undefined }) {
    super(TickerSelectEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-ticker-select': TickerSelectEvent;
  }
}
