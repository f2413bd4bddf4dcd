import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Alert, AlertWithSeq, RiskMetrics } from '../../src/core/protocol/index.js';
import { AlertService, type AlertInput } from './alerts/alert-service.js';
import { AlertRuleEngine } from './alerts/rule-engine.js';
import type { FeedContext } from './context.js';
import { PriceFeed } from './market/price-feed.js';
import { MarketSimulator } from './market/simulator.js';
import { resolveOptions, type FeedServerOptions, type ResolvedOptions } from './options.js';
import { PortfolioFeed } from './portfolio/portfolio-feed.js';
import { installPush } from './push/index.js';
import { alertRoutes } from './rest/alert-routes.js';
import { authRoutes } from './rest/auth-routes.js';
import { HttpError, IDEMPOTENCY_TTL_MS, type Authenticate } from './rest/http.js';
import { bearerToken, TokenError, TokenVerifier } from './auth/tokens.js';
import { originRule } from './auth/origins.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './rest/errors.js';
import { marketRoutes } from './rest/market-routes.js';
import { portfolioRoutes } from './rest/portfolio-routes.js';
import { riskRoutes } from './rest/risk-routes.js';
import { RiskFeed } from './risk/risk-feed.js';
import { watchlistRoutes } from './rest/watchlist-routes.js';
import { openDatabase, type Db } from './store/db.js';
import { followRemoteChanges } from './store/follow-remote-changes.js';
import { openUserData } from './store/open-user-data.js';
import { RedisAlertHistory } from './store/redis-alerts.js';
import { RedisUserData } from './store/redis-user-data.js';
import type { UserData } from './store/user-data.js';
import { StreamRegistry } from './streams/stream-registry.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { clusterRoutes } from './cluster/cluster-routes.js';
import { CLOSE } from './ws/client-connection.js';
import { SocketHub } from './ws/socket-hub.js';
import { installTcpGate, tcpConnectionCap, type TcpGate } from './limits/tcp-gate.js';

export type { FeedServerOptions } from './options.js';

