import { html, svg, type TemplateResult } from 'lit';
import type { PerformanceAlert, PerformanceSample, PerformanceSummary } from '../../core/elements/index.js';
import type { FormatController } from '../shared/format-controller.js';
import { sparklinePath } from '../shared/sparkline.js';

/** One figure of the dashboard: a label, the value as text, an optional trend line of recent samples. */
export interface Figure {
  id: string;
  label: string;
  value: string;
  /** Recent values for the small chart (already in display order, oldest first). */
  trend?: number[];
}

const UNAVAILABLE = 'n/a';

function bytes(format: FormatController, value: number | null | undefined): string {
  if (value === null || value === undefined) return UNAVAILABLE;
  if (value < 1024) return `${format.number(value, 0)} B`;
  if (value < 1024 * 1024) return `${format.number(value / 1024, 1)} KiB`;
  return `${format.number(value / 1024 / 1024, 1)} MiB`;
}

const ms = (format: FormatController, value: number | null | undefined) => (value === null || value === undefined ? UNAVAILABLE : `${format.number(value, 0)} ms`);
const series = (history: readonly PerformanceSample[], pick: (s: PerformanceSample) => number | null | undefined) =>
  history.map(pick).filter((v): v is number => typeof v === 'number');

/** The figures shown, grouped; every value is text, the charts only decorate. */
export function figureGroups(summary: PerformanceSummary, format: FormatController): Array<{ title: string; figures: Figure[] }> {
  const h = summary.history;
  const last = h[h.length - 1];
  const socket = summary.socket;
  const memory = summary.memory;
  const cache = summary.queryCache;
  const thread = summary.mainThread;
  const vitals = summary.webVitals;
  const vital = (v: { value: number } | null, unit: 'ms' | '') => (v ? (unit ? `${format.number(v.value, 0)} ms` : format.number(v.value, 3)) : UNAVAILABLE);
  return [
    {
      title: 'API',
      figures: [
        { id: 'api-requests', label: 'Requests (interval)', value: last ? format.number(last.api.requests, 0) : UNAVAILABLE, trend: series(h, (s) => s.api.requests) },
        { id: 'api-p95', label: 'p95 (interval)', value: ms(format, last?.api.p95Ms), trend: series(h, (s) => s.api.p95Ms) },
        { id: 'api-errors', label: 'Errors since start', value: format.number(summary.api.errors, 0) },
      ],
    },
    {
      title: 'Live feed',
      figures: socket
        ? [
            { id: 'socket-rate', label: 'Messages/s', value: format.number(socket.messagesPerSec, 1), trend: series(h, (s) => s.socket?.messagesPerSec) },
            { id: 'socket-bytes', label: 'Received/s', value: bytes(format, socket.bytesPerSec), trend: series(h, (s) => s.socket?.bytesPerSec) },
            { id: 'socket-lag', label: 'Lag p95', value: ms(format, socket.lagP95Ms), trend: series(h, (s) => s.socket?.lagP95Ms) },
            { id: 'socket-offset', label: 'Clock offset', value: ms(format, socket.clockOffsetMs) },
            { id: 'socket-rtt', label: 'Round trip', value: ms(format, socket.rttMs) },
            { id: 'socket-reconnects', label: 'Reconnects', value: format.number(socket.reconnects, 0) },
          ]
        : [{ id: 'socket-none', label: 'Socket', value: last ? 'None (REST only)' : UNAVAILABLE }],
    },
    {
      title: 'Main thread',
      figures: [
        { id: 'fps', label: 'Frame rate', value: thread?.fps === null || thread?.fps === undefined ? UNAVAILABLE : `${format.number(thread.fps, 0)} fps`, trend: series(h, (s) => s.mainThread.fps) },
        { id: 'long-tasks', label: thread?.source === 'long-animation-frame' ? 'Long frames (interval)' : 'Long tasks (interval)', value: thread && thread.source !== 'unavailable' ? format.number(thread.longTasks, 0) : UNAVAILABLE },
        { id: 'blocking', label: 'Blocking time', value: thread && thread.source !== 'unavailable' ? ms(format, thread.blockingMs) : UNAVAILABLE, trend: series(h, (s) => s.mainThread.blockingMs) },
      ],
    },
    {
      title: 'Memory',
      figures: [
        {
          id: 'memory', label: memory?.source === 'measureUserAgentSpecificMemory' ? 'Page memory' : 'JS heap',
          value: memory?.source === 'unavailable' ? 'Unavailable in this browser' : bytes(format, memory?.usedBytes),
          trend: series(h, (s) => s.memory.usedBytes),
        },
      ],
    },
    {
      title: 'Query cache',
      figures: [
        { id: 'hit-rate', label: 'Hit rate', value: cache?.hitRate === null || cache?.hitRate === undefined ? UNAVAILABLE : format.fraction(cache.hitRate, 0), trend: series(h, (s) => s.queryCache.recentHitRate) },
        { id: 'entries', label: 'Entries', value: cache ? `${format.number(cache.entries, 0)} (${format.number(cache.activeEntries, 0)} active)` : UNAVAILABLE },
        { id: 'observers', label: 'Observers', value: cache ? format.number(cache.observers, 0) : UNAVAILABLE },
        { id: 'cache-bytes', label: 'Data size (est.)', value: bytes(format, cache?.estimatedBytes), trend: series(h, (s) => s.queryCache.estimatedBytes) },
      ],
    },
    {
      title: 'Web vitals',
      figures: [
        { id: 'lcp', label: 'LCP', value: vital(vitals.lcp, 'ms') },
        { id: 'inp', label: 'INP', value: vital(vitals.inp, 'ms') },
        { id: 'cls', label: 'CLS', value: vital(vitals.cls, '') },
      ],
    },
  ];
}

export function renderFigure(figure: Figure): TemplateResult {
  return html`<div part="figure" data-figure=${figure.id}>
    <dt>${figure.label}</dt>
    <dd><span part="value">${figure.value}</span>${figure.trend && figure.trend.length > 1
      ? html`<svg part="chart" viewBox="0 0 80 24" width="80" height="24" aria-hidden="true" focusable="false"><path d=${sparklinePath(figure.trend)} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"></path></svg>`
      : ''}</dd>
  </div>`;
}

const ICON = {
  warning: svg`<path d="M8 1.5 15 14.5H1Z" fill="currentColor"></path>`,
  critical: svg`<path d="M5 1h6l4 4v6l-4 4H5l-4-4V5Z" fill="currentColor"></path>`,
};

export function renderAlert(alert: PerformanceAlert, format: FormatController): TemplateResult {
  return html`<li part="alert ${alert.severity}" class=${alert.severity} data-alert=${alert.id}>
    <span part="severity"><svg viewBox="0 0 16 16" aria-hidden="true">${ICON[alert.severity]}</svg>${alert.severity === 'critical' ? 'Critical' : 'Warning'}</span>
    <span part="alert-title">${alert.title}</span>
    <time datetime=${new Date(alert.firedAt).toISOString()}>${format.time(alert.firedAt)}</time>
    <p>${alert.message}</p>
  </li>`;
}
