/** What the budget needs of a connection. */
export interface BufferedClient {
  readonly closed: boolean;
  readonly socket: { readonly bufferedAmount: number };
}

/**
 * The cap on unsent bytes summed over every WebSocket, on top of each connection's own cap: many
 * slow readers just under their own limit must not add up to more memory than the server can
 * spare. A connection with a backlog reports itself after a send; once per turn of the event loop
 * (after the batch that filled them) the backlogs are summed, and while the sum is over the cap the
 * connections with the largest backlogs are dropped, largest first.
 */
export class OutgoingBudget<C extends BufferedClient> {
  readonly #backlogged = new Set<C>();
  #scheduled = false;
  /** The sum at the last check, bytes. */
  total = 0;
  /** Connections dropped to keep within the cap, since start. */
  dropped = 0;

  constructor(
    readonly maxTotalBytes: number,
    private readonly drop: (client: C) => void,
  ) {}

  /** A send left `client` with unsent bytes: count it at the next check. */
  note(client: C): void {
    this.#backlogged.add(client);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.check());
  }

  /** Sums the backlogs and drops the largest while over the cap; answers the sum that is left. */
  check(): number {
    this.#scheduled = false;
    let total = 0;
    for (const client of this.#backlogged) {
      const bytes = client.closed ? 0 : client.socket.bufferedAmount;
      if (bytes === 0) this.#backlogged.delete(client);
      else total += bytes;
    }
    if (total > this.maxTotalBytes) {
      const largest = [...this.#backlogged].sort((a, b) => b.socket.bufferedAmount - a.socket.bufferedAmount);
      for (const client of largest) {
        if (total <= this.maxTotalBytes) break;
        total -= client.socket.bufferedAmount;
        this.#backlogged.delete(client);
        this.dropped += 1;
        this.drop(client);
      }
    }
    this.total = total;
    return total;
  }
}
