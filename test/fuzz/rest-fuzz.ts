import fc from 'fast-check';
import type * as z from 'zod/mini';
import {
  alertRuleSchema,
  alertSchema,
  alertWithSeqSchema,
  MAX_TOKEN_LENGTH,
  portfolioLiveSchema,
  portfolioSchema,
  portfoliosResponseSchema,
  REST_ERROR_CODES,
  restErrorBodySchema,
  isSafeText,
  riskMetricsSchema,
  validate,
  watchlistItemSchema,
} from '../../src/core/protocol/index.js';
import type { FeedServer } from '../../demo/server/server.js';
import { anyJson, looseObject, nastyNumber, nastyString, orJunk, payloadOf, payloadText, type Payload } from './arbitraries.js';

/**
 * Fuzzes every REST write of the feed server in-process (`app.inject`): bodies, path parameters,
 * content types, Idempotency-Keys and tokens. Every answer must be below 500, in the shared error
 * shape when it is an error (never `internal`), and valid against the protocol when it succeeds; a
 * portfolio written successfully must value to finite numbers.
 */

type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** An id the server handed out, and the user it belongs to (undefined: anyone may use it). */
interface Owned {
  id: string;
  owner: string | undefined;
}

/** Ids the server knows right now, newest last, at most POOL_SIZE of each. */
interface Pools {
  portfolios: Owned[];
  rules: Owned[];
  alerts: Owned[];
}

const POOL_SIZE = 200;

/** The target of a case, from what exists right now and who is asking (undefined: nobody). */
type PathOf = (pools: Pools, user: string | undefined) => string;

export interface Endpoint {
  name: string;
  method: Method;
  /** A hostile case's path: an id the server knows, a plausible one, or something hostile. */
  path: fc.Arbitrary<PathOf>;
  /** A hostile case's body. */
  body: fc.Arbitrary<Payload>;
  /**
   * A well-formed case (the caller's own id, a body the endpoint accepts), so the success paths and
   * what they store are fuzzed as much as the refusals.
   */
  valid: { path: fc.Arbitrary<PathOf>; body: fc.Arbitrary<Payload> };
  /** The schema of a 2xx body (none: 204). */
  ok?: z.ZodMiniType;
  /** Fields of a 2xx body that hold the client's free text: they must obey the text rules. */
  texts?: string[];
  /** After a success: what the server now knows (ids to reuse), or no longer knows. */
  learn?: (body: any, pools: Pools, user: string | undefined, url: string) => void;
}

const ASSETS = ['BTC', 'ETH', 'SOL', 'USDT', 'DOGE'];

const assetId = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ASSETS) }, { weight: 2, arbitrary: nastyString });

const holding = orJunk(looseObject({ assetId, quantity: nastyNumber, costBasis: nastyNumber }));
const holdings = fc.oneof(
  { weight: 8, arbitrary: fc.array(holding, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(100, 101).map((n) => Array.from({ length: n }, (_, i) => ({ assetId: ASSETS[i % ASSETS.length], quantity: 1 + i, costBasis: i }))) },
  { weight: 1, arbitrary: anyJson },
);
const portfolioName = fc.oneof({ weight: 3, arbitrary: nastyString }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) }, { weight: 1, arbitrary: anyJson });

/** What a client that follows the rules sends. */
const goodName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,30}[A-Za-z0-9]$/);
const goodAmount = fc.double({ min: 1e-8, max: 1e9, noNaN: true });
const goodHoldings = fc.array(fc.record({ assetId: fc.constantFrom(...ASSETS), quantity: goodAmount, costBasis: fc.double({ min: 0, max: 1e9, noNaN: true }) }), { maxLength: 6 });
const json = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Payload> => value.map((v): Payload => ({ kind: 'json', value: v }));
const noBody = fc.constant<Payload>({ kind: 'none' });

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One of the ids in `pool`: the asking user's own most of the time, anyone's otherwise. */
function known(pool: keyof Pools | null, mineOnly = false): fc.Arbitrary<PathOf> {
  return fc.nat().map((n) => (pools: Pools, user: string | undefined) => {
    if (!pool) return ASSETS[n % ASSETS.length] as string;
    const all = pools[pool];
    const mine = all.filter((o) => o.owner === undefined || o.owner === user);
    const list = mineOnly || n % 4 !== 0 ? mine : all;
    return list.length ? (list[n % list.length] as Owned).id : 'none';
  });
}

