import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { waitFor } from '../../../test/support/feed.js';
import type { PushSubscribe } from './push-subscribe.js';

const part = (el: PushSubscribe, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);

describe('<push-subscribe>', () => {
  afterEach(() => resetPageDefault());

  it('offers "Notify me" for the chosen severities without asking anything yet', async () => {
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider no-realtime api-url="http://127.0.0.1:9"><push-subscribe severities="critical,warning"></push-subscribe></crypto-data-provider>`);
    const el = provider.querySelector('push-subscribe')!;
    await waitFor(() => !!part(el, 'button') || !!part(el, 'message'), 'rendered');
    if (Notification.permission === 'denied') {
      expect(part(el, 'message')!.textContent).to.match(/Notifications are blocked for this site/);
    } else {
      expect(part(el, 'button')!.textContent!.trim()).to.equal('Notify me of critical and warning alerts');
      expect(Notification.permission).to.equal('default');
    }
    await expect(el).to.be.accessible();
  });

  it('says it needs a provider when there is none', async () => {
    const el = await fixture<PushSubscribe>(html`<push-subscribe></push-subscribe>`);
    expect(part(el, 'message')!.textContent).to.equal('Alert notifications need a data provider.');
    await expect(el).to.be.accessible();
  });
});
