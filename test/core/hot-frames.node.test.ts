import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  channelParamsProblem,
  channelParamsSchemas,
  checkLivePrices,
  livePricesResponseSchema,
  parseServerFrame,
  serverMessageSchema,
  type Channel,
} from '../../src/core/protocol/index.js';
import { loadedSchemas, loadSchemas } from '../../src/core/protocol/schemas-on-demand.js';
import { parseInboundFrame } from '../../src/core/socket/frame-parser.js';
import { checkHotFrame, checkServerFrame } from '../../src/core/socket/hot-frames.js';

// ── Valid frames, as the schema defines them ────────────────────────────────
// JSON.parse never makes null-prototype objects, so neither do these.
const record = <R extends Record<string, fc.Arbitrary<unknown>>>(model: R) => fc.record(model, { noNullPrototype: true });
const nonNegative = fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.constant(0));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const stamp = fc.oneof(fc.nat(), fc.maxSafeNat());
const assetId = fc.stringMatching(/^[A-Z0-9]{1,12}$/);
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

const price = record({
  assetId, price: nonNegative, open24h: nonNegative, high24h: nonNegative, low24h: nonNegative, volume24h: nonNegative,
  change24h: finite, changePercent24h: finite, marketCap: nonNegative, ts: stamp,
});
const allocation = record({
  assetId, quantity: nonNegative, price: nonNegative, value: nonNegative, weight: nonNegative, pnl: finite, change24hPercent: finite,
});
const portfolio = record({
  portfolioId: id, name: fc.string(), totalValue: nonNegative, totalCost: nonNegative, pnl: finite, pnlPercent: finite,
  change24h: finite, change24hPercent: finite, allocation: fc.array(allocation, { maxLength: 4 }), ts: stamp,
});
const loss = record({
  confidence: fc.double({ min: 0, max: 1, minExcluded: true, maxExcluded: true, noNaN: true }),
  horizonDays: fc.double({ min: 0, minExcluded: true, noNaN: true, noDefaultInfinity: true }),
  historical: finite, parametric: finite,
});
const risk = record({
  portfolioId: id,
  score: fc.double({ min: 0, max: 100, noNaN: true }),
  level: fc.constantFrom('low', 'medium', 'high', 'critical'),
  trend: fc.constantFrom('improving', 'stable', 'deteriorating'),
  breakdown: fc.array(
    record({
      factor: fc.constantFrom('volatility', 'valueAtRisk', 'drawdown', 'concentration', 'correlation'),
      value: finite, score: nonNegative, weight: nonNegative, contribution: nonNegative,
    }),
    { maxLength: 5 },
  ),
  valueAtRisk: loss, expectedShortfall: loss, volatility: finite, maxDrawdown: finite,
  sharpeRatio: fc.option(finite, { nil: null }), concentration: nonNegative, ts: stamp,
});

const envelope = <T>(type: string, channel: string, data: fc.Arbitrary<T>) =>
  record({ type: fc.constant(type), channel: fc.constant(channel), stream: fc.string(), epoch: fc.string(), seq: stamp, ts: stamp, data });

const validFrame = fc.oneof(
  envelope('price_update', 'price_updates', price),
  envelope('portfolio_update', 'portfolio_updates', portfolio),
  envelope('risk_metrics_update', 'risk_metrics_updates', risk),
);

// The control frames a connection meets, each with its optional keys present or absent.
const channel = fc.constantFrom('price_updates', 'portfolio_updates', 'risk_metrics_updates', 'alerts');
const int = fc.oneof(fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));
const positive = fc.oneof(fc.integer({ min: 1 }), fc.constant(Number.MAX_SAFE_INTEGER));
// A `__proto__` key is valid, but the checks leave it to the schema (see isRecord), so valid frames here have none.
const recordKey = (maxLength: number) => fc.string({ maxLength }).filter((key) => key !== '__proto__');
const params = fc.dictionary(recordKey(8), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true });
const position = record({ epoch: fc.string({ minLength: 1, maxLength: 64 }), seq: stamp });
const issue = record({ path: fc.string(), message: fc.string() });
const control = <R extends Record<string, fc.Arbitrary<unknown>>>(type: string, model: R, optional: Array<keyof R> = []) =>
  fc.record({ type: fc.constant(type), ...model }, { requiredKeys: ['type', ...Object.keys(model).filter((key) => !optional.includes(key))] as never, noNullPrototype: true });
const validControlFrame = fc.oneof(
  control('welcome', { sessionId: fc.string(), heartbeatMs: positive, serverTime: stamp, protocolVersion: int, maxFrameBytes: positive }),
  control('subscribed', { channel, params, recovered: fc.boolean(), positions: fc.dictionary(recordKey(20), position, { maxKeys: 3, noNullPrototype: true }) }, ['params', 'recovered']),
  control('unsubscribed', { channel, params }, ['params']),
  control('pong', { id: fc.oneof(fc.string(), finite), serverTime: stamp }),
  control('heartbeat', { serverTime: stamp }),
  control('error', {
    code: fc.constantFrom('bad_json', 'bad_frame', 'frame_too_large', 'bad_params', 'unknown_channel', 'not_found', 'rate_limited', 'unauthorized', 'token_expired', 'forbidden', 'internal'),
    message: fc.string(), issues: fc.array(issue, { maxLength: 3 }), channel,
  }, ['issues', 'channel']),
  control('authenticated', { userId: fc.string(), expiresAt: fc.option(stamp, { nil: null }) }),
  control('auth_expired', { graceMs: stamp }),
);

