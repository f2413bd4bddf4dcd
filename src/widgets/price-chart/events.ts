import type { ChartTimeframe } from './timeframes.js';

/** Fired when the user picks another timeframe with the chart's buttons. */
export class ChartTimeframeChangeEvent extends Event {
  static readonly eventName = 'crw-chart-timeframe-change';
  constructor(readonly detail: { assetId: string; timeframe: ChartTimeframe }) {
    super(ChartTimeframeChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-chart-timeframe-change': ChartTimeframeChangeEvent;
  }
}
