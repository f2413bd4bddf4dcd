import {
  portfolioCreateSchema,
  portfolioPatchSchema,
  validate,
  type FieldIssue,
  type Portfolio,
  type PortfolioCreate,
  type PortfolioPatch,
} from '../../core/protocol/index.js';

/** One holding as typed: numbers stay text until the form is checked. */
export interface HoldingRow {
  /** Stable across edits, so `repeat` keeps each row's inputs (and focus) in place. */
  key: number;
  assetId: string;
  quantity: string;
  costBasis: string;
}

/** The editor's content: a new portfolio, or changes to an existing one. */
export interface Draft {
  mode: 'create' | 'edit';
  /** The edited portfolio; only in `edit` mode. */
  original?: Portfolio;
  name: string;
  rows: HoldingRow[];
}

/** Problems by field path (`name`, `holdings.0.quantity`, or `form` for the rest). */
export type Issues = ReadonlyMap<string, string>;

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issues };

let nextKey = 0;

export function emptyRow(assetId = ''): HoldingRow {
  return { key: ++nextKey, assetId, quantity: '', costBasis: '' };
}

export function newDraft(): Draft {
  return { mode: 'create', name: '', rows: [emptyRow()] };
}

export function draftOf(portfolio: Portfolio): Draft {
  return {
    mode: 'edit',
    original: portfolio,
    name: portfolio.name,
    rows: portfolio.holdings.map((h) => ({ key: ++nextKey, assetId: h.assetId, quantity: String(h.quantity), costBasis: String(h.costBasis) })),
  };
}

/** The field a path belongs to, as an element id inside the shadow root. */
export const fieldId = (path: string) => `field-${path.replace(/\./g, '-')}`;
/** The element that holds a field's message. */
export const messageId = (path: string) => `message-${path.replace(/\./g, '-')}`;

const FIELDS = /^(name|holdings\.\d+\.(assetId|quantity|costBasis))$/;

// Blank numbers go to the schema as undefined, so they fail there rather than pass as 0.
const toNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

function holdingsOf(draft: Draft) {
  return draft.rows.map((row) => ({ assetId: row.assetId, quantity: toNumber(row.quantity), costBasis: toNumber(row.costBasis) }));
}

/**
 * Puts each issue on the field it names. Messages for blank inputs say so plainly; paths no input
 * matches (the whole list, the root) are collected under `form`.
 */
export function issuesByField(issues: readonly FieldIssue[], draft: Draft): Issues {
  const out = new Map<string, string>();
  for (const issue of issues) {
    const path = FIELDS.test(issue.path) ? issue.path : 'form';
    const [, index, field] = /^holdings\.(\d+)\.(\w+)$/.exec(issue.path) ?? [];
    const row = index !== undefined ? draft.rows[Number(index)] : undefined;
    const blank = row && field && (row as unknown as Record<string, string>)[field]?.trim() === '';
    const message = blank ? (field === 'assetId' ? 'Choose an asset' : 'Enter a number') : issue.message;
    const text = path === 'form' && issue.path !== '(root)' ? `${issue.path}: ${message}` : message;
    const existing = out.get(path);
    if (!existing) out.set(path, text);
    else if (path === 'form') out.set(path, `${existing}; ${text}`);
  }
  return out;
}

/** The body for `POST /api/portfolios`, checked with the protocol's schema. */
export function checkCreate(draft: Draft): Checked<PortfolioCreate> {
  const result = validate(portfolioCreateSchema, { name: draft.name, holdings: holdingsOf(draft) });
  return result.ok ? result : { ok: false, issues: issuesByField(result.issues, draft) };
}

/**
 * The patch for `PATCH /api/portfolios/:id` with only what changed, checked with the protocol's
 * schema; null when nothing changed.
 */
export function checkPatch(draft: Draft): Checked<PortfolioPatch> | null {
  const original = draft.original;
  const holdings = holdingsOf(draft);
  const patch: Record<string, unknown> = {};
  if (!original || draft.name.trim() !== original.name) patch['name'] = draft.name;
  if (!original || JSON.stringify(holdings) !== JSON.stringify(original.holdings)) patch['holdings'] = holdings;
  if (!Object.keys(patch).length) return null;
  const result = validate(portfolioPatchSchema, patch);
  return result.ok ? result : { ok: false, issues: issuesByField(result.issues, draft) };
}