// ── Malformed frames: one valid frame with a value replaced, a key dropped or a key added ──
const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom<unknown>(Infinity, -Infinity, NaN, -1, -0.5, 0.5, 1.5, 2 ** 53, -(2 ** 53), 100.5, 1, 0, null, '', 'BTC', 'btc', 'low', 'alerts', [], {}, true),
  fc.constantFrom('price_update', 'portfolio_update', 'risk_metrics_update', 'alert', 'price_updates', 'portfolio_updates'),
);

type Path = Array<string | number>;
function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...at, i], out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) pathsOf(item, [...at, key], out);
  return out;
}

/** Returns a changed deep copy, and whether a key was added (the schema strips unknown keys). */
function mutate(frame: unknown, pick: number, kind: 'replace' | 'drop' | 'add', value: unknown, key: string): { frame: unknown; added: boolean } {
  const copy = structuredClone(frame) as Record<string | number, unknown>;
  const paths = pathsOf(copy).slice(1);
  const path = paths[pick % paths.length]!;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, k) => node[k] as Record<string | number, unknown>, copy);
  const last = path[path.length - 1]!;
  if (kind === 'replace') parent[last] = value;
  else if (kind === 'drop' && !Array.isArray(parent)) delete parent[last];
  else if (kind === 'drop') parent[last] = value;
  else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      // An own key, as JSON.parse makes it: assigning `__proto__` would change the prototype instead.
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      return { frame: copy, added: true };
    }
    parent[last] = value;
  }
  return { frame: copy, added: false };
}

const malformedOf = (valid: fc.Arbitrary<unknown>) => fc
  .tuple(valid, fc.nat(), fc.constantFrom<'replace' | 'drop' | 'add'>('replace', 'drop', 'add'), oddValue, fc.string({ maxLength: 12 }))
  .map(([frame, pick, kind, value, key]) => mutate(frame, pick, kind, value, key));
const malformed = malformedOf(validFrame);
const malformedControl = malformedOf(validControlFrame);

function schemaSays(json: unknown) {
  return serverMessageSchema.safeParse(json);
}

