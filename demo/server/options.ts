import { parseArgs } from 'node:util';
import { DEFAULT_MAX_FRAME_BYTES } from '../../src/core/protocol/index.js';
import { DEFAULT_ALERT_RULE_OPTIONS, type AlertRuleOptions } from './alerts/rule-engine.js';

export interface FeedServerOptions {
  /** 0 picks a free port. Default 8000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Market seed. Default 42. */
  seed?: number;
  /** price_update messages per second in total. Default 20. */
  rate?: number;
  /** SQLite file, or ':memory:' (the default for in-process use). */
  db?: string;
  /** WebSocket ping / application heartbeat interval. Default 15000. */
  heartbeatMs?: number;
  /** Origins served over REST; ['*'] allows any. Default: loopback pages only (localhost, 127.0.0.1, [::1], any port) and clients without an Origin. */
  corsOrigins?: string[];
  /** Origins allowed to open the WebSocket; ['*'] allows any. Default as for `corsOrigins`. */
  allowedOrigins?: string[];
  /** Largest client frame accepted, bytes. Default DEFAULT_MAX_FRAME_BYTES. */
  maxFrameBytes?: number;
  /** Messages kept per replaying stream. Default 1000. */
  replaySize?: number;
  /** Oldest message replayed (older ones are dropped), ms. Default 120000. */
  replayMs?: number;
  /** Bytes kept per replaying stream. Default 1 MiB. */
  replayBytes?: number;
  /** Simulated time runs this many times faster than the wall clock. Default 1. */
  timeScale?: number;
  /** Start the market on listen. Default true; false lets tests step it with `step()`. */
  autoStart?: boolean;
  /** Expose `POST /api/dev/alerts`. Default false. */
  devRoutes?: boolean;
  /** A client whose unsent data passes this many bytes is dropped (close 1013). Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Unsent bytes summed over every WebSocket; beyond it the largest backlogs are dropped (close 1013). Default 256 MiB. */
  maxTotalBufferedBytes?: number;
  /** TCP connections open at once, HTTP and WebSocket together, checked before either; beyond it a 503. Lowered to fit the open-file limit. Default 12000. */
  maxTcpConnections?: number;
  /** Largest REST body, bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** At most one portfolio_update per portfolio per this many ms. Default 500. */
  portfolioIntervalMs?: number;
  /** Risk is recomputed (and pushed, and checked for alerts) every this many ms. Default 1000. */
  riskIntervalMs?: number;
  /** Thresholds of the built-in alert rules. */
  alertRules?: Partial<AlertRuleOptions>;
  /** Wall clock. Default Date.now. */
  now?: () => number;
  /** Log requests and errors to stderr (fastify's logger). Default false. */
  log?: boolean;
  /** HS256 secret that signs bearer tokens (32+ characters). Default: a random one per start. */
  authSecret?: string;
  /** JWKS URL whose keys sign bearer tokens (instead of, or as well as, the secret). */
  authJwksUrl?: string;
  /** Required token issuer (`iss`), when set. */
  authIssuer?: string;
  /** Required token audience (`aud`), when set. */
  authAudience?: string;
  /** Expose `POST /api/demo/token`, which mints a token for the demo user. Default false. */
  demoAuth?: boolean;
  /** Lifetime of demo tokens, seconds. Default 900. */
  demoTokenTtlS?: number;
  /** After a WebSocket's token expires, how long it may take to send a fresh one before its user data stops, ms. Default 30000. */
  authGraceMs?: number;
  /** Portfolios one user may own. Default 100. */
  maxPortfoliosPerUser?: number;
  /** Replayed bytes one WebSocket may receive per minute; beyond it subscribes answer `recovered: false`. Default 4 MiB. */
  maxReplayBytesPerMinute?: number;
  /** Frames one WebSocket may send per second on average (bursts to twice that); past it the socket is closed with 1008. Default 200. */
  maxClientFramesPerSecond?: number;
  /** WebSockets open at once, in all. Default 10000. */
  maxConnections?: number;
  /** WebSockets open at once from one IP address. Default 200. */
  maxConnectionsPerIp?: number;
  /** Time a client has to send its request headers, ms. Default 10000. */
  headersTimeoutMs?: number;
  /** Time a client has to send a whole request, ms. Default 30000. */
  requestTimeoutMs?: number;
  /** An HTTP connection silent this long is closed (WebSockets have their heartbeat instead), ms. Default 30000. */
  idleTimeoutMs?: number;
  /** `redis://` URL: run as a node of a cluster sharing streams, positions, the market and user data through this Redis (see docs/CLUSTER.md, docs/DURABILITY.md). Default: none (one process, streams in memory, SQLite). */
  redis?: string;
}

