import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { property } from 'lit/decorators.js';
import { CrwWidget } from './crw-widget.js';

/** A widget whose render costs a known amount of main-thread time. */
class SlowWidget extends CrwWidget {
  @property({ type: Number }) value = 0;
  /** For each render: whether the marker task had run by then (so the render ran in a later task). */
  static renders: { id: string; later: boolean }[] = [];
  static markerRan = false;

  protected override render() {
    const until = performance.now() + 2;
    while (performance.now() < until);
    SlowWidget.renders.push({ id: this.id, later: SlowWidget.markerRan });
    return litHtml`<p>${this.value}</p>`;
  }
}
customElements.define('crw-test-slow-widget', SlowWidget);

describe('time-sliced widget updates', () => {
  it('spreads many widgets\' renders over several tasks, in order, and each updateComplete waits for its own render', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    SlowWidget.renders = [];
    SlowWidget.markerRan = false;
    // A task queued before the widgets ask to render: renders that run after it ran in a later task.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (SlowWidget.markerRan = true);
    channel.port2.postMessage(null);
    const widgets = Array.from({ length: 20 }, (_, i) => {
      const widget = document.createElement('crw-test-slow-widget') as SlowWidget;
      widget.id = `w${i}`;
      widget.value = i;
      host.append(widget);
      return widget;
    });
    // Each widget's own promise resolves once its own content is there.
    await Promise.all(widgets.map(async (widget, i) => {
      await widget.updateComplete;
      expect(widget.shadowRoot!.querySelector('p')!.textContent).to.equal(String(i));
    }));
    expect(SlowWidget.renders.map((r) => r.id)).to.deep.equal(widgets.map((w) => w.id), 'rendered in the order they asked');
    // 20 renders of 2 ms against a 6 ms budget: some must have waited for a later task.
    expect(SlowWidget.renders[0]!.later).to.equal(false, 'the first render runs at once');
    expect(SlowWidget.renders.some((r) => r.later)).to.equal(true, 'later renders waited for another task');
    channel.port1.close();
  });

  it('keeps updateComplete for a property change made while other updates wait', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const widgets = Array.from({ length: 10 }, () => host.appendChild(document.createElement('crw-test-slow-widget') as SlowWidget));
    const last = widgets[widgets.length - 1]!;
    last.value = 41;
    await last.updateComplete;
    last.value = 42;
    expect(await last.updateComplete).to.equal(true);
    expect(last.shadowRoot!.querySelector('p')!.textContent).to.equal('42');
  });
});