describe('hot-frame fast path', () => {
  before(() => loadSchemas());

  it('accepts every valid hot frame, returning exactly what the schema returns', () => {
    fc.assert(
      fc.property(validFrame, (frame) => {
        const fast = checkHotFrame(frame);
        const zod = schemaSays(frame);
        assert.ok(zod.success, 'the generator made a frame the schema refuses');
        assert.ok(fast, 'the fast path refused a valid frame');
        assert.deepEqual(fast, zod.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('never accepts what the schema refuses, and agrees with it whenever no unknown key was added', () => {
    let refused = 0;
    fc.assert(
      fc.property(malformed, ({ frame, added }) => {
        const fast = checkHotFrame(frame);
        const zod = schemaSays(frame);
        if (!zod.success) refused++;
        if (fast) {
          assert.ok(zod.success, `fast path accepted a frame the schema refuses: ${JSON.stringify(frame)}`);
          assert.deepEqual(fast, zod.data);
        } else if (!added && !bendsPrototype(frame)) {
          assert.ok(!zod.success, `fast path fell back on a frame the schema accepts unchanged: ${JSON.stringify(frame)}`);
        }
      }),
      { numRuns: 10_000 },
    );
    assert.ok(refused > 5000, `too few malformed frames were generated (${refused})`);
  });

  it('leaves arbitrary JSON to the schema', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const fast = checkHotFrame(json);
        if (fast) assert.deepEqual(fast, schemaSays(json).data);
      }),
      { numRuns: 2000 },
    );
  });

  it('names a refused frame\'s type only when it is a string, and never throws on an object type', () => {
    for (const type of [{}, { toString: 1 }, 7, null]) {
      const raw = JSON.stringify({ type, channel: 'price_updates', data: {} });
      const inbound = parseInboundFrame(raw, 65536);
      assert.equal(inbound?.ok, false);
      assert.match((inbound as { message: string }).message, /^invalid "\?" frame: /);
      assert.deepEqual(inbound, parseServerFrame(raw, 65536));
    }
  });

  it('parses frames on the wire to the same result as parseServerFrame, error messages included', () => {
    fc.assert(
      fc.property(fc.oneof(validFrame, malformed.map((m) => m.frame), validControlFrame, malformedControl.map((m) => m.frame)), (frame) => {
        const text = JSON.stringify(frame);
        if (text === undefined) return;
        assert.deepEqual(parseInboundFrame(text, 1 << 20), parseServerFrame(text, 1 << 20));
      }),
      { numRuns: 3000 },
    );
    for (const text of ['{', 'null', '[]', '{"type":"price_update"}', 'x'.repeat(50)]) {
      assert.deepEqual(parseInboundFrame(text, 40), parseServerFrame(text, 40));
    }
  });
});

/** Whether `json` has an own `__proto__` key anywhere (JSON.parse makes one; the checks leave such records to the schema). */
function bendsPrototype(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  return Object.hasOwn(json, '__proto__') || Object.values(json).some(bendsPrototype);
}

/** Holds a check to its schema: never accepts what the schema refuses, returns exactly its output, falls back only when unsure. */
function agrees(check: (json: unknown) => unknown, schema: { safeParse(json: unknown): { success: boolean; data?: unknown } }, json: unknown, added: boolean) {
  const fast = check(json);
  const zod = schema.safeParse(json);
  if (fast) {
    assert.ok(zod.success, `the check accepted what the schema refuses: ${JSON.stringify(json)}`);
    assert.deepEqual(fast, zod.data);
  } else if (!added && !bendsPrototype(json)) {
    assert.ok(!zod.success, `the check fell back on a value the schema accepts unchanged: ${JSON.stringify(json)}`);
  }
  return zod.success;
}

describe('control-frame, snapshot and params checks (what a price widget meets without loading zod)', () => {
  it('accepts every valid control frame, returning exactly what the schema returns', () => {
    fc.assert(fc.property(validControlFrame, (frame) => {
      assert.ok(agrees(checkServerFrame, serverMessageSchema, frame, false), `the generator made a frame the schema refuses: ${JSON.stringify(frame)}`);
      assert.ok(checkServerFrame(frame));
    }), { numRuns: 1500 });
  });

  it('never accepts a malformed control frame the schema refuses', () => {
    let refused = 0;
    fc.assert(fc.property(malformedControl, ({ frame, added }) => {
      if (!agrees(checkServerFrame, serverMessageSchema, frame, added)) refused++;
    }), { numRuns: 5000 });
    assert.ok(refused > 2000, `too few malformed frames were generated (${refused})`);
  });

  it('leaves alerts, arbitrary JSON and prototype-bending keys to the schema', () => {
    // Found by the malformed-frame property: a record with an own __proto__ key, which the schema accepts.
    assert.equal(checkServerFrame(JSON.parse('{"type":"unsubscribed","channel":"price_updates","params":{"__proto__":0}}')), undefined);
    fc.assert(fc.property(fc.jsonValue(), (json) => void agrees(checkServerFrame, serverMessageSchema, json, true)), { numRuns: 2000 });
    const sneaky = JSON.parse('{"type":"subscribed","channel":"alerts","positions":{"__proto__":{"epoch":"e","seq":1}}}');
    assert.equal(checkServerFrame(sneaky), undefined);
    assert.equal(checkServerFrame({ type: 'alert', channel: 'alerts', stream: 'alerts', epoch: 'e', seq: 1, ts: 1, data: {} }), undefined);
  });

  it('checks the live-prices snapshot exactly as its schema does', () => {
    const body = record({ prices: fc.array(price, { maxLength: 4 }), ts: finite });
    fc.assert(fc.property(body, (json) => {
      assert.ok(agrees(checkLivePrices, livePricesResponseSchema, json, false));
    }), { numRuns: 500 });
    fc.assert(fc.property(malformedOf(body), ({ frame, added }) => void agrees(checkLivePrices, livePricesResponseSchema, frame, added)), { numRuns: 2000 });
  });

  it('refuses exactly the subscribe params the channel schemas refuse, naming the field', () => {
    const value = fc.oneof(
      fc.constant(undefined),
      record({ assetIds: fc.array(fc.oneof(assetId, fc.string({ maxLength: 4 })), { maxLength: 5 }) }),
      record({ assetIds: fc.array(assetId, { minLength: 199, maxLength: 202 }) }),
      record({ portfolioId: fc.oneof(id, fc.string({ maxLength: 70 })) }),
      fc.dictionary(fc.constantFrom('assetIds', 'portfolioId', 'x'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2, noNullPrototype: true }),
      fc.jsonValue({ maxDepth: 1 }),
    );
    let refused = 0;
    fc.assert(fc.property(channel, value, (name, params) => {
      const problem = channelParamsProblem(name as Channel, params as never);
      const zod = channelParamsSchemas[name as Channel].safeParse(params ?? {});
      assert.equal(problem === undefined, zod.success, `${name} ${JSON.stringify(params)}: check says ${problem ?? 'ok'}`);
      if (problem) {
        refused++;
        assert.match(problem, /^(\(root\)|assetIds(\.\d+)?|portfolioId): \S/);
      }
    }), { numRuns: 2000 });
    assert.ok(refused > 300, `too few refused params were generated (${refused})`);
  });

  it('parses a frame that needs the schema only once the schema has loaded', async () => {
    assert.ok(loadedSchemas(), 'loaded by the suite above');
    const alert = JSON.stringify({ type: 'alert', channel: 'alerts', stream: 'alerts', epoch: 'e', seq: 1, ts: 1, data: {} });
    assert.equal(parseInboundFrame(alert, 1 << 20)?.ok, false);
  });
});
