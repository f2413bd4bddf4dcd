import { useMemo, useState } from 'react';
import { ApiClient } from 'crypto-risk-widgets';
// React components (made with @lit/react): camelCase props and events. Importing registers the elements.
import { ConnectionStatus, CryptoTicker } from 'crypto-risk-widgets/react';
// JSX types for the plain tags, generated from the manifest.
import type {} from 'crypto-risk-widgets/jsx';

// An array property. Kept outside the component: a new array on every render would be a new value each time.
const LIVE_SYMBOLS = ['BTC', 'ETH', 'SOL'];

export function App({ feedUrl }: { feedUrl: string }) {
  const [selected, setSelected] = useState('none');
  const [restCalls, setRestCalls] = useState(0);
  // An object property: the widgets make their REST calls through the app's own client.
  const apiClient = useMemo(
    () => new ApiClient({ baseUrl: feedUrl, onRequestTiming: () => setRestCalls((n) => n + 1) }),
    [feedUrl],
  );

  return (
    <main>
      <h1>Crypto prices</h1>
      {/* A plain tag: React 19 sets `api-url` as an attribute and `apiClient` as a property. */}
      <crypto-data-provider api-url={feedUrl} apiClient={apiClient}>
        <ConnectionStatus compact />
        <CryptoTicker
          id="live-prices"
          symbols={LIVE_SYMBOLS}
          showSparkline
          label="Live prices"
          onTickerSelect={(event) => setSelected(event.detail.assetId)}
        />
        <crypto-ticker
          id="more-prices"
          symbols="ADA,DOT"
          layout="card"
          label="More prices"
          oncrw-ticker-select={(event) => setSelected(event.detail.assetId)}
        />
      </crypto-data-provider>
      <p>
        Selected: <output id="selected">{selected}</output>
      </p>
      <p>
        REST calls through the app's client: <output id="rest-calls">{restCalls}</output>
      </p>
    </main>
  );
}
