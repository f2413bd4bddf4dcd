import { html, nothing, type TemplateResult } from 'lit';
import { offlineEdits, pwaController, type OfflineEditsState } from '../core/elements/index.js';

/** One cache in the worker's `CRW_INSPECT` answer. */
export interface SwCacheReport {
  name: string;
  entries: number;
  /** The first URLs (the worker sends up to 50). */
  urls: string[];
}

/** The worker's `CRW_INSPECT` answer, as far as the panel reads it. */
export interface SwReport {
  version: string;
  scope: string;
  state: string;
  registration: { installing: boolean; waiting: boolean; active: boolean };
  caches: SwCacheReport[];
}

/** The worker that controls the page, `null` when none does, `'unsupported'` without service workers. */
export type SwController = { scriptURL: string; state: string } | null | 'unsupported';

/**
 * Where the service-worker tab gets its data. The default asks the page's worker through
 * `pwaController()` and reads `offlineEdits()`; tests and pages with their own worker can give another.
 */
export interface SwInspectSource {
  controller(): SwController;
  /** The worker's report, or `null` when it did not answer. */
  inspect(): Promise<unknown>;
  edits: EventTarget & { readonly state: Readonly<OfflineEditsState>; refresh(): Promise<void> };
}

function askController(timeoutMs: number): Promise<unknown> {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return Promise.resolve(null);
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.postMessage({ type: 'CRW_INSPECT' }, [channel.port2]);
  });
}

export const defaultSwSource: SwInspectSource = {
  controller() {
    if (typeof navigator === 'undefined' || !navigator.serviceWorker) return 'unsupported';
    const c = navigator.serviceWorker.controller;
    return c ? { scriptURL: c.scriptURL, state: c.state } : null;
  },
  async inspect() {
    const pwa = pwaController();
    // The worker may have been registered by the page itself rather than through pwaController().
    return pwa.workbox ? ((await pwa.inspectWorker()) ?? askController(3000)) : askController(3000);
  },
  get edits() {
    return offlineEdits();
  },
};

/** Checks the shape of the worker's answer: it comes over postMessage from whatever script controls the page. */
export function parseSwReport(value: unknown): SwReport | null {
  const v = value as Partial<SwReport> | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.caches)) return null;
  const caches = v.caches.filter((c): c is SwCacheReport => !!c && typeof c.name === 'string' && typeof c.entries === 'number' && Array.isArray(c.urls));
  const reg = v.registration;
  return {
    version: String(v.version ?? '?'),
    scope: String(v.scope ?? '?'),
    state: String(v.state ?? 'unknown'),
    registration: { installing: !!reg?.installing, waiting: !!reg?.waiting, active: !!reg?.active },
    caches: caches.map((c) => ({ name: c.name, entries: c.entries, urls: c.urls.map(String) })),
  };
}

export type SwInspection =
  | { status: 'idle' | 'loading' }
  | { status: 'done'; controller: SwController; report: SwReport | null; error?: string; at: number };

export interface SwInspectorState {
  inspection: SwInspection;
  edits: Readonly<OfflineEditsState>;
  onRefresh: () => void;
  time: (ms: number) => string;
}

function workerPart(s: Extract<SwInspection, { status: 'done' }>): TemplateResult {
  const c = s.controller;
  if (c === 'unsupported') return html`<p part="sw-state" data-state="unsupported">This browser context has no service workers (they need a secure origin, https or localhost), so this page is not a PWA here.</p>`;
  if (!c) return html`<p part="sw-state" data-state="none">No service worker controls this page: it is not running as a PWA, so there are no worker caches. Add <code>pwa</code> to <code>&lt;crypto-data-provider&gt;</code> or call <code>registerServiceWorker()</code> to register one.</p>`;
  const r = s.report;
  if (!r) {
    return html`<p part="sw-state" data-state="silent">Controlled by <code>${c.scriptURL}</code> (${c.state}), but it did not answer the inspect request${s.error ? html`: ${s.error}` : nothing}. It may not be crypto-risk-widgets' worker.</p>`;
  }
  const reg = (['installing', 'waiting', 'active'] as const).filter((k) => r.registration[k]).join(', ') || 'none';
  return html`<dl part="sw-state" data-state=${r.state} class="sw-facts">
      <div><dt>Script</dt><dd><code>${c.scriptURL}</code></dd></div>
      <div><dt>State</dt><dd>${r.state}</dd></div>
      <div><dt>Version</dt><dd>${r.version}</dd></div>
      <div><dt>Scope</dt><dd><code>${r.scope}</code></dd></div>
      <div><dt>Workers</dt><dd>${reg}</dd></div>
    </dl>
    <h3>Caches (${r.caches.length})</h3>
    ${r.caches.length
      ? html`<ul part="sw-caches" class="plain">${r.caches.map((cache) => html`<li data-cache=${cache.name}>
          <details><summary><code>${cache.name}</code>: ${cache.entries} ${cache.entries === 1 ? 'entry' : 'entries'}</summary>
            ${cache.urls.length
              ? html`<ul class="urls">${cache.urls.map((u) => html`<li><code>${u}</code></li>`)}</ul>
                ${cache.entries > cache.urls.length ? html`<p class="muted">… and ${cache.entries - cache.urls.length} more.</p>` : nothing}`
              : html`<p class="muted">Empty.</p>`}
          </details></li>`)}</ul>`
      : html`<p class="empty">The worker has no caches yet.</p>`}`;
}

function editsPart(s: SwInspectorState): TemplateResult {
  const { pending, failures } = s.edits;
  return html`<h3>Queued edits (${pending.length})</h3>
    ${pending.length
      ? html`<ul part="sw-queued" class="plain">${pending.map((e) => html`<li data-edit=${e.idempotencyKey}>
          <strong>${e.label}</strong> <code>${e.method} ${e.url}</code> <time datetime=${new Date(e.createdAt).toISOString()}>${s.time(e.createdAt)}</time></li>`)}</ul>`
      : html`<p class="empty">No edits waiting to be sent.</p>`}
    <h3>Refused edits (${failures.length})</h3>
    ${failures.length
      ? html`<ul part="sw-failures" class="plain">${failures.map((f) => html`<li data-edit=${f.idempotencyKey}>
          <strong>${f.label}</strong>: ${f.status} ${f.message} <time datetime=${new Date(f.at).toISOString()}>${s.time(f.at)}</time></li>`)}</ul>`
      : html`<p class="empty">The server refused none.</p>`}`;
}

/** The service-worker tab: the worker's state, version and scope, its caches, and the offline edit queue. */
export function swInspector(s: SwInspectorState): TemplateResult {
  const i = s.inspection;
  return html`<div class="row">
      <h3 class="sw-title">Worker</h3>
      <button part="sw-refresh" ?disabled=${i.status === 'loading'} @click=${s.onRefresh}>Refresh</button>
      ${i.status === 'done' ? html`<span class="muted">as of <time>${s.time(i.at)}</time></span>` : nothing}
    </div>
    ${i.status === 'done' ? workerPart(i) : html`<p class="muted" role="status">Asking the service worker…</p>`}
    ${editsPart(s)}`;
}
