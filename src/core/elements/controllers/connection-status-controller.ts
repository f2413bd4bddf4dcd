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
  #poll: ReturnType<typeof setInterval> | null = null;

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
      const read = () => {
        const next = socket.getConnectionStatus();
        const prev = this.status.get();
        if (!prev || prev.state !== next.state || prev.attempt !== next.attempt || prev.nextRetryAt !== next.nextRetryAt ||
          prev.connecting !== next.connecting || prev.transport !== next.transport || prev.lastError !== next.lastError) {
          this.status.set(next);
        }
        this.#pollWhileWaiting(next.state, read);
      };
      // The client announces a state before it schedules the next try, so read again once the
      // current task is done to pick up `nextRetryAt`.
      const readNowAndAfter = () => {
        read();
        queueMicrotask(read);
      };
      const offState = socket.on('statechange', readNowAndAfter);
      const offError = socket.on('error', readNowAndAfter);
      this.#stopListening = () => {
        offState();
        offError();
        this.#stopPolling();
      };
      read();
    });
  }

  /**
   * While the client waits (reconnecting, polling, suspended) its attempt counter and next-try
   * time move without a state change, so re-read them once a second for countdowns.
   */
  #pollWhileWaiting(state: string, read: () => void): void {
    const waiting = state === 'reconnecting' || state === 'polling' || state === 'suspended' || state === 'connecting';
    if (waiting && !this.#poll) this.#poll = setInterval(read, 1000);
    if (!waiting) this.#stopPolling();
  }

  #stopPolling(): void {
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
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
