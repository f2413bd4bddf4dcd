import fc from 'fast-check';
import type { WebSocket } from 'ws';
import { CHANNELS, MAX_TOKEN_LENGTH, parseServerFrame, type ServerMessage } from '../../src/core/protocol/index.js';
import type { FeedServer } from '../../demo/server/server.js';
import type { ClientConnection } from '../../demo/server/ws/client-connection.js';
import { anyJson, deepJsonText, looseObject, nastyNumber, nastyString, orJunk, rawTextAround } from './arbitraries.js';
import type { Credentials } from './rest-fuzz.js';
import { FakeSocket } from '../support/fake-socket.js';

/**
 * Fuzzes the WebSocket frame handler in-process: a socket stand-in is handed to the server's
 * SocketHub, frames go in as `message` events, and every frame the server sends back is checked
 * against the protocol. No frame may produce an `internal` error or throw.
 */

/** A frame as the fuzzer sends it: JSON of a value, raw text, or binary. */
export type Frame = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array };

export interface FramePools {
  /** Portfolio ids the signed-in user owns, and another user's. */
  own: string[];
  foreign: string[];
  /** Live positions to resume from. */
  positions: () => { epoch: string; seq: number }[];
}

const channel = orJunk(fc.constantFrom(...CHANNELS), 1);
const assetIds = fc.oneof(
  fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom('BTC', 'ETH', 'SOL', 'XRP', 'DOGE') }, { weight: 1, arbitrary: nastyString }), { maxLength: 6 }),
  fc.constant(Array.from({ length: 201 }, () => 'BTC')),
  anyJson,
);
/** Placeholders the runner swaps for live ids and positions, so valid subscribes happen often. */
const OWN = '$own';
const FOREIGN = '$foreign';
const LIVE = '$live';
const portfolioId = fc.oneof({ weight: 3, arbitrary: fc.constant(OWN) }, { weight: 1, arbitrary: fc.constant(FOREIGN) }, { weight: 2, arbitrary: nastyString }, { weight: 1, arbitrary: anyJson });
const params = fc.oneof(
  looseObject({ assetIds }),
  looseObject({ portfolioId }),
  fc.constant({}),
  anyJson,
);
const since = fc.oneof(
  { weight: 3, arbitrary: fc.constant(LIVE) },
  { weight: 2, arbitrary: looseObject({ epoch: orJunk(fc.oneof(nastyString, fc.constant('x'.repeat(65)))), seq: nastyNumber }) },
  { weight: 1, arbitrary: fc.record({ epoch: fc.constant('e'), seq: fc.constantFrom(0, 1, 2 ** 53, -1, 0.5) }) },
);

const subscribe = looseObject({ type: fc.constant('subscribe'), channel, params, since });
const unsubscribe = looseObject({ type: fc.constant('unsubscribe'), channel, params });
const ping = looseObject({ type: fc.constant('ping'), id: fc.oneof(nastyString, nastyNumber, fc.constant('x'.repeat(65)), anyJson) });
const TOKENS = ['$valid', '$other', '$expired', '$forged', '', 'a.b.c', 'x'.repeat(MAX_TOKEN_LENGTH + 1), 'not a token'];
const auth = looseObject({ type: fc.constant('auth'), token: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: anyJson }) });

const asFrame = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Frame> =>
  fc.oneof(
    { weight: 8, arbitrary: value.map((v): Frame => ({ kind: 'json', value: v })) },
    { weight: 1, arbitrary: rawTextAround(value).map((text): Frame => ({ kind: 'text', text })) },
  );

/** Frames that are not any type: junk JSON, non-JSON, binary, oversized, too deep. */
const junk: fc.Arbitrary<Frame> = fc.oneof(
  anyJson.map((v): Frame => ({ kind: 'json', value: v })),
  looseObject({ type: orJunk(fc.constantFrom('subscribe', 'unsubscribe', 'ping', 'auth', 'hello', '__proto__', 'toString')), channel, params, since, id: anyJson, token: anyJson }).map(
    (v): Frame => ({ kind: 'json', value: v }),
  ),
  deepJsonText.map((text): Frame => ({ kind: 'text', text })),
  fc.string({ maxLength: 30 }).map((text): Frame => ({ kind: 'text', text })),
  fc.uint8Array({ maxLength: 30 }).map((bytes): Frame => ({ kind: 'binary', bytes })),
  fc.constantFrom(70_000, 64 * 1024 + 1).map((n): Frame => ({ kind: 'text', text: `{"type":"ping","id":"${'x'.repeat(n)}"}` })),
  fc.constantFrom('{"type":{"toString":1}}', '{"type":{"valueOf":1,"toString":1}}', '{"type":"ping","id":1e999}', '{"type":"ping","id":-0}', '{"__proto__":{"type":"ping"},"id":1}').map(
    (text): Frame => ({ kind: 'text', text }),
  ),
);