/** A path segment: an id the server knows, a plausible one, or something hostile (encoded or not). */
function segment(pool: keyof Pools | null): fc.Arbitrary<PathOf> {
  // Lone surrogates cannot be percent-encoded as UTF-8; the raw list sends their WTF-8 bytes instead.
  const hostile = nastyString.map((s): PathOf => () => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd')));
  const raw = fc.constantFrom('%', '%zz', '%00', '%2F', '..', '%2e%2e', 'a%20b', 'x'.repeat(300), '%F0%9F', '%ED%A0%80').map((s): PathOf => () => s);
  return fc.oneof({ weight: 6, arbitrary: known(pool) }, { weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: raw });
}

const at = (prefix: string, seg: fc.Arbitrary<PathOf>, suffix = '') => seg.map((s): PathOf => (pools, user) => `${prefix}${s(pools, user)}${suffix}`);
const fixed = (path: string) => fc.constant<PathOf>(() => path);

/** Remembers an id, keeping the newest POOL_SIZE. */
const remember = (list: Owned[], item: Owned) => {
  list.push(item);
  if (list.length > POOL_SIZE) list.shift();
};
/** Forgets the id a successful DELETE named (the last segment of its URL). */
const forget = (list: Owned[], url: string) => {
  const id = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  const i = list.findIndex((o) => o.id === id);
  if (i >= 0) list.splice(i, 1);
};

/** A body that should not be there: most writes with parameters take none. */
const strayBody = payloadOf(fc.oneof(fc.constant({}), anyJson));

/**
 * A write that names its target in the path and takes no body: `prefix`, an id from `pool` (null:
 * an asset id), `suffix`. A successful DELETE forgets the id it named.
 */
function onTarget(method: Method, prefix: string, pool: keyof Pools | null, options: { suffix?: string; ok?: z.ZodMiniType } = {}): Endpoint {
  const suffix = options.suffix ?? '';
  const endpoint: Endpoint = {
    name: `${method} ${prefix}:${pool === null ? 'assetId' : 'id'}${suffix}`,
    method,
    path: at(prefix, segment(pool), suffix),
    body: strayBody,
    valid: { path: at(prefix, known(pool, true), suffix), body: noBody },
  };
  if (options.ok) endpoint.ok = options.ok;
  if (method === 'DELETE' && pool !== null) endpoint.learn = (_body, pools, _user, url) => forget(pools[pool], url);
  return endpoint;
}

export const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /api/portfolios',
    method: 'POST',
    path: fixed('/api/portfolios'),
    body: payloadOf(looseObject({ name: portfolioName, holdings })),
    valid: { path: fixed('/api/portfolios'), body: json(fc.record({ name: goodName, holdings: goodHoldings })) },
    ok: portfolioSchema,
    texts: ['name'],
    learn: (body, pools, user) => remember(pools.portfolios, { id: body.id, owner: user }),
  },
  {
    name: 'PATCH /api/portfolios/:id',
    method: 'PATCH',
    path: at('/api/portfolios/', segment('portfolios')),
    body: payloadOf(looseObject({ name: portfolioName, holdings })),
    valid: {
      path: at('/api/portfolios/', known('portfolios', true)),
      body: json(fc.oneof(fc.record({ name: goodName }), fc.record({ holdings: goodHoldings }), fc.record({ name: goodName, holdings: goodHoldings }))),
    },
    ok: portfolioSchema,
    texts: ['name'],
  },
  onTarget('DELETE', '/api/portfolios/', 'portfolios'),
  onTarget('POST', '/api/alerts/', 'alerts', { suffix: '/ack', ok: alertSchema }),
  {
    name: 'POST /api/alert-rules',
    method: 'POST',
    path: fixed('/api/alert-rules'),
    body: payloadOf(looseObject({ assetId, condition: orJunk(fc.constantFrom('above', 'below')), price: nastyNumber })),
    valid: { path: fixed('/api/alert-rules'), body: json(fc.record({ assetId: fc.constantFrom(...ASSETS), condition: fc.constantFrom('above', 'below'), price: goodAmount })) },
    ok: alertRuleSchema,
    learn: (body, pools, user) => remember(pools.rules, { id: body.id, owner: user }),
  },
  onTarget('DELETE', '/api/alert-rules/', 'rules'),
  onTarget('PUT', '/api/watchlist/', null, { ok: watchlistItemSchema }),
  onTarget('DELETE', '/api/watchlist/', null),
  {
    name: 'POST /api/dev/alerts',
    method: 'POST',
    path: fixed('/api/dev/alerts'),
    body: payloadOf(
      looseObject({
        kind: orJunk(fc.constantFrom('price_move', 'price_threshold', 'portfolio_drawdown', 'risk_level', 'risk_threshold')),
        severity: orJunk(fc.constantFrom('info', 'warning', 'critical')),
        title: nastyString,
        message: fc.oneof(nastyString, fc.constantFrom('x'.repeat(2000), 'x'.repeat(2001))),
        assetId,
        portfolioId: orJunk(fc.constantFrom('p_missing', 'nope')),
      }),
    ),
    valid: {
      path: fixed('/api/dev/alerts'),
      body: json(
        fc.record(
          { severity: fc.constantFrom('info', 'warning', 'critical'), title: goodName, message: goodName, assetId: fc.constantFrom(...ASSETS) },
          { requiredKeys: [] },
        ),
      ),
    },
    ok: alertWithSeqSchema,
    texts: ['title', 'message'],
    learn: (body, pools) => remember(pools.alerts, { id: body.id, owner: undefined }),
  },
  {
    name: 'POST /api/demo/token',
    method: 'POST',
    path: fixed('/api/demo/token'),
    body: payloadOf(fc.oneof(fc.constant({}), anyJson)),
    valid: { path: fixed('/api/demo/token'), body: fc.constantFrom<Payload>({ kind: 'json', value: {} }, { kind: 'none' }) },
  },
];

