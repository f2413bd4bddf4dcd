import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { dismissFailure, enqueueEdit, listFailures, replayEdits } from '../../core/offline/edit-queue.js';
import { offlineEdits } from '../../core/elements/index.js';
import { waitFor } from '../../../test/support/feed.js';
import type { PwaStatus } from './pwa-status.js';

const text = (el: PwaStatus) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();

describe('<pwa-status>', () => {
  beforeEach(async () => {
    await replayEdits({ fetch: (async () => new Response(null, { status: 204 })) as unknown as typeof fetch });
    for (const failure of await listFailures()) await dismissFailure(failure.idempotencyKey);
    await offlineEdits().refresh();
  });

  it('shows the network state, and no update or install offer until there is one', async () => {
    const el = await fixture<PwaStatus>(html`<pwa-status></pwa-status>`);
    expect(el.shadowRoot!.querySelector('[part="network"]')!.textContent).to.equal(navigator.onLine ? 'Online' : 'Offline');
    expect(el.shadowRoot!.querySelector('[part="update"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="install"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('lists edits waiting to sync, and explains a refused one until dismissed', async () => {
    const el = await fixture<PwaStatus>(html`<pwa-status hide-network></pwa-status>`);
    await enqueueEdit({ kind: 'updatePortfolio', label: 'Rename portfolio “Balanced” to “Growth”', method: 'PATCH', url: 'http://feed.test/api/portfolios/p1', body: '{"name":"Growth"}', idempotencyKey: 'k-1', createdAt: 1 });
    await offlineEdits().refresh();
    await waitFor(() => /1 edit waiting to sync/.test(text(el)), 'pending count');
    expect(el.shadowRoot!.querySelector('[part="pending"] li')!.textContent).to.equal('Rename portfolio “Balanced” to “Growth”');
    await expect(el).to.be.accessible();

    await replayEdits({ fetch: (async () => Response.json({ error: { code: 'not_found', message: 'portfolio p1 not found' } }, { status: 404 })) as unknown as typeof fetch });
    await offlineEdits().refresh();
    await waitFor(() => /could not be saved/.test(text(el)), 'failure');
    const failure = el.shadowRoot!.querySelector('[part="failure"]')!;
    expect(failure.getAttribute('role')).to.equal('alert');
    expect(failure.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Rename portfolio “Balanced” to “Growth” could not be saved: portfolio p1 not found (HTTP 404). The change was undone. Dismiss',
    );
    expect(text(el)).not.to.match(/waiting to sync/);
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="dismiss"]')!.click();
    await waitFor(() => !el.shadowRoot!.querySelector('[part="failure"]'), 'dismissed');
  });
});
