import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
// Registers the elements (and their HTMLElementTagNameMap and event types).
import 'crypto-risk-widgets/define';
import { ApiClient, type TickerSelectEvent } from 'crypto-risk-widgets';
import { FEED_URL } from '../feed-url';

@Component({
  selector: 'app-root',
  // The widgets are custom elements: Angular leaves their tags, properties and events to the DOM.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Crypto prices</h1>
      <crypto-data-provider [apiUrl]="feedUrl" [apiClient]="apiClient">
        <connection-status compact></connection-status>
        <crypto-ticker
          id="live-prices"
          [symbols]="symbols()"
          [showSparkline]="true"
          label="Live prices"
          (crw-ticker-select)="onTickerSelect($event)"
        ></crypto-ticker>
      </crypto-data-provider>
      <p>Selected: <output id="selected">{{ selected() }}</output></p>
      <p>REST calls through the app's client: <output id="rest-calls">{{ restCalls() }}</output></p>
    </main>
  `,
})
export class AppComponent {
  protected readonly feedUrl = FEED_URL;
  // An array property, bound with [symbols].
  protected readonly symbols = signal(['BTC', 'ETH', 'SOL']);
  protected readonly selected = signal('none');
  protected readonly restCalls = signal(0);
  // An object property: the widgets make their REST calls through the app's own client.
  protected readonly apiClient = new ApiClient({ baseUrl: FEED_URL, onRequestTiming: () => this.restCalls.update((n) => n + 1) });

  protected onTickerSelect(event: TickerSelectEvent): void {
    this.selected.set(event.detail.assetId);
  }
}
