// A first, plain-DOM view of the feed: every asset's live price, straight from the WebSocket.
import { parseServerFrame, type Price } from 'crypto-risk-widgets';

const wsUrl = new URL('/ws', location.href);
wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';

const status = document.querySelector<HTMLElement>('.status')!;
const tbody = document.querySelector<HTMLTableSectionElement>('#prices')!;
const rows = new Map<string, HTMLTableRowElement>();

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumSignificantDigits: 6 });
const compact = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact' });
const pct = new Intl.NumberFormat(undefined, { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 2, maximumFractionDigits: 2 });

function render(price: Price): void {
  let row = rows.get(price.assetId);
  if (!row) {
    row = tbody.insertRow();
    for (let i = 0; i < 4; i++) row.insertCell();
    row.cells[0]!.textContent = price.assetId;
    rows.set(price.assetId, row);
  }
  row.cells[1]!.textContent = usd.format(price.price);
  row.cells[2]!.textContent = pct.format(price.changePercent24h / 100);
  row.cells[2]!.className = price.changePercent24h >= 0 ? 'up' : 'down';
  row.cells[3]!.textContent = compact.format(price.marketCap);
}

function connect(attempt = 0): void {
  const socket = new WebSocket(wsUrl);
  socket.addEventListener('open', () => {
    attempt = 0;
    status.textContent = 'Live';
    socket.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates', params: {} }));
  });
  socket.addEventListener('message', (event) => {
    const frame = parseServerFrame(event.data);
    if (!frame.ok) {
      console.warn('Ignored a bad frame from the feed:', frame.message);
      return;
    }
    if (frame.message.type === 'price_update') render(frame.message.data);
  });
  socket.addEventListener('close', () => {
    const delay = Math.min(30000, 1000 * 2 ** attempt) * Math.random();
    status.textContent = `Disconnected; retrying in ${Math.ceil(delay / 1000)} s`;
    setTimeout(() => connect(attempt + 1), delay);
  });
}

connect();
