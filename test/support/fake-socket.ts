import { EventEmitter } from 'node:events';

/**
 * Just what SocketHub and ClientConnection use of a `ws` socket, so the server's socket layer can be
 * driven in-process: frames go in with `deliver`, what the server sent collects in `sent`, and a
 * test sets `bufferedAmount` to play a slow reader.
 */
export class FakeSocket extends EventEmitter {
  readonly CLOSED = 3;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closeCode: number | undefined;
  closeReason = '';
  /** Whether the server stopped reading from it, and whether it dropped the connection. */
  paused = false;
  terminated = false;

  send(data: Buffer | string): void {
    this.sent.push(typeof data === 'string' ? data : data.toString('utf8'));
  }
  ping(): void {}
  close(code?: number, reason = ''): void {
    if (this.readyState === this.CLOSED) return;
    this.closeCode = code;
    this.closeReason = reason;
    this.readyState = this.CLOSED;
    this.emit('close', code ?? 1005, Buffer.alloc(0));
  }
  pause(): void {
    this.paused = true;
  }
  terminate(): void {
    this.terminated = true;
    this.close(1006);
  }
  /** Delivers a client frame as `ws` would. */
  deliver(data: string | Buffer, isBinary = false): void {
    this.emit('message', typeof data === 'string' ? Buffer.from(data, 'utf8') : data, isBinary);
  }
}