const pushKey = (bytes: number) => fc.oneof(fc.constant(Buffer.alloc(bytes, 7).toString('base64url')), nastyString);
const pushEndpoint = fc.oneof(
  fc.constantFrom('https://push.invalid/sub/1', 'http://127.0.0.1:9/push', 'http://evil.example/push', 'javascript:alert(1)', 'file:///etc/passwd', `https://x.invalid/${'a'.repeat(2050)}`),
  nastyString,
);
/** A few endpoints that valid subscribes store and valid unsubscribes remove. */
const goodPushEndpoint = fc.integer({ min: 0, max: 7 }).map((n) => `https://push.invalid/sub/${n}`);

/** Push subscriptions, fuzzed on a server of their own (a stored https endpoint would receive pushes). */
export const PUSH_ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /api/push/subscriptions',
    method: 'POST',
    path: fixed('/api/push/subscriptions'),
    body: payloadOf(
      looseObject({
        subscription: orJunk(looseObject({ endpoint: pushEndpoint, expirationTime: orJunk(fc.oneof(fc.constant(null), nastyNumber)), keys: orJunk(looseObject({ p256dh: pushKey(65), auth: pushKey(16) })) })),
        severities: orJunk(fc.array(fc.constantFrom('info', 'warning', 'critical', 'loud'), { maxLength: 5 })),
      }),
    ),
    valid: {
      path: fixed('/api/push/subscriptions'),
      body: json(
        fc.record(
          {
            subscription: fc.record({
              endpoint: goodPushEndpoint,
              expirationTime: fc.constant(null),
              keys: fc.record({ p256dh: fc.constant(Buffer.alloc(65, 4).toString('base64url')), auth: fc.constant(Buffer.alloc(16, 9).toString('base64url')) }),
            }),
            severities: fc.uniqueArray(fc.constantFrom('info', 'warning', 'critical'), { minLength: 1, maxLength: 3 }),
          },
          { requiredKeys: ['subscription'] },
        ),
      ),
    },
  },
  {
    name: 'DELETE /api/push/subscriptions',
    method: 'DELETE',
    path: fixed('/api/push/subscriptions'),
    body: payloadOf(looseObject({ endpoint: pushEndpoint })),
    valid: { path: fixed('/api/push/subscriptions'), body: json(fc.record({ endpoint: goodPushEndpoint })) },
  },
];

export interface Credentials {
  /** Valid tokens of a few users. */
  users: { id: string; token: string }[];
  /** An expired token and one signed with another key. */
  expired: string;
  forged: string;
}

type Auth = { kind: 'user'; index: number } | { kind: 'header'; value: string } | { kind: 'none' };

const authArb: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 12, arbitrary: fc.nat().map((index): Auth => ({ kind: 'user', index })) },
  { weight: 1, arbitrary: fc.constant<Auth>({ kind: 'none' }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom('expired', 'forged', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer a.b.c', `Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}.b.c`, 'Bearer a.b', 'Bearer ...'),
        fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
      )
      .map((value): Auth => ({ kind: 'header', value })),
  },
);

const contentTypeArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;charset=latin1',
      'application/json ; x=y',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const idempotencyArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom('k1', 'k2', 'k3') },
  { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(256), 'x'.repeat(255), ' ', 'ü') },
);

export interface RestCase {
  path: PathOf;
  body: Payload;
  auth: Auth;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
}