type OptionalOptions = 'corsOrigins' | 'allowedOrigins' | 'alertRules' | 'authSecret' | 'authJwksUrl' | 'authIssuer' | 'authAudience' | 'redis';

export type ResolvedOptions = Required<Omit<FeedServerOptions, OptionalOptions>> & {
  corsOrigins: string[] | undefined;
  allowedOrigins: string[] | undefined;
  authSecret: string | undefined;
  authJwksUrl: string | undefined;
  authIssuer: string | undefined;
  authAudience: string | undefined;
  alertRules: AlertRuleOptions;
  redis: string | undefined;
};

export const DEFAULTS = {
  port: 8000,
  host: '127.0.0.1',
  seed: 42,
  rate: 20,
  db: ':memory:',
  heartbeatMs: 15_000,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  replaySize: 1000,
  replayMs: 120_000,
  replayBytes: 1024 * 1024,
  timeScale: 1,
  autoStart: true,
  devRoutes: false,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxTotalBufferedBytes: 256 * 1024 * 1024,
  maxTcpConnections: 12_000,
  bodyLimit: 1024 * 1024,
  portfolioIntervalMs: 500,
  riskIntervalMs: 1000,
  log: false,
  demoAuth: false,
  demoTokenTtlS: 900,
  authGraceMs: 30_000,
  maxPortfoliosPerUser: 100,
  maxReplayBytesPerMinute: 4 * 1024 * 1024,
  maxClientFramesPerSecond: 200,
  maxConnections: 10_000,
  maxConnectionsPerIp: 200,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
} as const;