export const FRAME_TYPES: Record<string, fc.Arbitrary<Frame>> = {
  subscribe: asFrame(subscribe),
  unsubscribe: asFrame(unsubscribe),
  ping: asFrame(ping),
  auth: asFrame(auth),
  junk,
};

/** A case: a short sequence led by frames of one type, with others mixed in to build up state. */
export function frameCaseArb(type: string): fc.Arbitrary<Frame[]> {
  const lead = FRAME_TYPES[type] as fc.Arbitrary<Frame>;
  const any = fc.oneof(...Object.values(FRAME_TYPES));
  return fc.tuple(lead, fc.array(fc.oneof({ weight: 2, arbitrary: lead }, { weight: 1, arbitrary: any }), { maxLength: 3 })).map(([first, rest]) => [first, ...rest]);
}

export class FrameFuzzer {
  socket!: FakeSocket;
  client!: ClientConnection;
  /** Frames checked, and server messages by type. */
  framesSent = 0;
  readonly received: Record<string, number> = {};

  constructor(
    private readonly server: FeedServer,
    private readonly credentials: Credentials,
    private readonly pools: FramePools,
  ) {
    this.connect();
  }

  connect(): void {
    this.socket = new FakeSocket();
    this.client = this.server.hub.accept(this.socket as unknown as WebSocket, '203.0.113.7');
    this.drain();
  }

  /** Sends a case's frames; throws when the server answered badly. */
  async run(frames: Frame[]): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED || this.client.closed) this.connect();
    for (const frame of frames) {
      this.framesSent += 1;
      if (frame.kind === 'binary') this.socket.deliver(Buffer.from(frame.bytes), true);
      else this.socket.deliver(frame.kind === 'text' ? frame.text : this.fill(frame.value));
      // An `auth` frame is checked asynchronously; later frames queue until it is done.
      while (this.client.pending !== null) await new Promise((resolve) => setImmediate(resolve));
      this.drain();
      if (this.client.subscriptions.size > 200) throw new Error(`connection holds ${this.client.subscriptions.size} subscriptions`);
    }
  }

  /** Checks everything the server sent since the last call. */
  drain(): void {
    for (const text of this.socket.sent.splice(0)) {
      // Data frames are the feed's own output, checked elsewhere; what answers the client is checked here.
      if (text.startsWith('{"type":"price_update"')) {
        this.received.price_update = (this.received.price_update ?? 0) + 1;
        continue;
      }
      const parsed = parseServerFrame(text);
      if (!parsed.ok) throw new Error(`server sent an invalid frame (${parsed.message}): ${text.slice(0, 300)}`);
      const message: ServerMessage = parsed.message;
      this.received[message.type] = (this.received[message.type] ?? 0) + 1;
      if (message.type === 'error' && message.code === 'internal') throw new Error(`server answered "internal": ${text.slice(0, 300)}`);
    }
  }

  /** Swaps the placeholders for live values, then serialises. */
  fill(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (v === OWN) return this.pools.own[this.framesSent % Math.max(1, this.pools.own.length)] ?? 'p_none';
      if (v === FOREIGN) return this.pools.foreign[0] ?? 'p_none';
      if (v === LIVE) {
        const positions = this.pools.positions();
        return positions[this.framesSent % Math.max(1, positions.length)] ?? { epoch: 'e', seq: 0 };
      }
      if (v === '$valid') return this.credentials.users[0]?.token;
      if (v === '$other') return this.credentials.users[1]?.token;
      if (v === '$expired') return this.credentials.expired;
      if (v === '$forged') return this.credentials.forged;
      return v;
    }) ?? 'null';
  }
}

/** Runs `numRuns` cases led by frames of `type`; fast-check shrinks and reports any failure. */
export async function fuzzFrames(fuzzer: FrameFuzzer, type: string, numRuns: number, seed?: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(frameCaseArb(type), (frames) => fuzzer.run(frames)),
    { numRuns, ...(seed !== undefined ? { seed } : {}), includeErrorInReport: true },
  );
}
