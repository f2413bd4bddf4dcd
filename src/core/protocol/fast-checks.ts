/**
 * Hand-written checks for everything a widget's receive path meets on a normal day: the server's
 * control frames, the hot data frames (prices, portfolio values, risk metrics), subscribe params
 * and the live-prices snapshot. No zod here, so pages that only show prices never load it.
 *
 * The zod schemas stay the definition. Each check answers "certainly valid, and exactly what the
 * schema would return", or "don't know" (undefined), and then the caller loads the schema, which
 * accepts or rejects with readable issues. So a check may be strict but never lenient: a value with
 * any key the schema does not name falls back, because the schema would strip it and return a
 * different object. Property tests hold each check to its schema (test/core/hot-frames.node.test.ts).
 *
 * Why not zod on this path: at 100k frames a second, validating a price took about 2.5× as long as
 * `JSON.parse`; and zod is about a third of a one-widget page's script.
 */
import type { PriceParams } from './channels.js';
import type { Price } from './models.js';
import {
  ASSET_ID_MESSAGE,
  CHANNELS,
  ERROR_CODES,
  ID_MESSAGE,
  MAX_ASSET_IDS_PER_SUBSCRIPTION,
  type Channel,
  type ChannelParams,
} from './names.js';
import type { LivePricesResponse } from './rest.js';
import type { DataMessage, ServerMessage } from './server-messages.js';

type Json = Record<string, unknown>;

const ASSET_ID = /^[A-Z0-9]{1,12}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function isPlain(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * How many keys a parsed object has. A for-in count builds no array (`Object.keys` cost about 2.5×
 * as much, per frame); a per-key `hasOwn` cost 6× more. A JSON.parse object's keys are all its own
 * and its prototype is `Object.prototype`, which has no enumerable keys unless the page polluted it
 * (and then the zod schemas themselves throw on every frame), so for-in counts exactly the own keys.
 */
function keyCount(object: object): number {
  let count = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _ in object) count++;
  return count;
}

/** How many of the optional `keys` are present; a present key must hold a value that `valid` accepts (never `undefined`). */
function optionals(object: Json, checks: Record<string, (value: unknown) => boolean>): number | undefined {
  let present = 0;
  for (const key in checks) {
    if (!(key in object)) continue;
    if (!checks[key]!(object[key])) return undefined;
    present++;
  }
  return present;
}

// JSON.parse turns 1e999 into Infinity; the schemas refuse non-finite numbers.
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNonNegative = (v: unknown): boolean => isNumber(v) && v >= 0;
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNonNegativeInt = (v: unknown): boolean => isInt(v) && v >= 0;
const isPositiveInt = (v: unknown): boolean => isInt(v) && v > 0;
const isString = (v: unknown): v is string => typeof v === 'string';
const isAssetId = (v: unknown): boolean => isString(v) && ASSET_ID.test(v);
const isId = (v: unknown): boolean => isString(v) && ID.test(v);
const isChannel = (v: unknown): v is Channel => (CHANNELS as readonly unknown[]).includes(v);

/**
 * A string-keyed record whose values all pass `valid`. A `__proto__` key (which JSON.parse makes
 * an own key) is left to the schema, whose output object would treat it differently.
 */
function isRecord(value: unknown, valid: (item: unknown) => boolean): boolean {
  if (!isPlain(value) || Object.hasOwn(value, '__proto__')) return false;
  for (const key in value) if (!valid(value[key])) return false;
  return true;
}

const isPosition = (v: unknown): boolean =>
  isPlain(v) && isString(v.epoch) && v.epoch.length >= 1 && v.epoch.length <= 64 && isNonNegativeInt(v.seq) && keyCount(v) === 2;

const isIssue = (v: unknown): boolean => isPlain(v) && isString(v.path) && isString(v.message) && keyCount(v) === 2;
const isIssues = (v: unknown): boolean => Array.isArray(v) && v.every(isIssue);
const isParams = (v: unknown): boolean => isRecord(v, () => true);

