import type { QueryObserverResult } from '@tanstack/query-core';
import type { ConnectionStatus } from '../../core/elements/index.js';

/** What a widget is showing, from its data's point of view. */
export type ViewState = 'loading' | 'live' | 'stale' | 'reconnecting' | 'polling' | 'offline' | 'error';

export interface ViewStateInput {
  result: Pick<QueryObserverResult<unknown, Error>, 'data' | 'error' | 'isError' | 'dataUpdatedAt'> | undefined;
  status: ConnectionStatus | undefined;
  /** True when the widget has services at all (a provider or the page default). */
  hasServices: boolean;
  now: number;
  /** Data older than this while connected counts as stale, in ms. */
  staleAfterMs: number;
  /** `navigator.onLine`, a hint: false means the browser knows it is offline. */
  online: boolean;
}

/**
 * Reduces a query result and the connection status to one state. Data already on screen is
 * never dropped: with data, problems show as reconnecting / polling / offline / stale, and only a
 * widget with nothing to show reaches `error`.
 */
export function deriveViewState(input: ViewStateInput): ViewState {
  const { result, status } = input;
  if (!input.hasServices) return 'error';
  const hasData = result?.data !== undefined;
  if (!hasData) return result?.isError ? 'error' : 'loading';
  if (!input.online) return 'offline';
  switch (status?.state) {
    case 'connecting':
    case 'reconnecting':
      return 'reconnecting';
    case 'polling':
      return 'polling';
    case 'suspended':
    case 'closed':
      return 'offline';
    default:
      break;
  }
  if (result?.isError) return 'stale';
  return input.now - (result?.dataUpdatedAt ?? 0) > input.staleAfterMs ? 'stale' : 'live';
}

/** What a widget's header shows: its state, and the result it describes. */
export interface ShownState<R> {
  state: ViewState;
  result: R;
}

/**
 * Whether the header would show the same: the same state, and, outside `live` (where the status
 * line gives an age or an error), the same result. A tick then leaves a live widget's header alone.
 */
export const sameShownState = <R>(a: ShownState<R>, b: ShownState<R>): boolean => a.state === b.state && (a.state === 'live' || a.result === b.result);
