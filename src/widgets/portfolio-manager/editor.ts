import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Asset } from '../../core/protocol/index.js';
import { fieldId, messageId, type Draft, type HoldingRow, type Issues } from './draft.js';

/** What the editor template needs from its host. */
export interface EditorContext {
  draft: Draft;
  issues: Issues;
  /** Asset choices; undefined while loading or when the list could not be read. */
  assets: readonly Asset[] | undefined;
  saving: boolean;
  /** What failed on the last save, shown at the top of the form. */
  failure: string | null;
  onName(value: string): void;
  onRow(index: number, field: 'assetId' | 'quantity' | 'costBasis', value: string): void;
  onAddRow(): void;
  onRemoveRow(index: number): void;
  onSubmit(): void;
  onCancel(): void;
}

/** `aria-invalid` and `aria-describedby` for a field, pointing at its message when it has one. */
function invalid(issues: Issues, path: string) {
  return issues.has(path) ? { invalid: 'true', describedBy: messageId(path) } : { invalid: nothing, describedBy: nothing };
}

function message(issues: Issues, path: string): TemplateResult | typeof nothing {
  const text = issues.get(path);
  return text ? html`<span part="field-error" class="field-error" id=${messageId(path)}>${text}</span>` : nothing;
}

function assetControl(ctx: EditorContext, row: HoldingRow, index: number): TemplateResult {
  const path = `holdings.${index}.assetId`;
  const a = invalid(ctx.issues, path);
  const label = `Asset, holding ${index + 1}`;
  const onChange = (e: Event) => ctx.onRow(index, 'assetId', (e.target as HTMLInputElement | HTMLSelectElement).value);
  if (!ctx.assets) {
    return html`<input id=${fieldId(path)} aria-label=${label} .value=${row.assetId} autocapitalize="characters" spellcheck="false"
      aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${onChange} />`;
  }
  const known = ctx.assets.some((asset) => asset.id === row.assetId);
  return html`<select id=${fieldId(path)} aria-label=${label} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @change=${onChange}>
    <option value="" ?selected=${row.assetId === ''}>Choose…</option>
    ${!known && row.assetId ? html`<option value=${row.assetId} selected>${row.assetId}</option>` : nothing}
    ${ctx.assets.map((asset) => html`<option value=${asset.id} ?selected=${asset.id === row.assetId}>${asset.id} · ${asset.name}</option>`)}
  </select>`;
}

function numberControl(ctx: EditorContext, row: HoldingRow, index: number, field: 'quantity' | 'costBasis', label: string): TemplateResult {
  const path = `holdings.${index}.${field}`;
  const a = invalid(ctx.issues, path);
  return html`<input id=${fieldId(path)} type="number" inputmode="decimal" min="0" step="any" aria-label="${label}, holding ${index + 1}"
    .value=${row[field]} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
    @input=${(e: Event) => ctx.onRow(index, field, (e.target as HTMLInputElement).value)} />`;
}

function holdingRow(ctx: EditorContext, row: HoldingRow, index: number): TemplateResult {
  return html`<tr data-row=${index}>
    <td>${assetControl(ctx, row, index)}${message(ctx.issues, `holdings.${index}.assetId`)}</td>
    <td>${numberControl(ctx, row, index, 'quantity', 'Quantity')}${message(ctx.issues, `holdings.${index}.quantity`)}</td>
    <td>${numberControl(ctx, row, index, 'costBasis', 'Cost basis in USD')}${message(ctx.issues, `holdings.${index}.costBasis`)}</td>
    <td><button type="button" part="remove-holding" aria-label="Remove holding ${index + 1}" @click=${() => ctx.onRemoveRow(index)}>Remove</button></td>
  </tr>`;
}

/** The create / edit form: name, holdings rows, and field-level messages tied to their inputs. */
export function renderEditor(ctx: EditorContext): TemplateResult {
  const { draft, issues } = ctx;
  const name = invalid(issues, 'name');
  // The name in <bdi>: a right-to-left name must not reorder the words around it.
  const title = draft.mode === 'create' ? 'New portfolio' : html`Edit “<bdi>${draft.original?.name ?? ''}</bdi>”`;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      ctx.onCancel();
    }
  };
  return html`<form part="editor" class="editor" aria-labelledby="editor-title" novalidate aria-busy=${ctx.saving ? 'true' : 'false'}
    @submit=${(e: Event) => { e.preventDefault(); ctx.onSubmit(); }} @keydown=${onKey}>
    <p id="editor-title" class="editor-title">${title}</p>
    ${ctx.failure ? html`<p part="message error" class="form-error" role="alert">${ctx.failure}</p>` : nothing}
    ${issues.has('form') ? html`<p class="field-error" id=${messageId('form')}>${issues.get('form')}</p>` : nothing}
    <div class="field">
      <label for=${fieldId('name')}>Name</label>
      <input id=${fieldId('name')} part="name-input" .value=${draft.name} maxlength="120" autocomplete="off"
        aria-invalid=${name.invalid} aria-describedby=${name.describedBy} @input=${(e: Event) => ctx.onName((e.target as HTMLInputElement).value)} />
      ${message(issues, 'name')}
    </div>
    <table part="holdings" class="holdings">
      <caption>Holdings</caption>
      <thead><tr><th scope="col">Asset</th><th scope="col">Quantity</th><th scope="col">Cost basis (USD)</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${repeat(draft.rows, (row) => row.key, (row, index) => holdingRow(ctx, row, index))}</tbody>
    </table>
    <div class="actions">
      <button type="button" part="add-holding" @click=${ctx.onAddRow}>Add holding</button>
      <span class="spacer"></span>
      <button type="button" part="cancel" @click=${ctx.onCancel}>Cancel</button>
      <button type="submit" part="save" class="primary" ?disabled=${ctx.saving}>${ctx.saving ? 'Saving…' : draft.mode === 'create' ? 'Create' : 'Save'}</button>
    </div>
  </form>`;
}