export interface FeedServer {
  readonly port: number;
  readonly host: string;
  /** `http://HOST:PORT`, without a trailing slash. */
  readonly url: string;
  /** `ws://HOST:PORT/ws`. */
  readonly wsUrl: string;
  readonly options: ResolvedOptions;
  readonly app: FastifyInstance;
  readonly db: Db;
  /** User data: SQLite (the default) or Redis (`redis`). */
  readonly userData: UserData;
  readonly simulator: MarketSimulator;
  readonly registry: StreamRegistry;
  readonly priceFeed: PriceFeed;
  readonly portfolioFeed: PortfolioFeed;
  readonly alerts: AlertService;
  readonly ruleEngine: AlertRuleEngine;
  readonly hub: SocketHub;
  readonly risk: RiskFeed;
  /** Web Push of alerts (`/api/push`); `idle()` resolves when the pushes in flight are sent. */
  readonly push: Awaited<ReturnType<typeof installPush>>;
  /** Cluster mode (`redis` set): the node's link to Redis and its leader lease. */
  readonly cluster: ClusterNode | undefined;
  /** Connected WebSocket clients. */
  clientCount(): number;
  /** The TCP connection cap (open and refused connections). */
  readonly tcp: TcpGate;
  /** Mints a bearer token for `userId` (HS256 with the server's secret; default 1 h). */
  mintToken(userId: string, ttlSeconds?: number): Promise<string>;
  /** Manual control: `rounds` market steps, each publishing one price_update per asset, then alert and portfolio checks. */
  step(rounds?: number): void;
  /** Runs the portfolio interval once: drawdown checks and portfolio_updates for watched portfolios. */
  flushPortfolios(): void;
  /** Stores and pushes an alert at once (tests, demos). */
  raiseAlert(input?: Partial<AlertInput>): AlertWithSeq;
  /** The seam for the risk engine: pushes metrics on `risk_metrics_updates`; false for an unknown portfolio. */
  publishRisk(portfolioId: string, metrics: RiskMetrics, ts?: number): boolean;
  /** Starts the market, portfolio and heartbeat timers (done on listen unless `autoStart: false`). */
  start(): void;
  /** Stops the timers; the server keeps answering. */
  pause(): void;
  /** Closes WebSockets with 1001, stops timers, closes HTTP and the database. Safe to call twice. */
  close(): Promise<void>;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function createFeedServer(input: FeedServerOptions = {}): Promise<FeedServer> {
  const options = resolveOptions(input);
  const { now } = options;
  const startedAt = now();
  const db = openDatabase(options.db);
  let userData: UserData;
  try {
    userData = await openUserData(options, db);
    await userData.seedDemoData(startedAt);
  } catch (err) {
    db.close();
    throw err;
  }
  const { users, portfolios, rules, idempotency } = userData;

  const newEpoch = () => `${startedAt.toString(36)}-${randomBytes(4).toString('hex')}`;
  const cluster = options.redis
    ? await ClusterNode.connect({ url: options.redis, maxLen: options.replaySize, maxAgeMs: options.replayMs, maxReplayBytes: options.replayBytes, now })
    : undefined;
  const registry = new StreamRegistry({
    epoch: cluster?.epoch ?? newEpoch(),
    backend: cluster?.streams,
    replaySize: options.replaySize,
    replayMs: options.replayMs,
    replayBytes: options.replayBytes,
    now,
  });
  const simulator = new MarketSimulator({ seed: options.seed, timeScale: options.timeScale, startTime: startedAt });
  // An alert about a portfolio or a rule belongs to its owner; the rest (market moves) are public.
  // Both owners are mirrored in memory, since alerts are raised synchronously from the market loop.
  const alertOwner = (input: AlertInput): string | undefined =>
    (input.portfolioId !== undefined ? portfolioFeed.ownerOf(input.portfolioId) : undefined) ??
    (input.ruleId !== undefined ? ruleEngine.ownerOf(input.ruleId) : undefined);
  // In a cluster the alert history lives in the Redis every node shares, next to the streams.
  const sharedAlerts = cluster && userData instanceof RedisUserData ? new RedisAlertHistory(userData.redis, userData.prefix) : undefined;
  const alerts = new AlertService(db, registry, users, newEpoch, { ownerOf: alertOwner, now, shared: sharedAlerts });
  const ruleEngine = new AlertRuleEngine(
    {
      assetIds: simulator.assets.map((a) => a.id),
      priceOf: (id) => simulator.priceOf(id),
      priceAt: (id, ts) => simulator.history.closeAt(id, ts),
    },
    (alert) => alerts.raise(alert),
    options.alertRules,
  );
  ruleEngine.quietPriceMoves(simulator.marketTime);
  for (const { rule, owner } of await rules.all()) ruleEngine.addRule(rule, owner);
  const portfolioFeed = new PortfolioFeed(registry, await portfolios.all(), simulator, ruleEngine, now, () => simulator.marketTime);
  let hub: SocketHub | undefined;
  const priceFeed = new PriceFeed(simulator, registry, {
    rate: options.rate,
    now,
    around: (run) => (hub ? hub.corked(run) : run()),
    onBatch: (steps) => {
      if (steps > 0) ruleEngine.evaluatePrices(simulator.marketTime);
    },
  });
  // In a cluster the leader primes the prices when it takes over.
  if (!cluster) priceFeed.prime();
  const riskFeed = new RiskFeed({ simulator, registry, portfolios: portfolioFeed, raiseAlert: (alert) => alerts.raise(alert), now });
  portfolioFeed.onChange((id, removed) => (removed ? riskFeed.remove(id) : riskFeed.upsert(id)));
  // Other nodes' writes (Redis only) reach this node's portfolio feed and rule engine.
  const stopFollowing = followRemoteChanges(userData, portfolioFeed, ruleEngine, (err) => {
    if (!process.env.NODE_TEST_CONTEXT) console.error('feed server: could not follow a change made on another node:', err);
  });
  await idempotency.prune(startedAt - IDEMPOTENCY_TTL_MS);

  const tokens = new TokenVerifier({
    secret: options.authSecret,
    jwksUrl: options.authJwksUrl,
    issuer: options.authIssuer,
    audience: options.authAudience,
  });
  const authenticate: Authenticate = async (req) => {
    try {
      const token = bearerToken(req.headers.authorization);
      if (token === undefined) return undefined;
      const principal = await tokens.verify(token);
      await users.touch(principal.userId, now());
      return principal.userId;
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      throw new HttpError(401, err.reason === 'expired' ? 'token_expired' : 'unauthorized', err.message);
    }
  };

  const ctx: FeedContext = {
    options,
    now,
    startedAt,
    version: packageVersion(),
    db,
    simulator,
    registry,
    userData,
    portfolios,
    watchlist: userData.watchlist,
    rules,
    idempotency,
    alerts,
    ruleEngine,
    portfolioFeed,
    users,
    tokens,
    authenticate,
    clientCount: () => hub?.clients.size ?? 0,
  };
  hub = new SocketHub(ctx, {
    heartbeatMs: options.heartbeatMs,
    maxFrameBytes: options.maxFrameBytes,
    maxBufferedBytes: options.maxBufferedBytes,
    maxTotalBufferedBytes: options.maxTotalBufferedBytes,
    authGraceMs: options.authGraceMs,
    maxReplayBytesPerMinute: options.maxReplayBytesPerMinute,
    maxFramesPerSecond: options.maxClientFramesPerSecond,
  });
  const socketHub = hub;

  const app = Fastify({
    logger: options.log,
    bodyLimit: options.bodyLimit,
    forceCloseConnections: true,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // A silent or slow connection must not hold a socket (and a file descriptor) for long.
    connectionTimeout: options.idleTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: Math.min(5_000, options.idleTimeoutMs),
  });
  app.server.headersTimeout = options.headersTimeoutMs;
  const tcp = installTcpGate(app.server, tcpConnectionCap(options.maxTcpConnections));
  installErrorHandling(app);
  const corsAllows = originRule(options.corsOrigins);
  // A browser on a page outside the allowlist is refused outright, not only denied the answer.
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    // WebSocket upgrades have their own rule (--allowed-origin), checked by the handshake.
    if (req.headers.upgrade !== undefined) return;
    if (origin !== undefined && !corsAllows(origin)) {
      return reply.code(403).send({ error: { code: 'forbidden', message: `origin ${origin} is not allowed; see --cors-origin` } });
    }
  });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, corsAllows(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Accept', 'Authorization'],
    exposedHeaders: ['Idempotency-Key', 'Idempotency-Replayed'],
    maxAge: 600,
  });
  const socketAllows = originRule(options.allowedOrigins);
  await app.register(websocket, {
    options: {
      // Above the protocol limit, so an oversized frame is answered with an error rather than a
      // dropped connection; truly huge frames still close the socket (1009).
      maxPayload: Math.max(options.maxFrameBytes * 16, 1024 * 1024),
      verifyClient: (info: { origin?: string; req: { socket: { remoteAddress?: string } } }, next: (ok: boolean, code?: number, message?: string) => void) => {
        if (!socketAllows(info.origin || undefined)) return next(false, 403, 'origin not allowed');
        const ip = info.req.socket.remoteAddress ?? '?';
        if (socketHub.clients.size >= options.maxConnections) return next(false, 503, 'too many connections');
        if (socketHub.connectionsFrom(ip) >= options.maxConnectionsPerIp) return next(false, 429, 'too many connections from this address');
        return next(true);
      },
    },
  });
  app.get('/ws', { websocket: true }, (socket, req) => {
    socketHub.accept(socket, req.socket.remoteAddress ?? '?');
  });
  authRoutes(app, ctx);
  marketRoutes(app, ctx);
  portfolioRoutes(app, ctx);
  alertRoutes(app, ctx);
  watchlistRoutes(app, ctx);
  riskRoutes(app, ctx, riskFeed);
  const push = await installPush(app, ctx);
  if (cluster) clusterRoutes(app, cluster, () => socketHub.clients.size);

  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  let portfolioTimer: NodeJS.Timeout | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let riskTimer: NodeJS.Timeout | undefined;
  // The market, the portfolio checks and the risk engine: in a cluster only the leader runs them.
  const lead = () => {
    priceFeed.start();
    portfolioTimer ??= setInterval(() => {
      portfolioFeed.tick();
      registry.sweep();
    }, options.portfolioIntervalMs);
    riskTimer ??= setInterval(() => riskFeed.tick(), options.riskIntervalMs);
  };
  const standDown = () => {
    priceFeed.stop();
    clearInterval(portfolioTimer);
    clearInterval(riskTimer);
    portfolioTimer = riskTimer = undefined;
  };
  let running = false;
  const clusterStarted = cluster?.start({
    registry,
    simulator,
    startedAt,
    priceStreams: priceFeed.streams,
    duties: {
      lead: () =>
        void (async () => {
          const node = cluster as ClusterNode;
          // Continue the history where the last leader left it, from the prices it published last.
          await node.history?.takeOver().catch(() => undefined);
          if (!node.isLeader) return;
          simulator.history.holdLast(simulator.priceVector());
          riskFeed.reloadHistory();
          const origin = node.history?.origin || startedAt;
          simulator.catchUp(origin + (now() - origin) * options.timeScale);
          priceFeed.prime();
          if (running) lead();
        })(),
      standDown,
    },
    // Redis lost its data: positions from before mean nothing now, so clients reconnect and reload.
    onEpochChange: () => void socketHub.closeAll(CLOSE.serviceRestart, 'stream positions were reset; reload'),
  });
  await clusterStarted;
  // The cluster's price history replaced this node's own: the risk engine starts from it too.
  if (cluster) riskFeed.reloadHistory();
  const start = () => {
    running = true;
    socketHub.start();
    pruneTimer ??= setInterval(() => void idempotency.prune(now() - IDEMPOTENCY_TTL_MS).catch(() => undefined), 3_600_000);
    if (!cluster || cluster.isLeader) lead();
  };
  const pause = () => {
    running = false;
    standDown();
    socketHub.stop();
    clearInterval(pruneTimer);
    pruneTimer = undefined;
  };
  if (options.autoStart) start();

  let closing: Promise<void> | undefined;
  const defaultAlert: Pick<Alert, 'kind' | 'severity' | 'title' | 'message'> = {
    kind: 'price_move',
    severity: 'info',
    title: 'Test alert',
    message: 'Raised on request.',
  };

  return {
    port,
    host: options.host,
    url: `http://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}/ws`,
    options,
    app,
    db,
    userData,
    simulator,
    registry,
    priceFeed,
    portfolioFeed,
    alerts,
    ruleEngine,
    hub: socketHub,
    risk: riskFeed,
    push,
    cluster,
    clientCount: () => socketHub.clients.size,
    tcp,
    mintToken: async (userId, ttlSeconds = 3600) => {
      const { token } = await tokens.mint(userId, ttlSeconds, now());
      await users.touch(userId, now());
      return token;
    },
    step(rounds = 1) {
      for (let r = 0; r < rounds; r += 1) priceFeed.round();
      portfolioFeed.tick();
      riskFeed.tick();
    },
    flushPortfolios: () => portfolioFeed.tick(),
    raiseAlert: (alert = {}) => alerts.raise({ ...defaultAlert, ...alert }),
    publishRisk: (portfolioId, metrics, ts) => portfolioFeed.publishRisk(portfolioId, metrics, ts),
    start,
    pause,
    close() {
      closing ??= (async () => {
        pause();
        riskFeed.stop();
        await socketHub.closeAll(CLOSE.goingAway, 'server shutting down');
        await app.close();
        await stopFollowing();
        await cluster?.close();
        await userData.close();
        db.close();
      })();
      return closing;
    },
  };
}