export function isPrice(p: unknown): p is Price {
  return (
    isPlain(p) &&
    isAssetId(p.assetId) &&
    isNonNegative(p.price) &&
    isNonNegative(p.open24h) &&
    isNonNegative(p.high24h) &&
    isNonNegative(p.low24h) &&
    isNonNegative(p.volume24h) &&
    isNumber(p.change24h) &&
    isNumber(p.changePercent24h) &&
    isNonNegative(p.marketCap) &&
    isNonNegativeInt(p.ts) &&
    keyCount(p) === 10
  );
}

function isAllocation(a: unknown): boolean {
  return (
    isPlain(a) &&
    isAssetId(a.assetId) &&
    isNonNegative(a.quantity) &&
    isNonNegative(a.price) &&
    isNonNegative(a.value) &&
    isNonNegative(a.weight) &&
    isNumber(a.pnl) &&
    isNumber(a.change24hPercent) &&
    keyCount(a) === 7
  );
}

function isPortfolioLive(p: unknown): boolean {
  return (
    isPlain(p) &&
    isId(p.portfolioId) &&
    isString(p.name) &&
    isNonNegative(p.totalValue) &&
    isNonNegative(p.totalCost) &&
    isNumber(p.pnl) &&
    isNumber(p.pnlPercent) &&
    isNumber(p.change24h) &&
    isNumber(p.change24hPercent) &&
    Array.isArray(p.allocation) &&
    p.allocation.every(isAllocation) &&
    isNonNegativeInt(p.ts) &&
    keyCount(p) === 10
  );
}

const RISK_LEVELS = new Set(['low', 'medium', 'high', 'critical']);
const RISK_TRENDS = new Set(['improving', 'stable', 'deteriorating']);
const RISK_FACTORS = new Set(['volatility', 'valueAtRisk', 'drawdown', 'concentration', 'correlation']);

function isBreakdownItem(b: unknown): boolean {
  return (
    isPlain(b) &&
    RISK_FACTORS.has(b.factor as string) &&
    isNumber(b.value) &&
    isNonNegative(b.score) &&
    isNonNegative(b.weight) &&
    isNonNegative(b.contribution) &&
    keyCount(b) === 5
  );
}

function isLossEstimate(l: unknown): boolean {
  return (
    isPlain(l) &&
    isNumber(l.confidence) &&
    l.confidence > 0 &&
    l.confidence < 1 &&
    isNumber(l.horizonDays) &&
    l.horizonDays > 0 &&
    isNumber(l.historical) &&
    isNumber(l.parametric) &&
    keyCount(l) === 4
  );
}

function isRiskMetrics(r: unknown): boolean {
  return (
    isPlain(r) &&
    isId(r.portfolioId) &&
    isNumber(r.score) &&
    r.score >= 0 &&
    r.score <= 100 &&
    RISK_LEVELS.has(r.level as string) &&
    RISK_TRENDS.has(r.trend as string) &&
    Array.isArray(r.breakdown) &&
    r.breakdown.every(isBreakdownItem) &&
    isLossEstimate(r.valueAtRisk) &&
    isLossEstimate(r.expectedShortfall) &&
    isNumber(r.volatility) &&
    isNumber(r.maxDrawdown) &&
    (r.sharpeRatio === null || isNumber(r.sharpeRatio)) &&
    isNonNegative(r.concentration) &&
    isNonNegativeInt(r.ts) &&
    keyCount(r) === 12
  );
}

/** The data frames a check exists for: channel and payload check per type. Alerts go to the schema. */
const DATA_FRAMES: Record<string, [channel: string, data: (value: unknown) => boolean]> = {
  price_update: ['price_updates', isPrice],
  portfolio_update: ['portfolio_updates', isPortfolioLive],
  risk_metrics_update: ['risk_metrics_updates', isRiskMetrics],
};