/** A case: hostile three times in four, well-formed (a signed-in user's own ids, a body it accepts) otherwise. */
export function caseArb(endpoint: Endpoint): fc.Arbitrary<RestCase> {
  const hostile = fc.record({ path: endpoint.path, body: endpoint.body, auth: authArb, contentType: contentTypeArb, idempotencyKey: idempotencyArb });
  const valid = fc.record({
    path: endpoint.valid.path,
    body: endpoint.valid.body,
    auth: fc.nat().map((index): Auth => ({ kind: 'user', index })),
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
    idempotencyKey: fc.option(fc.uuid(), { nil: undefined, freq: 4 }),
  });
  return fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: valid });
}

/** Counts of what the fuzzer saw, by status. */
export type StatusCounts = Record<number, number>;

export class RestFuzzer {
  readonly pools: Pools = { portfolios: [], rules: [], alerts: [] };
  readonly statuses: StatusCounts = {};
  /** Statuses per endpoint, by name. */
  readonly byEndpoint: Record<string, StatusCounts> = {};

  constructor(
    private readonly server: FeedServer,
    private readonly credentials: Credentials,
  ) {}

  /** Sends one case; throws (with what went wrong) when the server misbehaved. */
  async run(endpoint: Endpoint, c: RestCase): Promise<void> {
    const headers: Record<string, string> = {};
    let userId: string | undefined;
    if (c.auth.kind === 'user') {
      const user = this.credentials.users[c.auth.index % this.credentials.users.length] as { id: string; token: string };
      headers.authorization = `Bearer ${user.token}`;
      userId = user.id;
    } else if (c.auth.kind === 'header') {
      headers.authorization =
        c.auth.value === 'expired' ? `Bearer ${this.credentials.expired}` : c.auth.value === 'forged' ? `Bearer ${this.credentials.forged}` : c.auth.value;
    }
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    if (c.idempotencyKey !== undefined) headers['idempotency-key'] = c.idempotencyKey;
    const url = c.path(this.pools, userId);
    const payload = payloadText(c.body);
    const res = await this.server.app.inject({ method: endpoint.method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    this.statuses[res.statusCode] = (this.statuses[res.statusCode] ?? 0) + 1;
    const mine = (this.byEndpoint[endpoint.name] ??= {});
    mine[res.statusCode] = (mine[res.statusCode] ?? 0) + 1;
    const what = () => `${endpoint.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}\n  body: ${JSON.stringify(payload)?.slice(0, 300)}`;
    if (res.statusCode >= 500) throw new Error(`server error: ${what()}`);
    if (res.statusCode === 204) {
      if (res.body !== '') throw new Error(`204 with a body: ${what()}`);
      endpoint.learn?.(undefined, this.pools, userId, url);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      throw new Error(`answer is not JSON: ${what()}`);
    }
    if (res.statusCode >= 400) {
      const shape = validate(restErrorBodySchema, body);
      if (!shape.ok) throw new Error(`error not in the shared shape: ${what()}`);
      const code = shape.value.error.code;
      if (code === 'internal' || !(REST_ERROR_CODES as readonly string[]).includes(code)) throw new Error(`error code "${code}": ${what()}`);
      return;
    }
    if (endpoint.ok) {
      const checked = validate(endpoint.ok, body);
      if (!checked.ok) throw new Error(`2xx body breaks the protocol (${JSON.stringify(checked.issues)}): ${what()}`);
    }
    for (const field of endpoint.texts ?? []) {
      const text = (body as Record<string, unknown>)[field];
      if (typeof text !== 'string' || !isSafeText(text) || text.trim() !== text || text === '') throw new Error(`stored ${field} breaks the text rules: ${what()}`);
    }
    // A replay answers with what the key's first request got; what it wrote may be gone since
    // (a portfolio created with "k1" and deleted later), so only fresh writes are learnt and checked.
    if (res.headers['idempotency-replayed'] === 'true') return;
    endpoint.learn?.(body, this.pools, userId, url);
    const id = (body as { id?: unknown }).id;
    if (endpoint.ok === portfolioSchema && typeof id === 'string' && userId) await this.checkValuation(id, headers.authorization as string);
  }

  #written = 0;

  /**
   * A stored portfolio must value to finite numbers; every eighth one written is also read for its
   * risk, which replays its history with the holdings just stored.
   */
  async checkValuation(id: string, authorization: string): Promise<void> {
    const live = await this.server.app.inject({ method: 'GET', url: `/api/portfolios/${id}/live`, headers: { authorization } });
    if (live.statusCode !== 200) throw new Error(`GET live of ${id} → ${live.statusCode} ${live.body.slice(0, 300)}`);
    const checked = validate(portfolioLiveSchema, JSON.parse(live.body));
    if (!checked.ok) throw new Error(`valuation of ${id} breaks the protocol (${JSON.stringify(checked.issues)}): ${live.body.slice(0, 300)}`);
    if (this.#written++ % 8 === 0) await this.checkRisk(id, authorization);
  }

  async checkRisk(id: string, authorization: string): Promise<void> {
    const risk = await this.server.app.inject({ method: 'GET', url: `/api/portfolios/${id}/risk`, headers: { authorization } });
    if (risk.statusCode === 404) return; // not computed yet
    const r = validate(riskMetricsSchema, JSON.parse(risk.body));
    if (risk.statusCode !== 200 || !r.ok) throw new Error(`risk of ${id} → ${risk.statusCode} ${risk.body.slice(0, 300)}`);
  }

  /** After a run: every user's list, every portfolio's valuation and risk still valid. */
  async checkStoredState(): Promise<void> {
    for (const user of this.credentials.users) {
      const authorization = `Bearer ${user.token}`;
      const list = await this.server.app.inject({ method: 'GET', url: '/api/portfolios', headers: { authorization } });
      const checked = validate(portfoliosResponseSchema, JSON.parse(list.body));
      if (list.statusCode !== 200 || !checked.ok) throw new Error(`GET /api/portfolios for ${user.id} → ${list.statusCode} ${list.body.slice(0, 300)}`);
      for (const p of checked.value.portfolios) {
        await this.checkValuation(p.id, authorization);
        await this.checkRisk(p.id, authorization);
      }
    }
  }
}

/**
 * Runs `numRuns` cases against `endpoints` (each case picks one); fast-check shrinks and reports
 * any failure.
 */
export async function fuzzEndpoints(fuzzer: RestFuzzer, endpoints: Endpoint[], numRuns: number, seed?: number): Promise<void> {
  const arb = fc.oneof(...endpoints.map((endpoint) => caseArb(endpoint).map((c) => ({ endpoint, c }))));
  await fc.assert(
    fc.asyncProperty(arb, ({ endpoint, c }) => fuzzer.run(endpoint, c)),
    { numRuns, ...(seed !== undefined ? { seed } : {}), includeErrorInReport: true },
  );
}

/**
 * Runs `rounds` rounds over `endpoints`, each round one case per endpoint in order, so every
 * endpoint gets exactly `rounds` cases and writes that depend on each other (create, then edit
 * or delete what was created) interleave as a client's would.
 */
export async function fuzzRounds(fuzzer: RestFuzzer, endpoints: Endpoint[], rounds: number, seed?: number): Promise<void> {
  const round = fc.tuple(...endpoints.map((endpoint) => caseArb(endpoint)));
  await fc.assert(
    fc.asyncProperty(round, async (cases) => {
      for (const [i, c] of cases.entries()) await fuzzer.run(endpoints[i] as Endpoint, c);
    }),
    { numRuns: rounds, ...(seed !== undefined ? { seed } : {}), includeErrorInReport: true },
  );
}

/**
 * The REST writes in groups that share state (ids one creates and the others use). A group runs on
 * one server; `push` groups run on a server of their own, whose stored https endpoints must never
 * be sent the alerts the other groups raise. `weight` is a group's relative cost per round, so a
 * pool of workers can start the heaviest first.
 */
export interface EndpointGroup {
  name: string;
  endpoints: Endpoint[];
  push: boolean;
  weight: number;
}

const named = (...names: string[]): Endpoint[] => names.map((n) => ENDPOINTS.find((e) => e.name === n) as Endpoint);

export const ENDPOINT_GROUPS: EndpointGroup[] = [
  { name: 'portfolios', endpoints: named('POST /api/portfolios', 'PATCH /api/portfolios/:id', 'DELETE /api/portfolios/:id'), push: false, weight: 3.7 },
  { name: 'alerts', endpoints: named('POST /api/dev/alerts', 'POST /api/alerts/:id/ack'), push: false, weight: 1.6 },
  { name: 'push subscriptions', endpoints: PUSH_ENDPOINTS, push: true, weight: 1.7 },
  { name: 'alert rules', endpoints: named('POST /api/alert-rules', 'DELETE /api/alert-rules/:id'), push: false, weight: 1.35 },
  { name: 'watchlist', endpoints: named('PUT /api/watchlist/:assetId', 'DELETE /api/watchlist/:assetId'), push: false, weight: 1.3 },
  { name: 'demo token', endpoints: named('POST /api/demo/token'), push: false, weight: 0.8 },
];
