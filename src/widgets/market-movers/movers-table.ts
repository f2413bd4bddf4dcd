import { html, svg, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { MarketSentimentLabel, MoverEntry } from '../../core/protocol/index.js';
import type { FormatController } from '../shared/format-controller.js';

export const SENTIMENT_LABEL: Record<MarketSentimentLabel, string> = { bullish: 'Bullish', neutral: 'Neutral', bearish: 'Bearish' };

/** An arrow per reading (up, flat, down), so the sentiment does not rest on colour. */
export function sentimentIcon(sentiment: MarketSentimentLabel): TemplateResult {
  const path = sentiment === 'bullish' ? 'M2 12 8 4l6 8' : sentiment === 'bearish' ? 'M2 4l6 8 6-8' : 'M2 8h12M10 4l4 4-4 4';
  return html`<svg viewBox="0 0 16 16" aria-hidden="true">${svg`<path d=${path} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`}</svg>`;
}

/** One ranked table (gainers or losers), with a caption and column headers; rows keyed by asset. */
export function moversTable(kind: 'gainers' | 'losers', caption: string, movers: readonly MoverEntry[] | undefined, count: number, format: FormatController): TemplateResult {
  const body = movers === undefined
    ? Array.from({ length: count }, () => html`<tr aria-hidden="true"><td><span class="skeleton"></span></td><td><span class="skeleton"></span></td><td><span class="skeleton"></span></td></tr>`)
    : movers.length === 0
      ? html`<tr><td class="empty" colspan="3">${kind === 'gainers' ? 'No asset is up right now.' : 'No asset is down right now.'}</td></tr>`
      : repeat(movers, (m) => m.assetId, (m) => {
          const direction = m.changePercent24h > 0 ? 'up' : m.changePercent24h < 0 ? 'down' : '';
          return html`<tr part="row ${kind}" data-asset=${m.assetId}>
            <th scope="row" part="symbol">${m.assetId}</th>
            <td part="price">${format.price(m.price)}</td>
            <td part="change" class=${direction}>${format.percentPoints(m.changePercent24h)}</td>
          </tr>`;
        });
  return html`<table part="table ${kind}" data-list=${kind}>
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Asset</th><th scope="col">Price</th><th scope="col">24 h change</th></tr></thead>
    <tbody>${body}</tbody>
  </table>`;
}