/** A price, portfolio or risk frame exactly as the schema returns it, or undefined: ask the schema. */
export function checkHotFrame(json: unknown): DataMessage | undefined {
  if (!isPlain(json) || typeof json.type !== 'string' || !Object.hasOwn(DATA_FRAMES, json.type)) return undefined;
  const rule = DATA_FRAMES[json.type]!;
  if (
    json.channel !== rule[0] ||
    !isString(json.stream) ||
    !isString(json.epoch) ||
    !isNonNegativeInt(json.seq) ||
    !isNonNegativeInt(json.ts) ||
    keyCount(json) !== 7 ||
    !rule[1](json.data)
  ) {
    return undefined;
  }
  return json as unknown as DataMessage;
}

/** Each control frame's required fields (besides `type`) and optional ones. */
const CONTROL_FRAMES: Record<string, [required: Record<string, (value: unknown) => boolean>, optional?: Record<string, (value: unknown) => boolean>]> = {
  welcome: [{ sessionId: isString, heartbeatMs: isPositiveInt, serverTime: isNonNegativeInt, protocolVersion: isInt, maxFrameBytes: isPositiveInt }],
  subscribed: [{ channel: isChannel, positions: (v) => isRecord(v, isPosition) }, { params: isParams, recovered: (v) => typeof v === 'boolean' }],
  unsubscribed: [{ channel: isChannel }, { params: isParams }],
  pong: [{ id: (v) => isString(v) || isNumber(v), serverTime: isNonNegativeInt }],
  heartbeat: [{ serverTime: isNonNegativeInt }],
  error: [{ code: (v) => (ERROR_CODES as readonly unknown[]).includes(v), message: isString }, { issues: isIssues, channel: isChannel }],
  authenticated: [{ userId: isString, expiresAt: (v) => v === null || isNonNegativeInt(v) }],
  auth_expired: [{ graceMs: isNonNegativeInt }],
};

/**
 * Any server frame exactly as `serverMessageSchema` returns it, or undefined: ask the schema
 * (alerts, and anything odd or malformed).
 */
export function checkServerFrame(json: unknown): ServerMessage | undefined {
  const hot = checkHotFrame(json);
  if (hot || !isPlain(json) || typeof json.type !== 'string' || !Object.hasOwn(CONTROL_FRAMES, json.type)) return hot;
  const [required, optional] = CONTROL_FRAMES[json.type]!;
  let keys = 1;
  for (const key in required) {
    if (!required[key]!(json[key])) return undefined;
    keys++;
  }
  const extra = optional ? optionals(json, optional) : 0;
  if (extra === undefined || keyCount(json) !== keys + extra) return undefined;
  return json as unknown as ServerMessage;
}

/** `GET /api/prices/live` exactly as its schema returns it, or undefined: ask the schema. */
export function checkLivePrices(json: unknown): LivePricesResponse | undefined {
  return isPlain(json) && Array.isArray(json.prices) && json.prices.every(isPrice) && isNumber(json.ts) && keyCount(json) === 2
    ? (json as unknown as LivePricesResponse)
    : undefined;
}

/**
 * Why `params` do not fit `channel` (`field: rule`), or undefined when they do; the same verdict
 * as the channel's params schema (`channelParamsSchemas`), in words of its own.
 */
export function channelParamsProblem<C extends Channel>(channel: C, params: ChannelParams[C] | undefined): string | undefined {
  const value: unknown = params ?? {};
  if (!isPlain(value)) return '(root): must be an object';
  const known = channel === 'price_updates' ? ['assetIds'] : channel === 'alerts' ? [] : ['portfolioId'];
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length) return `(root): unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => JSON.stringify(key)).join(', ')}`;
  if (channel === 'price_updates') {
    if (!('assetIds' in value)) return undefined;
    const ids = (value as PriceParams).assetIds;
    if (!Array.isArray(ids)) return 'assetIds: must be an array';
    if (ids.length > MAX_ASSET_IDS_PER_SUBSCRIPTION) return `assetIds: must name at most ${MAX_ASSET_IDS_PER_SUBSCRIPTION} assets`;
    const bad = ids.findIndex((id) => !isAssetId(id));
    return bad < 0 ? undefined : `assetIds.${bad}: ${ASSET_ID_MESSAGE}`;
  }
  if (channel !== 'alerts' && !isId(value.portfolioId)) return `portfolioId: ${ID_MESSAGE}`;
  return undefined;
}