export function resolveOptions(options: FeedServerOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    ...DEFAULTS,
    ...stripUndefined(options),
    now: options.now ?? Date.now,
    corsOrigins: options.corsOrigins,
    allowedOrigins: options.allowedOrigins,
    authSecret: options.authSecret,
    authJwksUrl: options.authJwksUrl,
    authIssuer: options.authIssuer,
    authAudience: options.authAudience,
    redis: options.redis,
    alertRules: { ...DEFAULT_ALERT_RULE_OPTIONS, ...stripUndefined(options.alertRules ?? {}) },
  };
  const problems = checkOptions(o);
  if (problems.length) throw new Error(`invalid feed server options: ${problems.join('; ')}`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkOptions(o: ResolvedOptions): string[] {
  const problems: string[] = [];
  const int = (name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(v) || v < min || v > max) problems.push(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  };
  const positive = (name: string, v: number) => {
    if (!Number.isFinite(v) || v <= 0) problems.push(`${name} must be a number above 0, got ${v}`);
  };
  int('port', o.port, 0, 65535);
  int('seed', o.seed, 0, 2 ** 32 - 1);
  positive('rate', o.rate);
  if (o.rate > 1_000_000) problems.push(`rate must be at most 1000000, got ${o.rate}`);
  int('heartbeatMs', o.heartbeatMs, 10);
  int('maxFrameBytes', o.maxFrameBytes, 256, 16 * 1024 * 1024);
  int('replaySize', o.replaySize, 0, 1_000_000);
  int('replayMs', o.replayMs, 0);
  int('replayBytes', o.replayBytes, 0);
  positive('timeScale', o.timeScale);
  int('maxBufferedBytes', o.maxBufferedBytes, 1024);
  int('maxTotalBufferedBytes', o.maxTotalBufferedBytes, 1024);
  int('maxTcpConnections', o.maxTcpConnections, 1);
  int('bodyLimit', o.bodyLimit, 1024);
  int('portfolioIntervalMs', o.portfolioIntervalMs, 10);
  positive('alertRules.priceMovePercent', o.alertRules.priceMovePercent);
  positive('alertRules.priceMoveWindowMs', o.alertRules.priceMoveWindowMs);
  positive('alertRules.drawdownPercent', o.alertRules.drawdownPercent);
  if (!(o.alertRules.cooldownMs >= 0)) problems.push('alertRules.cooldownMs must be 0 or more');
  int('demoTokenTtlS', o.demoTokenTtlS, 10, 86_400);
  int('authGraceMs', o.authGraceMs, 0, 3_600_000);
  int('maxPortfoliosPerUser', o.maxPortfoliosPerUser, 1, 100_000);
  int('maxReplayBytesPerMinute', o.maxReplayBytesPerMinute, 0);
  int('maxClientFramesPerSecond', o.maxClientFramesPerSecond, 1);
  int('maxConnections', o.maxConnections, 1);
  int('maxConnectionsPerIp', o.maxConnectionsPerIp, 1);
  int('headersTimeoutMs', o.headersTimeoutMs, 100);
  int('requestTimeoutMs', o.requestTimeoutMs, 100);
  int('idleTimeoutMs', o.idleTimeoutMs, 100);
  if (o.authSecret !== undefined && o.authSecret.length < 32) problems.push('authSecret must be at least 32 characters');
  if (o.authJwksUrl !== undefined && !/^https?:\/\//.test(o.authJwksUrl)) problems.push('authJwksUrl must be an http(s) URL');
  if (!o.host) problems.push('host must not be empty');
  if (o.redis !== undefined && !/^rediss?:\/\/[^/\s]+/.test(o.redis)) problems.push(`redis must be a redis:// or rediss:// URL, got "${o.redis}"`);
  if (!o.db) problems.push('db must not be empty');
  return problems;
}

export const USAGE = `Usage: tsx demo/server/main.ts [options]

Runs the reference feed: REST under /api and a WebSocket at /ws, on one port.

  --port N               port to listen on; 0 picks a free one (default 8000)
  --host HOST            interface to bind (default 127.0.0.1)
  --seed N               market seed, 0..4294967295 (default 42)
  --rate N               price_update messages per second, all assets together (default 20)
  --db PATH              SQLite file, or :memory: (default ./data/feed.sqlite)
  --time-scale X         simulated time runs X times faster than the clock (default 1)
  --heartbeat-ms N       WebSocket ping and heartbeat interval (default 15000)
  --cors-origin LIST     origins served over REST, comma-separated or repeated; * for any
                         (default: pages on localhost/127.0.0.1/[::1] only, and non-browser clients)
  --allowed-origin LIST  origins allowed to open the WebSocket, same form and default
  --max-frame-bytes N    largest client frame accepted (default ${DEFAULT_MAX_FRAME_BYTES})
  --replay-size N        messages kept per replaying stream (default 1000)
  --replay-ms N          oldest message replayed, ms (default 120000)
  --max-buffered-bytes N drop a client with more unsent data than this (default 8388608)
  --max-total-buffered-bytes N
                         unsent bytes over all WebSockets; the largest backlogs are dropped
                         beyond it (default 268435456)
  --max-tcp-connections N
                         open TCP connections, HTTP and WebSocket together; more get a 503
                         (default 12000, lowered to fit the open-file limit)
  --body-limit N         largest REST request body, bytes (default 1048576)
  --alert-move-pct X     price-move alert threshold, percent per hour of market time (default 2)
  --alert-drawdown-pct X portfolio drawdown alert threshold, percent (default 5)
  --dev-routes           enable POST /api/dev/alerts (for tests and demos)
  --auth-secret S        HS256 secret of bearer tokens, 32+ characters (or env FEED_AUTH_SECRET;
                         default: random per start, so only --demo-auth tokens work)
  --auth-jwks-url URL    verify bearer tokens with the keys at this JWKS URL
  --auth-issuer ISS      require this token issuer (iss)
  --auth-audience AUD    require this token audience (aud)
  --demo-auth            enable POST /api/demo/token, a token for the demo user (demo only!)
  --demo-token-ttl S     lifetime of demo tokens, seconds (default 900)
  --max-portfolios N     portfolios one user may own (default 100)
  --redis URL            run as a cluster node on this Redis (redis://[:password@]host:port[/db]):
                         streams, positions, the market and user data are shared (run Redis with
                         appendonly yes; docs/CLUSTER.md, docs/DURABILITY.md)
  --log                  log requests to stderr
  --help                 show this text`;

export type CliResult = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'run'; options: FeedServerOptions };

/** Parses the command line; never exits, so it can be tested. */
export function parseCli(argv: string[]): CliResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        rate: { type: 'string' },
        db: { type: 'string' },
        'time-scale': { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'allowed-origin': { type: 'string', multiple: true },
        'max-frame-bytes': { type: 'string' },
        'replay-size': { type: 'string' },
        'replay-ms': { type: 'string' },
        'max-buffered-bytes': { type: 'string' },
        'max-total-buffered-bytes': { type: 'string' },
        'max-tcp-connections': { type: 'string' },
        'body-limit': { type: 'string' },
        'alert-move-pct': { type: 'string' },
        'alert-drawdown-pct': { type: 'string' },
        'dev-routes': { type: 'boolean' },
        'auth-secret': { type: 'string' },
        'auth-jwks-url': { type: 'string' },
        'auth-issuer': { type: 'string' },
        'auth-audience': { type: 'string' },
        'demo-auth': { type: 'boolean' },
        'demo-token-ttl': { type: 'string' },
        'max-portfolios': { type: 'string' },
        redis: { type: 'string' },
        log: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  const problems: string[] = [];
  const num = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      problems.push(`--${flag} must be a number, got "${raw}"`);
      return undefined;
    }
    return n;
  };
  // Repeatable, and each value may itself be a comma list.
  const list = (raw: string[] | undefined) => {
    if (raw === undefined) return undefined;
    const items = raw.flatMap((r) => r.split(',')).map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) return undefined;
    return items.includes('*') ? ['*'] : items;
  };
  const options: FeedServerOptions = {
    port: num('port', v.port),
    host: v.host,
    seed: num('seed', v.seed),
    rate: num('rate', v.rate),
    db: v.db ?? './data/feed.sqlite',
    timeScale: num('time-scale', v['time-scale']),
    heartbeatMs: num('heartbeat-ms', v['heartbeat-ms']),
    corsOrigins: list(v['cors-origin']),
    allowedOrigins: list(v['allowed-origin']),
    maxFrameBytes: num('max-frame-bytes', v['max-frame-bytes']),
    replaySize: num('replay-size', v['replay-size']),
    replayMs: num('replay-ms', v['replay-ms']),
    maxBufferedBytes: num('max-buffered-bytes', v['max-buffered-bytes']),
    maxTotalBufferedBytes: num('max-total-buffered-bytes', v['max-total-buffered-bytes']),
    maxTcpConnections: num('max-tcp-connections', v['max-tcp-connections']),
    bodyLimit: num('body-limit', v['body-limit']),
    alertRules: {
      priceMovePercent: num('alert-move-pct', v['alert-move-pct']),
      drawdownPercent: num('alert-drawdown-pct', v['alert-drawdown-pct']),
    } as Partial<AlertRuleOptions>,
    devRoutes: v['dev-routes'] ?? false,
    log: v.log ?? false,
    authSecret: v['auth-secret'] ?? (process.env.FEED_AUTH_SECRET || undefined),
    authJwksUrl: v['auth-jwks-url'],
    authIssuer: v['auth-issuer'],
    authAudience: v['auth-audience'],
    demoAuth: v['demo-auth'] ?? false,
    demoTokenTtlS: num('demo-token-ttl', v['demo-token-ttl']),
    maxPortfoliosPerUser: num('max-portfolios', v['max-portfolios']),
    redis: v.redis,
  };
  if (problems.length) return { kind: 'error', message: problems.join('; ') };
  try {
    resolveOptions(options);
  } catch (err) {
    return { kind: 'error', message: (err as Error).message.replace(/^invalid feed server options: /, '') };
  }
  return { kind: 'run', options };
}
