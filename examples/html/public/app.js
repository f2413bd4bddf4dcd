// The bundle puts the API on window.CryptoRiskWidgets and has registered every element.
const { ApiClient } = window.CryptoRiskWidgets;
const provider = document.querySelector('crypto-data-provider');
const restCalls = document.getElementById('rest-calls');
let calls = 0;

// An object property: the widgets make their REST calls through the page's own client.
provider.apiClient = new ApiClient({
  baseUrl: provider.getAttribute('api-url'),
  onRequestTiming: () => (restCalls.textContent = String(++calls)),
});

// crw-* events bubble out of the shadow DOM like any DOM event.
document.getElementById('live-prices').addEventListener('crw-ticker-select', (event) => {
  document.getElementById('selected').textContent = event.detail.assetId;
});
