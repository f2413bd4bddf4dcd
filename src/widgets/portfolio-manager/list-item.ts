import { html, nothing, type TemplateResult } from 'lit';
import type { Portfolio } from '../../core/protocol/index.js';
import type { FormatController } from '../shared/format-controller.js';

/** What one row of the list needs from its host. */
export interface ItemContext {
  format: FormatController;
  selected: string;
  confirming: string | null;
  busy: boolean;
  onSelect(portfolio: Portfolio): void;
  onEdit(portfolio: Portfolio): void;
  onAskDelete(portfolio: Portfolio): void;
  onConfirmDelete(portfolio: Portfolio): void;
  onCancelDelete(portfolio: Portfolio): void;
}

/** Ids the optimistic create gives a portfolio until the server names it. */
export const isPending = (portfolio: Portfolio) => portfolio.id.startsWith('pending-');

function confirmStep(ctx: ItemContext, p: Portfolio): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      ctx.onCancelDelete(p);
    }
  };
  return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-${p.id}" @keydown=${onKey}>
    <span id="confirm-${p.id}">Delete “<bdi>${p.name}</bdi>” and its holdings?</span>
    <button type="button" part="confirm-delete" class="danger" @click=${() => ctx.onConfirmDelete(p)}>Delete</button>
    <button type="button" part="cancel-delete" class="keep" @click=${() => ctx.onCancelDelete(p)}>Keep</button>
  </div>`;
}

/** One portfolio: a button to pick it, edit and delete actions, and the inline delete confirmation. */
export function renderItem(ctx: ItemContext, p: Portfolio): TemplateResult {
  const pending = isPending(p);
  const count = p.holdings.length;
  const selected = ctx.selected === p.id;
  return html`<li part="item${selected ? ' selected' : ''}" class="item ${pending ? 'pending' : ''}" data-id=${p.id}>
    <button type="button" part="select" class="select" aria-pressed=${selected ? 'true' : 'false'} ?disabled=${pending} @click=${() => ctx.onSelect(p)}>
      <span class="item-name">${p.name}</span>
      <span class="muted">${pending ? 'Saving…' : `${ctx.format.number(count)} ${count === 1 ? 'holding' : 'holdings'}`}</span>
    </button>
    <button type="button" part="edit" class="edit" aria-label="Edit ${p.name}" ?disabled=${pending || ctx.busy} @click=${() => ctx.onEdit(p)}>Edit</button>
    <button type="button" part="delete" class="delete" aria-label="Delete ${p.name}" ?disabled=${pending || ctx.busy} @click=${() => ctx.onAskDelete(p)}>Delete</button>
    ${ctx.confirming === p.id ? confirmStep(ctx, p) : nothing}
  </li>`;
}
