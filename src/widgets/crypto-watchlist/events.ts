/** Fired after the server confirmed an asset was added to or removed from the watchlist. */
export class WatchlistChangeEvent extends Event {
  static readonly eventName = 'crw-watchlist-change';
  constructor(readonly detail: { assetIds: string[] }) {
    super(WatchlistChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-watchlist-change': WatchlistChangeEvent;
  }
}
