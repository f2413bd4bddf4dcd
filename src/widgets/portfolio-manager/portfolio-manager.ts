import { signal } from '@lit-labs/signals';
import { MutationObserver, type MutationOptions } from '@tanstack/query-core';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { QueryController, type CryptoDataServices } from '../../core/elements/index.js';
import type { Asset, Portfolio } from '../../core/protocol/index.js';
import { isolate } from '../../core/protocol/text.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { themeStyles } from '../shared/theme.styles.js';
import { checkCreate, checkPatch, draftOf, emptyRow, fieldId, issuesByField, newDraft, type Draft, type Issues } from './draft.js';
import { renderEditor } from './editor.js';
import { PortfolioCreatedEvent, PortfolioDeletedEvent, PortfolioSelectEvent, PortfolioUpdatedEvent } from './events.js';
import { failureReason, serverIssues } from './failure.js';
import { renderItem, type ItemContext } from './list-item.js';
import { portfolioManagerStyles } from './portfolio-manager.styles.js';

const NO_ISSUES: Issues = new Map();

/**
 * Lists the user's portfolios and lets them create, rename, re-balance and delete them. Changes
 * show at once and are rolled back, with a message, if the server refuses them; the server's
 * field problems are shown next to the fields they concern.
 *
 * @summary Create, edit, delete and pick portfolios.
 * @tagname portfolio-manager
 *
 * @fires crw-portfolio-select - The user picked a portfolio. `detail: { portfolioId }`.
 * @fires crw-portfolio-created - The server stored a new portfolio. `detail: { portfolio }`.
 * @fires crw-portfolio-updated - The server stored changes to a portfolio. `detail: { portfolio }`.
 * @fires crw-portfolio-deleted - The server deleted a portfolio. `detail: { portfolioId }`.
 *
 * @slot header - Replaces the title (default: the `label`).
 *
 * @csspart base - The whole widget.
 * @csspart header - The title, status line and "New portfolio" button.
 * @csspart status - The connection / freshness status.
 * @csspart retry - The retry button of the error state.
 * @csspart new - The "New portfolio" button.
 * @csspart message - A failure message (also `message error`).
 * @csspart list - The list of portfolios.
 * @csspart item - One portfolio (also `item selected`).
 * @csspart select - The button that picks a portfolio.
 * @csspart edit - A portfolio's edit button.
 * @csspart delete - A portfolio's delete button.
 * @csspart confirm - The inline delete confirmation.
 * @csspart confirm-delete - The button that confirms a delete.
 * @csspart cancel-delete - The button that keeps the portfolio.
 * @csspart editor - The create / edit form.
 * @csspart name-input - The name field.
 * @csspart holdings - The holdings table of the form.
 * @csspart add-holding - The "Add holding" button.
 * @csspart remove-holding - A row's "Remove" button.
 * @csspart field-error - A message next to a field.
 * @csspart save - The form's submit button.
 * @csspart cancel - The form's cancel button.
 *
 * @cssprop --crw-manager-gap - Space between the list's rows.
 * @cssprop --crw-manager-selected - Background of the selected portfolio.
 * @cssprop --crw-manager-danger - Colour of the delete confirmation and field messages.
 */
export class PortfolioManager extends CrwWidget {
  static override styles = [themeStyles, portfolioManagerStyles];

  /** Id of the picked portfolio; the user's choice sets it (and fires `crw-portfolio-select`). */
  @property({ reflect: true, useDefault: true }) selected = '';

  /** Accessible name of the widget. */
  @property({ reflect: true, useDefault: true }) label = 'Portfolios';

  #draft = signal<Draft | null>(null);
  #issues = signal<Issues>(NO_ISSUES);
  #saving = signal(false);
  #formFailure = signal<string | null>(null);
  #listFailure = signal<string | null>(null);
  #confirming = signal<string | null>(null);
  /** Where focus goes after the next render that can take it. */
  #focusNext: { kind: 'item' | 'edit' | 'delete' | 'list' | 'new' | 'field' | 'keep'; id?: string } | null = null;

  #portfolios = new QueryController<Portfolio[]>(this, this.data, (s) => s.queries.portfolios());
  #assets = new QueryController<Asset[]>(this, this.data, (s) => (this.#draft.get() ? s.queries.assets() : null));

