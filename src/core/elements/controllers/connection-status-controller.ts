import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionStatus } from '../../socket/index.js';
import type { DataServicesController } from './data-services-controller.js';

/** The status shown when realtime is off or there is no provider: data comes over REST only. */
export const REST_ONLY_STATUS: ConnectionStatus = Object.freeze({
  state: 'polling',
  connected: false,
  connecting: false,
  attempt: 0,
  nextRetryAt: null,
  transport: 'polling',
  sessionId: null,
  lastError: null,
}) as ConnectionStatus;

/** Exposes the socket's connection status as a signal, and a way to retry now. */
export class ConnectionStatusController implements ReactiveController {
  readonly status = signal<ConnectionStatus | undefined>(undefined);

  #stopWatching: (() => void) | null = null;
  #stopListening: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, private readonly data: DataServicesController) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#stopWatching = this.data.watch((services) => {
      this.#stopListening?.();
      this.#stopListening = null;
      const socket = services?.socket;
      if (!services) {
        this.status.set(undefined);
        return;
      }
      if (!socket) {
        this.status.set(REST_ONLY_STATUS);
        return;
      }
      const read = () => this.status.set(socket.getConnectionStatus());
      const offState = socket.on('statechange', read);
      const offError = socket.on('error', read);
      this.#stopListening = () => {
        offState();
        offError();
      };
      read();
    });
  }

  hostDisconnected(): void {
    this.#stopWatching?.();
    this.#stopListening?.();
    this.#stopWatching = this.#stopListening = null;
  }

  /** Tries the WebSocket again at once, skipping the remaining backoff. */
  retryNow(): void {
    this.data.current?.socket?.reconnectNow();
  }
}
