import type { ConnectionStatus } from '../../core/elements/index.js';

/** The states `<connection-status>` tells apart. */
export type ConnectionDisplayState = 'connected' | 'connecting' | 'reconnecting' | 'polling' | 'offline';

export const STATE_LABEL: Record<ConnectionDisplayState, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  polling: 'Polling',
  offline: 'Offline',
};

/**
 * Folds the socket's seven states into the five a person cares about: `suspended` and `closed`
 * both mean no data is coming, and a browser that knows it is offline is offline whatever the
 * socket still believes.
 */
export function displayState(status: ConnectionStatus | undefined, online: boolean): ConnectionDisplayState {
  if (!status || !online) return 'offline';
  switch (status.state) {
    case 'connected':
      return 'connected';
    case 'idle':
    case 'connecting':
      return 'connecting';
    case 'reconnecting':
      return 'reconnecting';
    case 'polling':
      return 'polling';
    case 'suspended':
    case 'closed':
      return 'offline';
  }
}
