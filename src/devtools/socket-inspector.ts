import { html, nothing, type TemplateResult } from 'lit';
import type { SocketStats, SubscriptionInfo, WebSocketClient } from '../core/socket/index.js';
import { filterFrames, type RecordedFrame } from './frame-recorder.js';

export interface SocketInspectorState {
  socket: WebSocketClient | null;
  frames: readonly RecordedFrame[];
  filter: string;
  pingResult: string;
  onFilter: (value: string) => void;
  onPing: () => void;
  onClear: () => void;
  time: (ms: number) => string;
}

const STAT_LABELS: Array<[keyof SocketStats, string]> = [
  ['framesReceived', 'Frames received'], ['bytesReceived', 'Bytes received'], ['delivered', 'Delivered'], ['framesSent', 'Frames sent'],
  ['droppedDuplicates', 'Duplicates dropped'], ['droppedStale', 'Stale dropped'], ['invalid', 'Invalid'], ['gaps', 'Gaps'],
  ['priceSkips', 'Price skips'], ['coalesced', 'Coalesced'], ['reconnects', 'Reconnects'], ['attempts', 'Attempts'],
  ['resyncs', 'Resyncs'], ['alertsRecovered', 'Alerts recovered'], ['polls', 'Polls'], ['listenerErrors', 'Listener errors'],
];

function positions(sub: SubscriptionInfo): string {
  const entries = Object.entries(sub.positions);
  return entries.length ? entries.map(([stream, p]) => `${stream} @ ${p.epoch}#${p.seq}`).join(', ') : '—';
}

/** The socket tab: state, subscriptions with positions, counters, ping, and the recorded frames with a filter. */
export function socketInspector(s: SocketInspectorState): TemplateResult {
  if (!s.socket) return html`<p class="empty">This provider has no socket (realtime is off): data comes over REST.</p>`;
  const status = s.socket.getConnectionStatus();
  const stats = s.socket.getStats();
  const subs = s.socket.getSubscriptions();
  const frames = filterFrames(s.frames, s.filter);
  return html`
    <div class="row">
      <p part="socket-state" data-state=${status.state}><strong>${status.state}</strong>
        · ${status.transport}${status.sessionId ? html` · session <code>${status.sessionId}</code>` : nothing}
        ${status.attempt ? html` · attempt ${status.attempt}` : nothing}
        ${status.lastError ? html` · last error: ${status.lastError.message}` : nothing}</p>
      <button part="ping" @click=${s.onPing} ?disabled=${!status.connected}>Ping</button>
      <span class="ping-result" role="status">${s.pingResult}</span>
    </div>
    <table part="subscriptions">
      <caption>Subscriptions (${subs.length})</caption>
      <thead><tr><th scope="col">Key</th><th scope="col">State</th><th scope="col">Holders</th><th scope="col">Positions</th></tr></thead>
      <tbody>${subs.length
        ? subs.map((sub) => html`<tr data-subscription=${sub.key}><th scope="row"><code>${sub.key}</code></th><td>${sub.state}</td><td>${sub.refs}</td><td>${positions(sub)}</td></tr>`)
        : html`<tr><td colspan="4">None.</td></tr>`}</tbody>
    </table>
    <dl part="stats">${STAT_LABELS.map(([key, label]) => html`<div><dt>${label}</dt><dd>${stats[key] ?? 0}</dd></div>`)}</dl>
    <div class="row">
      <label>Filter frames <input part="filter" type="search" .value=${s.filter} @input=${(e: Event) => s.onFilter((e.target as HTMLInputElement).value)} placeholder="type, stream or text" /></label>
      <button @click=${s.onClear}>Clear</button>
      <span class="muted">${frames.length} of ${s.frames.length} recorded since the panel opened</span>
    </div>
    <ol part="frames" aria-label="Recorded frames, newest first">
      ${frames.map((f) => html`<li data-kind=${f.kind}>
        <time>${s.time(f.at)}</time> <strong>${f.kind}</strong>${f.stream ? html` <code>${f.stream}</code>` : nothing}${f.seq !== undefined ? html` #${f.seq}` : nothing}
        <pre>${f.text}</pre>
      </li>`)}
    </ol>`;
}