  /** Runs one mutation through query-core, which applies the optimistic change and its rollback. */
  #mutate<TData, TVariables, TContext>(
    pick: (services: CryptoDataServices) => MutationOptions<TData, Error, TVariables, TContext>,
    variables: TVariables,
  ): Promise<TData> {
    const services = this.data.current;
    if (!services) return Promise.reject(new Error('no data source'));
    return new MutationObserver(services.queryClient, pick(services)).mutate(variables);
  }

  #select(p: Portfolio): void {
    this.selected = p.id;
    this.dispatchEvent(new PortfolioSelectEvent({ portfolioId: p.id }));
  }

  #openCreate(): void {
    this.#confirming.set(null);
    this.#startEditing(newDraft());
  }

  #openEdit(p: Portfolio): void {
    this.#confirming.set(null);
    this.#startEditing(draftOf(p));
  }

  #startEditing(draft: Draft): void {
    this.#draft.set(draft);
    this.#issues.set(NO_ISSUES);
    this.#formFailure.set(null);
    this.#focusNext = { kind: 'field', id: 'name' };
  }

  #closeEditor(): void {
    const draft = this.#draft.get();
    this.#draft.set(null);
    this.#issues.set(NO_ISSUES);
    this.#formFailure.set(null);
    this.#focusNext = draft?.mode === 'edit' && draft.original ? { kind: 'edit', id: draft.original.id } : { kind: 'new' };
  }

  #change(update: (draft: Draft) => Draft, clear?: string): void {
    const draft = this.#draft.get();
    if (!draft) return;
    this.#draft.set(update(draft));
    if (clear && this.#issues.get().has(clear)) {
      const issues = new Map(this.#issues.get());
      issues.delete(clear);
      this.#issues.set(issues);
    }
  }

  #showIssues(issues: Issues): void {
    this.#issues.set(issues);
    const first = [...issues.keys()].find((path) => path !== 'form');
    if (first) this.#focusNext = { kind: 'field', id: first };
  }

  async #save(): Promise<void> {
    const draft = this.#draft.get();
    if (!draft || this.#saving.get()) return;
    if (draft.mode === 'create') {
      const checked = checkCreate(draft);
      if (!checked.ok) return this.#showIssues(checked.issues);
      await this.#saveWith(draft, async () => {
        const created = await this.#mutate((s) => s.mutations.createPortfolio(), { body: checked.value });
        this.#focusNext = { kind: 'item', id: created.id };
        this.announcer.announce(`Created “${created.name}”`);
        this.dispatchEvent(new PortfolioCreatedEvent({ portfolio: created }));
      });
      return;
    }
    const checked = checkPatch(draft);
    if (!checked) return this.#closeEditor();
    if (!checked.ok) return this.#showIssues(checked.issues);
    const id = draft.original!.id;
    await this.#saveWith(draft, async () => {
      const updated = await this.#mutate((s) => s.mutations.updatePortfolio(), { id, patch: checked.value });
      this.#focusNext = { kind: 'item', id };
      this.announcer.announce(`Saved “${updated.name}”`);
      this.dispatchEvent(new PortfolioUpdatedEvent({ portfolio: updated }));
    });
  }

  /** Runs a save; on success the form closes, on failure it stays with the reason and the server's field issues. */
  async #saveWith(draft: Draft, request: () => Promise<void>): Promise<void> {
    this.#saving.set(true);
    this.#issues.set(NO_ISSUES);
    this.#formFailure.set(null);
    try {
      await request();
      this.#draft.set(null);
    } catch (error) {
      const name = draft.name.trim() || draft.original?.name || 'the portfolio';
      this.#formFailure.set(`Could not ${draft.mode === 'create' ? 'create' : 'save'} “${name}”: ${failureReason(error)}`);
      const issues = serverIssues(error);
      if (issues.length) this.#showIssues(issuesByField(issues, this.#draft.get() ?? draft));
    } finally {
      this.#saving.set(false);
    }
  }

  async #delete(p: Portfolio): Promise<void> {
    this.#confirming.set(null);
    this.#listFailure.set(null);
    // The row disappears at once (optimistically); the list keeps focus meanwhile.
    this.#focusNext = { kind: 'list' };
    try {
      await this.#mutate((s) => s.mutations.deletePortfolio(), { id: p.id });
      if (this.selected === p.id) this.selected = '';
      if (this.#draft.get()?.original?.id === p.id) this.#draft.set(null);
      this.announcer.announce(`Deleted “${p.name}”`);
      this.dispatchEvent(new PortfolioDeletedEvent({ portfolioId: p.id }));
    } catch (error) {
      this.#listFailure.set(`Could not delete “${isolate(p.name)}”: ${failureReason(error)}`);
    }
  }

  #itemContext(): ItemContext {
    return {
      format: this.format,
      selected: this.selected,
      confirming: this.#confirming.get(),
      busy: this.#saving.get(),
      onSelect: (p) => this.#select(p),
      onEdit: (p) => this.#openEdit(p),
      onAskDelete: (p) => {
        this.#confirming.set(p.id);
        this.#focusNext = { kind: 'keep', id: p.id };
      },
      onConfirmDelete: (p) => void this.#delete(p),
      onCancelDelete: (p) => {
        this.#confirming.set(null);
        this.#focusNext = { kind: 'delete', id: p.id };
      },
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.#focusNext;
    if (!target) return;
    const root = this.renderRoot as ShadowRoot;
    const row = (id = '') => root.querySelector(`li[data-id="${CSS.escape(id)}"]`);
    const element: HTMLElement | null | undefined =
      target.kind === 'list' ? root.querySelector<HTMLElement>('[part="list"]')
      : target.kind === 'new' ? root.querySelector<HTMLElement>('[part="new"]')
      : target.kind === 'field' ? root.getElementById(fieldId(target.id ?? 'name'))
      : target.kind === 'keep' ? row(target.id)?.querySelector<HTMLElement>('[part="cancel-delete"]')
      : target.kind === 'edit' ? row(target.id)?.querySelector<HTMLElement>('[part="edit"]')
      : target.kind === 'delete' ? row(target.id)?.querySelector<HTMLElement>('[part="delete"]')
      : row(target.id)?.querySelector<HTMLElement>('[part="select"]');
    // A created item shows up once the list is refetched; keep the wish until it does.
    if (!element) return;
    this.#focusNext = null;
    element.focus();
  }

  #renderEditor() {
    const draft = this.#draft.get();
    if (!draft) return nothing;
    const assets = this.#assets.result.get()?.data;
    return renderEditor({
      draft,
      issues: this.#issues.get(),
      assets,
      saving: this.#saving.get(),
      failure: this.#formFailure.get(),
      onName: (value) => this.#change((d) => ({ ...d, name: value }), 'name'),
      onRow: (index, field, value) =>
        this.#change((d) => ({ ...d, rows: d.rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)) }), `holdings.${index}.${field}`),
      onAddRow: () => {
        this.#change((d) => ({ ...d, rows: [...d.rows, emptyRow()] }));
        this.#focusNext = { kind: 'field', id: `holdings.${(this.#draft.get()?.rows.length ?? 1) - 1}.assetId` };
      },
      onRemoveRow: (index) => {
        // Row paths shift after a removal, so old messages would point at the wrong inputs.
        this.#change((d) => ({ ...d, rows: d.rows.filter((_, i) => i !== index) }));
        this.#issues.set(NO_ISSUES);
        this.#focusNext = { kind: 'field', id: 'name' };
      },
      onSubmit: () => void this.#save(),
      onCancel: () => this.#closeEditor(),
    });
  }

  protected override render() {
    const result = this.#portfolios.result.get();
    const state = this.viewState(result);
    const portfolios = result?.data;
    const failure = this.#listFailure.get();
    const ctx = this.#itemContext();
    return html`<section part="base" aria-label=${this.label} aria-busy=${state === 'loading' ? 'true' : 'false'} data-state=${state}>
      <header part="header">
        <span class="title"><slot name="header">${this.label}</slot></span>
        ${this.renderStatus(state, result, () => this.#portfolios.refetch())}
        <button type="button" part="new" class="new" ?disabled=${!portfolios || this.#draft.get()?.mode === 'create'} @click=${() => this.#openCreate()}>New portfolio</button>
      </header>
      ${failure ? html`<p part="message error" class="form-error" role="alert">${failure}</p>` : nothing}
      ${portfolios
        ? portfolios.length
          ? html`<ul part="list" class="list" tabindex="-1" aria-label=${this.label}>${repeat(portfolios, (p) => p.id, (p) => renderItem(ctx, p))}</ul>`
          : html`<p part="list" class="empty muted" tabindex="-1">No portfolios yet. Create one to get started.</p>`
        : state === 'loading'
          ? html`<ul class="list" aria-hidden="true"><li class="item"><span class="skeleton"></span></li><li class="item"><span class="skeleton"></span></li></ul>`
          : nothing}
      ${this.#renderEditor()}
      ${this.renderLiveRegion()}
    </section>`;
  }
}
